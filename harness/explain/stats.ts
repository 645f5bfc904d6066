// Error of one hidden sequence against another, timestep by timestep: the greatest absolute error,
// the greatest ULP distance, and the error in tolerances (|a - e| / (atol + rtol·|e|), so 1 is the
// tolerance line; complex by modulus, ULPs the worse of re and im). NaN against NaN is no error.
import { isComplex, realPart, type DType } from '../../engine/dtype.js';
import type { Tensor } from '../../engine/tensor.js';
import type { Tolerance } from '../compare/index.js';
import { ulpDistance } from '../compare/index.js';

export interface StepError {
  t: number;
  maxAbs: number;
  maxUlp: number;
  /** maxAbs in ULPs of the step's largest |expected| value: rounding error at the step's own scale
   * (element ULPs blow up for values near zero, where a sum's cancellation leaves few digits). */
  scaledUlp: number;
  /** Greatest |a - e| / (atol + rtol·|e|): above 1 fails the tolerance. */
  inTol: number;
  /** The element of the worst inTol: batch, unit, and both values (real part for complex). */
  worst: { n: number; unit: number; actual: number; expected: number };
}

export function stepErrors(dtype: DType, actual: Tensor, expected: Tensor, tol: Tolerance): StepError[] {
  const [T = 0, N = 0, H = 0] = expected.shape;
  const cx = isComplex(dtype);
  const rd = realPart(dtype);
  const A = actual.data;
  const E = expected.data;
  const out: StepError[] = [];
  for (let t = 0; t < T; t++) {
    let mag = 0;
    const s: StepError = { t, maxAbs: 0, maxUlp: 0, scaledUlp: 0, inTol: 0, worst: { n: 0, unit: 0, actual: 0, expected: 0 } };
    for (let n = 0; n < N; n++) {
      for (let j = 0; j < H; j++) {
        const i = (t * N + n) * H + j;
        const [ar, ai, er, ei] = cx ? [A[2 * i] ?? 0, A[2 * i + 1] ?? 0, E[2 * i] ?? 0, E[2 * i + 1] ?? 0] : [A[i] ?? 0, 0, E[i] ?? 0, 0];
        const nanA = Number.isNaN(ar) || Number.isNaN(ai);
        const nanE = Number.isNaN(er) || Number.isNaN(ei);
        if (nanA && nanE) continue;
        const same = ar === er && ai === ei;
        const abs = same ? 0 : nanA || nanE ? Infinity : Math.hypot(ar - er, ai - ei);
        const ulp = Math.max(ulpDistance(rd, ar, er), cx ? ulpDistance(rd, ai, ei) : 0);
        const inTol = same ? 0 : Number.isFinite(abs) ? abs / (tol.atol + tol.rtol * Math.hypot(er, ei)) : Infinity;
        if (abs > s.maxAbs || Number.isNaN(abs)) s.maxAbs = abs;
        const m = Math.hypot(er, ei);
        if (m > mag && Number.isFinite(m)) mag = m;
        if (ulp > s.maxUlp) s.maxUlp = ulp;
        if (inTol > s.inTol || (Number.isNaN(inTol) && !Number.isNaN(s.inTol))) {
          s.inTol = Number.isNaN(inTol) ? Infinity : inTol;
          s.worst = { n, unit: j, actual: ar, expected: er };
        }
      }
    }
    // An all-zero step (dead relu units) has no scale of its own: measure in ULPs of 1.
    s.scaledUlp = s.maxAbs === 0 ? 0 : s.maxAbs / spacing(rd, mag || 1);
    out.push(s);
  }
  return out;
}

const MANTISSA = { float64: 52, float32: 23, float16: 10, bfloat16: 7 } as const;
const MIN_EXP = { float64: -1022, float32: -126, float16: -14, bfloat16: -126 } as const;

/** Distance between adjacent values of the dtype at magnitude x (subnormal spacing below the normals). */
export function spacing(d: keyof typeof MANTISSA, x: number): number {
  const e = x > 0 && Number.isFinite(x) ? Math.max(MIN_EXP[d], Math.floor(Math.log2(x))) : MIN_EXP[d];
  return 2 ** (e - MANTISSA[d]);
}

/** The greatest value of a field over steps (0 for none). */
export function maxOf(xs: readonly StepError[], f: (s: StepError) => number): number {
  return xs.reduce((m, s) => Math.max(m, f(s)), 0);
}
