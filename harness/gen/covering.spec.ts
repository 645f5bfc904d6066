import { describe, expect, it } from 'vitest';
import { pairwiseRows } from './covering.js';

describe('pairwiseRows', () => {
  const factors = { a: [0, 1, 2, 3, 4, 5], b: [true, false], c: ['x', 'y'], d: [1, 2], e: [true, false], f: [true, false], g: [1, 2, 3] };
  const rows = pairwiseRows(factors);

  it('covers every pair of values of every two factors', () => {
    const names = Object.keys(factors) as (keyof typeof factors)[];
    for (const p of names)
      for (const q of names) {
        if (p >= q) continue;
        for (const u of factors[p]) for (const v of factors[q]) expect(rows.some((r) => r[p] === u && r[q] === v), `${p}=${String(u)} ${q}=${String(v)}`).toBe(true);
      }
  });

  it('is small (at most 1.5x the lower bound 6*3) and deterministic', () => {
    expect(rows.length).toBeLessThanOrEqual(27);
    expect(pairwiseRows(factors)).toEqual(rows);
  });
});
