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

  it('median of three: each of its orders of first+1, middle and last, ties in the order torch.sort gives them', () => {
    // two 24-value arrays of 0..4 between them pick every branch of moveMedianToFirst, and leave a range of
    // exactly 16 to the final insertion sort (not to one more partition)
    const a = [4, 0, 2, 3, 1, 0, 3, 3, 3, 0, 1, 3, 3, 3, 1, 3, 4, 2, 1, 3, 1, 0, 4, 0];
    const b = [2, 2, 3, 3, 2, 3, 2, 1, 1, 1, 3, 1, 1, 3, 0, 3, 2, 1, 2, 2, 2, 1, 2, 0];
    // torch.sort(torch.tensor(a), descending=True).indices, torch 2.13.0+cpu (and for b)
    expect(sortDescending(big(a)).indices).toEqual([0, 22, 16, 3, 19, 6, 7, 8, 11, 12, 13, 15, 2, 17, 20, 18, 14, 10, 4, 21, 23, 9, 5, 1]);
    expect(sortDescending(big(b)).indices).toEqual([2, 3, 15, 5, 13, 10, 1, 16, 18, 0, 19, 20, 22, 6, 4, 21, 12, 17, 11, 9, 8, 7, 14, 23]);
  });

  it('heapsort of a range that does not start at 0: the last sift stops at the range, ties as torch.sort gives them', () => {
    // an adversary (McIlroy's, values merged so they tie) whose depth limit runs out on [22, 41): a sift must stop
    // at the range's first element, never compare with the value before it
    const l = [1, 24, 1, 23, 3, 21, 5, 20, 1, 18, 4, 16, 0, 14, 6, 13, 2, 12, 8, 11, 24, 23, 22, 20, 19, 17, 15, 13, 12, 11, 7, 8, 8, 9, 8, 10,
      9, 11, 10, 11, 11];
    // torch.sort(torch.tensor(l), descending=True).indices, torch 2.13.0+cpu
    expect(sortDescending(big(l)).indices).toEqual([1, 20, 3, 21, 22, 5, 7, 23, 24, 9, 25, 11, 26, 13, 15, 27, 17, 28, 29, 40, 39, 37, 19, 38,
      35, 33, 36, 18, 31, 32, 34, 30, 14, 6, 10, 4, 16, 2, 0, 8, 12]);
  });

  it('returns a permutation that orders the values descending (seed printed on failure)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -3, max: 40 }), { maxLength: 300 }), (xs) => {
        const { values, indices } = sortDescending(big(xs));
        expect([...indices].sort((a, b) => a - b)).toEqual(xs.map((_, i) => i));
        expect([Object.keys(values).length, Object.keys(indices).length]).toEqual([xs.length, xs.length]); // plain arrays, no stray keys
        indices.forEach((j, k) => expect(values[k]).toBe(BigInt(xs[j])));
        for (let k = 1; k < values.length; k++) expect(values[k - 1] >= values[k]).toBe(true);
      }),
      { seed: Number(process.env.FC_SEED ?? 15), numRuns: 300 },
    );
  });
});
