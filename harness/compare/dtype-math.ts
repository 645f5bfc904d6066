// Arithmetic rounded the way torch's CPU kernels round it, per dtype, so that the comparator decides
// exactly as torch.isclose does. float16/bfloat16 ops compute in float32 and round the result to the
// dtype; a scalar (rtol, atol) enters as a float32 (torch's "opmath" type), not as a float16.
import { roundBF16, roundF16 } from '../../engine/half.js';
import { realPart, type DType } from '../../engine/dtype.js';

export type RealDType = ReturnType<typeof realPart>;

/** x rounded to float32 given that the exact value is x + err (err from an error-free transform). */
function f32Exact(x: number, err: number): number {
  const f = Math.fround(x);
  if (err === 0 || f === x) return f;
  // Only a double that sits exactly on a float32 midpoint can round the wrong way: then the
  // exact value's side of the midpoint decides.
  const other = 2 * x - f;
  if (Math.fround(other) !== other) return f;
  return err > 0 === other > f ? other : f;
}

/** Correctly rounded float32 of x + y (x, y doubles), via Knuth's TwoSum. */
export function f32Add(x: number, y: number): number {
  const s = x + y;
  const bb = s - x;
  const err = x - (s - bb) + (y - bb);
  return f32Exact(s, Number.isFinite(err) ? err : 0);
}

/** Rounds a float32-computed result to the storage dtype. */
export function toDType(d: RealDType, x: number): number {
  switch (d) {
    case 'float64':
      return x;
    case 'float32':
      return Math.fround(x);
    case 'float16':
      return roundF16(x);
    case 'bfloat16':
      return roundBF16(x);
  }
}

/** The scalar as the kernel sees it: a double for float64, else a float32. */
export function scalarIn(d: RealDType, x: number): number {
  return d === 'float64' ? x : Math.fround(x);
}

/** A Python float added to a tensor: torch's CPU add converts it to the tensor's dtype first (for
 * float16, `0.001 + tensor([2**-21])` is 0.0010013580322265625: f16(0.001) + 2**-21 ties to even),
 * while a multiplier stays float32 (`0.1 * tensor([3.], float16)` is 0.300048828125). */
export function addendIn(d: RealDType, x: number): number {
  return d === 'float64' ? x : toDType(d, Math.fround(x));
}

export function add(d: RealDType, x: number, y: number): number {
  return d === 'float64' ? x + y : toDType(d, f32Add(x, y));
}

export function sub(d: RealDType, x: number, y: number): number {
  return add(d, x, -y);
}

/** Product of a float32-or-narrower x and y: exact in double, so one rounding is correct. */
export function mul(d: RealDType, x: number, y: number): number {
  return toDType(d, x * y);
}

/** Quotient: a double quotient of float32 operands rounds innocuously to float32. */
export function div(d: RealDType, x: number, y: number): number {
  return toDType(d, x / y);
}

/** |re + i im| in the dtype: a hypot accurate to the last bit of a double, rounded once. */
export function cabs(d: RealDType, re: number, im: number): number {
  return toDType(d, hypot(re, im));
}

/** Complex a - e as torch computes it: a + (-1+0j)*e, so a non-finite part of e poisons the other part. */
export function csub(d: RealDType, ar: number, ai: number, er: number, ei: number): [number, number] {
  const re = Number.isFinite(ei) ? sub(d, ar, er) : NaN;
  const im = Number.isFinite(er) ? sub(d, ai, ei) : NaN;
  return [re, im];
}

const SPLIT = 134217729; // 2^27 + 1, Dekker's splitter

/** x*x = hi + lo exactly. */
function square(x: number): [number, number] {
  const hi = x * x;
  const t = SPLIT * x;
  const xh = t - (t - x);
  const xl = x - xh;
  return [hi, xh * xh - hi + 2 * xh * xl + xl * xl];
}

/**
 * sqrt(x^2 + y^2) with the sum kept in double-double and one Newton correction, so it is
 * (almost always) correctly rounded, as torch's hypot is; Math.hypot can be an ulp off.
 */
export function hypot(x: number, y: number): number {
  x = Math.abs(x);
  y = Math.abs(y);
  if (x === Infinity || y === Infinity) return Infinity;
  if (Number.isNaN(x) || Number.isNaN(y)) return NaN;
  if (x < y) [x, y] = [y, x];
  if (y === 0 || y < x * 2 ** -60) return x;
  // Both subnormal: 2^-floor(log2 x) would overflow to inf (then inf * 0 = NaN); scale them up first
  // (exact: a power of two), and the result back down.
  if (x < 2 ** -1022) return hypot(x * 2 ** 600, y * 2 ** 600) * 2 ** -600;
  const s = 2 ** -Math.floor(Math.log2(x)); // exact power-of-two scaling: no overflow, no underflow
  const X = x * s;
  const Y = y * s;
  const [p1, e1] = square(X);
  const [p2, e2] = square(Y);
  const h = p1 + p2;
  const l = p2 - (h - p1) + e1 + e2;
  const r = Math.sqrt(h);
  const [q, eq] = square(r);
  return (r + (h - q - eq + l) / (2 * r)) / s;
}

export { realPart };
export type { DType };
