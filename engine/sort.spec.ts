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
