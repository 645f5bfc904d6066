import { describe, expect, test } from 'vitest';
import type { Tensor } from '../../engine/tensor.js';
import { sparkline } from './sparkline.js';
import { concatFeatures, flipTime, outputLayout, toTNF } from './seq.js';
import { spacing, stepErrors } from './stats.js';

const f32 = (shape: number[], xs: number[]): Tensor => ({ dtype: 'float32', shape, data: Float32Array.from(xs) });
const tol = { rtol: 1.3e-6, atol: 1e-5 };

describe('stepErrors', () => {
  test('per timestep: abs, ULPs, ULPs at the step scale, error in tolerances, worst element', () => {
    const e = f32([2, 1, 2], [1, 0.5, -1, 2]);
    const a = f32([2, 1, 2], [Math.fround(1 + 2 ** -23), 0.5, -1, 2.5]);
    const [s0, s1] = stepErrors('float32', a, e, tol);
    expect(s0).toMatchObject({ t: 0, maxAbs: 2 ** -23, maxUlp: 1, scaledUlp: 1 });
    expect(s0?.inTol).toBeCloseTo(2 ** -23 / (1e-5 + 1.3e-6), 12);
    expect(s1?.worst).toEqual({ n: 0, unit: 1, actual: 2.5, expected: 2 });
  });
  test('NaN against NaN is no error; NaN against a number is infinitely far', () => {
    const [s] = stepErrors('float32', f32([1, 1, 2], [NaN, NaN]), f32([1, 1, 2], [NaN, 1]), tol);
    expect(s?.inTol).toBe(Infinity);
    expect(s?.worst.unit).toBe(1);
  });
  test('spacing: the ULP at a magnitude', () => {
    expect(spacing('float32', 1)).toBe(2 ** -23);
    expect(spacing('float32', 0.75)).toBe(2 ** -24);
    expect(spacing('float64', 1)).toBe(2 ** -52);
    expect(spacing('float16', 0)).toBe(2 ** -24);
  });
});

describe('sequences and the text chart', () => {
  test('batch-first input to (T, N, F), time flip, feature concat and back to the output layout', () => {
    const x = f32([2, 3, 1], [0, 1, 2, 10, 11, 12]); // (N=2, T=3, F=1)
    const tnf = toTNF(x, true);
    expect([...tnf.data]).toEqual([0, 10, 1, 11, 2, 12]);
    expect([...flipTime(tnf).data]).toEqual([2, 12, 1, 11, 0, 10]);
    const cat = concatFeatures([tnf, flipTime(tnf)]);
    expect(cat.shape).toEqual([3, 2, 2]);
    expect([...outputLayout([tnf], true, false).data]).toEqual([...x.data]);
  });
  test('sparkline: one character per step, decades of tolerance, buckets keep their worst', () => {
    const errs = [0, 1e-4, 0.5, 1, 50, 1e5].map((inTol, t) => ({ t, inTol, maxAbs: 0, maxUlp: 0, scaledUlp: 0, worst: { n: 0, unit: 0, actual: 0, expected: 0 } }));
    expect(sparkline(errs)).toBe('·▁▄▅▆█');
    expect(sparkline(errs, 3)).toBe('▁▅█');
  });
});
