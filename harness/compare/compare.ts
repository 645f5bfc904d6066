// The one comparator: torch.testing.assert_close(actual, expected, equal_nan=True) decided element
// by element exactly as torch.isclose does (same rounding, same order of checks), with torch's
// message, plus what torch lacks: the ULP distance, the tensor's name and where the worst element is.
import { isComplex, type DType } from '../../engine/dtype.js';
import type { Tensor } from '../../engine/tensor.js';
import { add, addendIn, cabs, csub, div, mul, realPart, scalarIn, sub, type RealDType } from './dtype-math.js';
import { pyComplex, pyFloat, pyIndex, pyPercent1, torchSize } from './pyformat.js';
import { resolveTolerance } from './tolerances.js';
import { ulpDistance } from './ulp.js';

export interface CompareOptions {
  rtol?: number;
  atol?: number;
  /** Which tensor this is (output, h_n): named in the message. */
  name?: string;
  /** Maps an index of the tensor to a human location (layer, direction, timestep...). */
  describeIndex?: (index: number[]) => string;
}

export interface Located {
  value: number;
  index: number[];
}

export interface TensorVerdict {
  ok: boolean;
  /** 'shape' and 'dtype' are decided before any value is looked at, as torch does. */
  reason: 'ok' | 'shape' | 'dtype' | 'values';
  mismatched: number;
  total: number;
  /** Over mismatched elements only, as torch reports them (0 at index [] when none). */
  maxAbs: Located;
  maxRel: Located;
  /** Over all elements: the greatest distance in ULPs of the dtype (complex: max of re, im). */
  maxUlp: Located;
  rtol: number;
  atol: number;
  /** '' when ok; torch's message first, our additions after it. */
  message: string;
}

/** A flat (row-major) index as the index tuple of `shape`. */
export function unravel(flat: number, shape: readonly number[]): number[] {
  const idx = new Array<number>(shape.length).fill(0);
  for (let k = shape.length - 1; k >= 0; k--) {
    const s = shape[k] ?? 1;
    idx[k] = flat % s;
    flat = Math.floor(flat / s);
  }
  return idx;
}

/** torch.isclose(a, e, rtol, atol, equal_nan=True) for one real element, in the dtype's arithmetic. */
function closeReal(d: RealDType, a: number, e: number, rtol: number, atol: number): boolean {
  if (a === e || (Number.isNaN(a) && Number.isNaN(e))) return true;
  if (rtol === 0 && atol === 0) return false;
  const allowed = add(d, addendIn(d, atol), Math.abs(mul(d, scalarIn(d, rtol), e)));
  const actual = Math.abs(sub(d, a, e));
  return Number.isFinite(actual) && actual <= allowed;
}

/** The same for complex: equal in both parts, NaN anywhere in both, or |a-e| <= atol + |rtol*e|. */
function closeComplex(d: RealDType, ar: number, ai: number, er: number, ei: number, rtol: number, atol: number): boolean {
  if (ar === er && ai === ei) return true;
  if ((Number.isNaN(ar) || Number.isNaN(ai)) && (Number.isNaN(er) || Number.isNaN(ei))) return true;
  if (rtol === 0 && atol === 0) return false;
  const r = scalarIn(d, rtol);
  const allowed = add(d, addendIn(d, atol), cabs(d, mul(d, r, er), mul(d, r, ei)));
  const actual = cabs(d, ...csub(d, ar, ai, er, ei));
  return Number.isFinite(actual) && actual <= allowed;
}

/** Element i of two tensors of one dtype, as torch.isclose(equal_nan=True) decides it (the rule above). */
export function elementClose(dtype: DType, A: ArrayLike<number>, E: ArrayLike<number>, i: number, rtol: number, atol: number): boolean {
  const d = realPart(dtype);
  if (!isComplex(dtype)) return closeReal(d, A[i] ?? 0, E[i] ?? 0, rtol, atol);
  return closeComplex(d, A[2 * i] ?? 0, A[2 * i + 1] ?? 0, E[2 * i] ?? 0, E[2 * i + 1] ?? 0, rtol, atol);
}

/** torch.max(x, 0): NaN wins, ties go to the first index. */
function argmax(xs: Float64Array): number {
  let best = 0;
  for (let i = 1; i < xs.length; i++) {
    const b = xs[best] ?? 0;
    const x = xs[i] ?? 0;
    if (Number.isNaN(b)) break;
    if (Number.isNaN(x) || x > b) best = i;
  }
  return best;
}

function fail(reason: 'shape' | 'dtype', message: string, rtol: number, atol: number, total: number): TensorVerdict {
  const none = { value: 0, index: [] };
  return { ok: false, reason, mismatched: total, total, maxAbs: none, maxRel: none, maxUlp: none, rtol, atol, message };
}

