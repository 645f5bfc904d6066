// sortDescending against torch.sort(descending=True) answers recorded from torch 2.13 (CPU), and
// the properties every sort has. test/packed-vs-torch.test.ts checks random arrays live.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sortDescending } from './sort.js';

const big = (xs: number[]): bigint[] => xs.map(BigInt);

describe('sortDescending', () => {
  it('up to 16 values: an insertion sort, so ties keep their order', () => {
    expect(sortDescending(big([2, 3, 2, 3, 1])).indices).toEqual([1, 3, 0, 2, 4]);
  });

  it('more than 16: introsort, ties in the order torch.sort gives them (not stable)', () => {
    const l = [3, 1, 2, 2, 3, 1, 1, 2, 3, 3, 2, 1, 1, 2, 2, 3, 1, 2, 3, 1, 2, 2, 1, 3, 1];
    // torch.sort(torch.tensor(l), descending=True).indices, torch 2.13.0+cpu
    expect(sortDescending(big(l)).indices).toEqual([9, 18, 15, 0, 8, 23, 4, 7, 10, 21, 3, 13, 14, 2, 20, 17, 22, 12, 24, 19, 16, 11, 6, 5, 1]);
  });

  it('a quicksort-killer input spends the depth limit: heapsort, ties in the order torch.sort gives them', () => {
    // McIlroy's adversary against this introsort (64 items, values halved so they tie): the depth limit
    // 2·floor(log2 64) = 12 runs out, so the heapsort branch orders part of it
    const l = [9, 32, 6, 31, 2, 30, 7, 29, 4, 28, 8, 27, 1, 26, 9, 25, 5, 24, 10, 23, 3, 22, 20, 21, 1, 2, 3, 4, 5, 6, 7, 8,
      32, 31, 30, 29, 28, 27, 26, 25, 24, 23, 22, 21, 10, 12, 11, 13, 12, 14, 13, 15, 14, 16, 15, 17, 16, 18, 17, 19, 18, 20, 19, 11];
    // torch.sort(torch.tensor(l), descending=True).indices, torch 2.13.0+cpu
    expect(sortDescending(big(l)).indices).toEqual([
      1, 32, 3, 33, 5, 34, 7, 35, 9, 36, 11, 37, 13, 38, 15, 39, 17, 40, 19, 41, 21, 42, 23, 43, 22, 61, 59, 62, 57, 60, 58, 55,
      56, 53, 51, 54, 49, 52, 47, 50, 45, 48, 63, 46, 18, 44, 14, 0, 31, 10, 6, 30, 2, 29, 16, 28, 27, 8, 20, 26, 25, 4, 24, 12,
    ]);
  });

  it('returns a permutation that orders the values descending (seed printed on failure)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -3, max: 40 }), { maxLength: 300 }), (xs) => {
        const { values, indices } = sortDescending(big(xs));
        expect([...indices].sort((a, b) => a - b)).toEqual(xs.map((_, i) => i));
        indices.forEach((j, k) => expect(values[k]).toBe(BigInt(xs[j])));
        for (let k = 1; k < values.length; k++) expect(values[k - 1] >= values[k]).toBe(true);
      }),
      { seed: Number(process.env.FC_SEED ?? 15), numRuns: 300 },
    );
  });
});
