// Unit checks of what torch does not print (its own lines are checked against torch in
// test/comparator-vs-torch.test.ts).
import { describe, expect, it } from 'vitest';
import type { Tensor } from '../../engine/tensor.js';
import { compareTensors } from './compare.js';
import { hypot } from './dtype-math.js';
import { pyFloat, pyPercent1 } from './pyformat.js';
import { resolveTolerance } from './tolerances.js';
import { ulpDistance } from './ulp.js';

const f32 = (values: number[], shape = [values.length]): Tensor => ({ dtype: 'float32', shape, data: Float32Array.from(values) });

describe('compareTensors additions', () => {
  it('reports the ULP distance, the name and the location of the worst element', () => {
    const v = compareTensors(f32([1, 2, 3]), f32([1, 2.5, 3]), { name: 'h_n', describeIndex: (i) => `unit ${i[0]}` });
    expect(v).toMatchObject({ ok: false, mismatched: 1, total: 3, maxAbs: { value: 0.5, index: [1] }, maxUlp: { value: 2 ** 21, index: [1] } });
    expect(v.message.split('\n').slice(-2)).toEqual(['Greatest ULP distance: 2097152 at index (1,) (in float32 ulps)', 'Worst element: h_n(1,): unit 1']);
  });

  it('counts ULPs across zero and in every real dtype', () => {
    expect(ulpDistance('float32', -0, 0)).toBe(0);
    expect(ulpDistance('float32', -(2 ** -149), 2 ** -149)).toBe(2);
    expect(ulpDistance('float16', 1, 1 + 2 ** -10)).toBe(1);
    expect(ulpDistance('bfloat16', 1, 1 + 2 ** -7)).toBe(1);
    expect(ulpDistance('float64', 1, 1 + 2 ** -52)).toBe(1);
    expect(ulpDistance('float32', NaN, NaN)).toBe(0);
    expect(ulpDistance('float32', NaN, 1)).toBe(Infinity);
  });

  it('complex128 differences among the subnormals: a modulus, not NaN (torch: |a - e| = 4.6e-317, close)', () => {
    expect(hypot(3 * 2 ** -1070, 4 * 2 ** -1070)).toBe(5 * 2 ** -1070);
    expect(hypot(2 ** -1074, 0)).toBe(2 ** -1074);
    expect(hypot(2 ** -1074, 2 ** -1074)).toBe(2 ** -1074); // sqrt(2) of the least subnormal rounds to it (Python's math.hypot too)
    // a complex128 weight gradient of a ctanh-large gradient case (check --seed 202 --case 121): 1 ulp apart in each part
    const c128 = (re: number, im: number): Tensor => ({ dtype: 'complex128', shape: [1, 1], data: Float64Array.from([re, im]) });
    const v = compareTensors(c128(2.4261985569507507e-301, -9.50960601951988e-302), c128(2.4261985569507503e-301, -9.509606019519879e-302), { name: 'grad.weight_ih_l0' });
    expect(v.ok, v.message).toBe(true);
  });

  it('takes per-dtype overrides and keeps the other dtypes at torch defaults', () => {
    expect(resolveTolerance('float32', { float32: { atol: 0 } })).toEqual({ rtol: 1.3e-6, atol: 0 });
    expect(resolveTolerance('bfloat16', { float32: { atol: 0 } })).toEqual({ rtol: 1.6e-2, atol: 1e-5 });
    expect(() => resolveTolerance('float32', { float32: { rtol: -1 } })).toThrow(/rtol for float32/);
  });

  it('prints numbers as Python does', () => {
    expect([1e-5, 2, 1e16, 1.5e16, 0.0001, -0, Infinity, NaN, 123456789012345680].map((x) => pyFloat(x))).toEqual(['1e-05', '2.0', '1e+16', '1.5e+16', '0.0001', '-0.0', 'inf', 'nan', '1.2345678901234568e+17']);
    expect([2 / 3, 1 / 8, 3 / 8, 1].map(pyPercent1)).toEqual(['66.7%', '12.5%', '37.5%', '100.0%']);
  });
});
