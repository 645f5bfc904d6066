// The one tolerance table: torch.testing.assert_close's defaults per dtype
// (torch/testing/_comparison.py, _DTYPE_PRECISIONS), overridable per dtype.
import type { DType } from '../../engine/dtype.js';

export interface Tolerance {
  readonly rtol: number;
  readonly atol: number;
}

export type ToleranceOverrides = Partial<Record<DType, { rtol?: number; atol?: number }>>;

export const DEFAULT_TOLERANCES: Readonly<Record<DType, Tolerance>> = {
  float16: { rtol: 1e-3, atol: 1e-5 },
  bfloat16: { rtol: 1.6e-2, atol: 1e-5 },
  float32: { rtol: 1.3e-6, atol: 1e-5 },
  float64: { rtol: 1e-7, atol: 1e-7 },
  complex64: { rtol: 1.3e-6, atol: 1e-5 },
  complex128: { rtol: 1e-7, atol: 1e-7 },
};

/** torch's default for `dtype`, with whatever the overrides set for that dtype. */
export function resolveTolerance(dtype: DType, overrides?: ToleranceOverrides): Tolerance {
  const base = DEFAULT_TOLERANCES[dtype];
  const o = overrides?.[dtype];
  const t = { rtol: o?.rtol ?? base.rtol, atol: o?.atol ?? base.atol };
  for (const [k, v] of Object.entries(t)) {
    if (!(Number.isFinite(v) && v >= 0)) throw new Error(`tolerance ${k} for ${dtype} must be a finite number >= 0, got ${v}`);
  }
  return t;
}