export function compareTensors(actual: Tensor, expected: Tensor, opts: CompareOptions = {}): TensorVerdict {
  const dtype: DType = expected.dtype;
  const tol = resolveTolerance(dtype, { [dtype]: { rtol: opts.rtol, atol: opts.atol } });
  const { rtol, atol } = tol;
  const shape = expected.shape;
  const total = expected.data.length / (isComplex(dtype) ? 2 : 1);
  const sameShape = actual.shape.length === shape.length && actual.shape.every((s, i) => s === shape[i]);
  if (!sameShape) {
    return fail('shape', `The values for attribute 'shape' do not match: ${torchSize(actual.shape)} != ${torchSize(shape)}.`, rtol, atol, total);
  }
  if (actual.dtype !== dtype) {
    return fail('dtype', `The values for attribute 'dtype' do not match: torch.${actual.dtype} != torch.${dtype}.`, rtol, atol, total);
  }

  const d = realPart(dtype);
  const cx = isComplex(dtype);
  const A = actual.data;
  const E = expected.data;
  // absDiff and relDiff hold the mismatches only (0 elsewhere): allocated at the first one. The
  // greatest ULP distance is argmax's running equivalent (NaN never occurs: ulpDistance gives ∞).
  let absDiff: Float64Array | null = null;
  let relDiff: Float64Array | null = null;
  let iu = 0;
  let maxU = 0;
  let mismatched = 0;
  for (let i = 0; i < total; i++) {
    let close: boolean;
    let diff: number;
    let mag: number;
    let u: number;
    if (cx) {
      const [ar, ai, er, ei] = [A[2 * i] ?? 0, A[2 * i + 1] ?? 0, E[2 * i] ?? 0, E[2 * i + 1] ?? 0];
      close = closeComplex(d, ar, ai, er, ei, rtol, atol);
      diff = close ? 0 : cabs(d, ...csub(d, ar, ai, er, ei));
      mag = close ? 0 : cabs(d, er, ei);
      u = Math.max(ulpDistance(d, ar, er), ulpDistance(d, ai, ei));
    } else {
      const [a, e] = [A[i] ?? 0, E[i] ?? 0];
      close = closeReal(d, a, e, rtol, atol);
      diff = close ? 0 : Math.abs(sub(d, a, e));
      mag = Math.abs(e);
      u = ulpDistance(d, a, e);
    }
    if (i === 0 || u > maxU) {
      iu = i;
      maxU = u;
    }
    // torch zeroes the matches before taking the maxima, so only mismatches are reported.
    if (!close) {
      mismatched++;
      (absDiff ??= new Float64Array(total))[i] = diff;
      (relDiff ??= new Float64Array(total))[i] = div(d, diff, mag);
    }
  }
  const maxUlp = { value: total ? maxU : 0, index: total ? unravel(iu, shape) : [] };
  if (!absDiff || !relDiff) {
    // no mismatch
    const zero = { value: 0, index: [] };
    return { ok: true, reason: 'ok', mismatched, total, maxAbs: zero, maxRel: zero, maxUlp, rtol, atol, message: '' };
  }
  const ia = argmax(absDiff);
  const ir = argmax(relDiff);
  const maxAbs = { value: absDiff[ia] ?? 0, index: unravel(ia, shape) };
  const maxRel = { value: relDiff[ir] ?? 0, index: unravel(ir, shape) };

  const head = shape.length === 0 ? scalarMessage(cx, A, E, rtol, atol) : tensorMessage(mismatched, total, maxAbs, maxRel, rtol, atol);
  const where = opts.name ? `${opts.name}${pyIndex(maxAbs.index)}` : `index ${pyIndex(maxAbs.index)}`;
  const loc = opts.describeIndex ? `: ${opts.describeIndex(maxAbs.index)}` : '';
  const ulpLine = `Greatest ULP distance: ${pyFloat(maxUlp.value, false)} at index ${pyIndex(maxUlp.index)} (in ${d} ulps)`;
  const message = `${head}\n${ulpLine}\nWorst element: ${where}${loc}`;
  return { ok: false, reason: 'values', mismatched, total, maxAbs, maxRel, maxUlp, rtol, atol, message };
}

/** With rtol = atol = 0 torch says 'equal' and leaves out the allowances. */
function upTo(tol: number, equality: boolean): string {
  return equality ? '' : ` (up to ${pyFloat(tol)} allowed)`;
}

function tensorMessage(mismatched: number, total: number, maxAbs: Located, maxRel: Located, rtol: number, atol: number): string {
  const eq = rtol === 0 && atol === 0;
  return [
    `Tensor-likes are not ${eq ? 'equal' : 'close'}!`,
    '',
    `Mismatched elements: ${mismatched} / ${total} (${pyPercent1(mismatched / total)})`,
    `Greatest absolute difference: ${pyFloat(maxAbs.value)} at index ${pyIndex(maxAbs.index)}${upTo(atol, eq)}`,
    `Greatest relative difference: ${pyFloat(maxRel.value)} at index ${pyIndex(maxRel.index)}${upTo(rtol, eq)}`,
  ].join('\n');
}

/** A 0-dim pair: torch switches to its scalar message, computed in Python doubles. */
function scalarMessage(cx: boolean, A: ArrayLike<number>, E: ArrayLike<number>, rtol: number, atol: number): string {
  const [ar, ai, er, ei] = [A[0] ?? 0, cx ? (A[1] ?? 0) : 0, E[0] ?? 0, cx ? (E[1] ?? 0) : 0];
  const absDiff = cx ? Math.hypot(ar - er, ai - ei) : Math.abs(ar - er);
  const mag = cx ? Math.hypot(er, ei) : Math.abs(er);
  const relDiff = (cx ? er === 0 && ei === 0 : er === 0) ? Infinity : absDiff / mag;
  const show = (re: number, im: number): string => (cx ? pyComplex(re, im) : pyFloat(re));
  const eq = rtol === 0 && atol === 0;
  return [
    `Scalars are not ${eq ? 'equal' : 'close'}!`,
    '',
    `Expected ${show(er, ei)} but got ${show(ar, ai)}.`,
    `Absolute difference: ${pyFloat(absDiff)}${upTo(atol, eq)}`,
    `Relative difference: ${pyFloat(relDiff)}${upTo(rtol, eq)}`,
  ].join('\n');
}
