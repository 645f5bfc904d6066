// torch's Tensor.uniform_(a, b) on CPU, bit for bit. torch draws one value per real lane, in memory
// order (complex: view_as_real, re0, im0, re1, ...):
//   float32/float16/bfloat16: x = (random() & (2^24-1)) * 2^-24, v = fma(x, f32(b) - f32(a), f32(a)) in
//     float32, then cast to the dtype; a result equal to dtype(b) becomes dtype(a).
//   float64: x = (random64() & (2^53-1)) * 2^-53, v = fma(x, b - a, a) in double; v == b becomes a.
// The fma is what torch's AVX2/AVX512 builds compile x * r + a to: one rounding, so we rebuild it exactly.
import { realPart, type DType } from './dtype.js';
import { runtimeError } from './errors.js';
import { roundBF16, roundF16 } from './half.js';
import { defaultGenerator, type Generator } from './mt19937.js';
import type { Tensor } from './tensor.js';

// ---------------------------------------------------------------------------------------------------
// Exact rounding helpers

const SPLIT = 2 ** 27 + 1; // Veltkamp splitter for doubles
const FLT_MAX = 3.4028234663852886e38;
const F32_OVERFLOW_MIDPOINT = FLT_MAX + 2 ** 103; // halfway between FLT_MAX and 2^128

const f64 = new Float64Array(1);
const w32 = new Uint32Array(f64.buffer); // little-endian: w32[0] low word, w32[1] high word

/**
 * The float32 nearest to hi + lo (ties to even), given hi = fl64(hi + lo). Rounding hi alone goes
 * wrong only when hi is exactly halfway between two floats and lo != 0: then lo decides.
 */
export function roundSumToF32(hi: number, lo: number): number {
  const f = Math.fround(hi);
  if (lo === 0 || f === hi) return f;
  if (!Number.isFinite(f)) {
    // rounded to ±inf: only at the exact overflow midpoint can lo pull it back to ±FLT_MAX
    return Math.abs(hi) === F32_OVERFLOW_MIDPOINT && Math.sign(lo) !== Math.sign(hi) ? Math.sign(hi) * FLT_MAX : f;
  }
  const d = hi - f; // exact (Sterbenz)
  const g = f + 2 * d; // exact; a float32 (the other neighbour) iff hi is a midpoint
  if (Math.fround(g) !== g) return f;
  return Math.sign(lo) === Math.sign(d) ? g : f;
}

/** fma(x, r, a) rounded once to float32, for float32 x, r, a (x * r is exact in a double). */
export function fmaF32(x: number, r: number, a: number): number {
  const p = x * r;
  const s = p + a;
  const bb = s - p; // TwoSum: e is the exact error of s
  const e = p - (s - bb) + (a - bb);
  return roundSumToF32(s, e);
}

/** v + err rounded to odd, given v = fl64(v + err): nudge an even v one ulp toward err. */
function roundToOdd(v: number, err: number): number {
  if (err === 0) return v;
  f64[0] = v;
  if ((w32[0] & 1) === 1) return v;
  if (v > 0 === err > 0) {
    w32[0] = w32[0] + 1; // grow the magnitude; an even low word cannot carry
  } else if (w32[0] === 0) {
    w32[0] = 0xffffffff;
    w32[1] = w32[1] - 1;
  } else {
    w32[0] = w32[0] - 1;
  }
  return f64[0];
}

/**
 * Correctly rounded fma(x, y, z) for doubles (Boldo & Melquiond 2008: RN(th + RO(tl + ul)) where
 * x*y = uh + ul and z + uh = th + tl exactly). Magnitudes where Dekker's product could overflow or
 * underflow go to the exact BigInt version, and so does a zero fl(x*y): it may be an underflow (fma(2^-600,
 * -2^-600, 0) is -0), and with a zero factor TwoSum loses the sign of a zero sum (fma(1, -0, -0) is -0).
 */
export function fma64(x: number, y: number, z: number): number {
  const uh = x * y;
  const au = Math.abs(uh);
  if (!(Math.abs(x) < 2 ** 995 && Math.abs(y) < 2 ** 995 && au < 2 ** 1000 && Math.abs(z) < 2 ** 1020) || au < 2 ** -960) {
    return fmaExact(x, y, z);
  }
  let t = SPLIT * x;
  const xh = t - (t - x);
  const xl = x - xh;
  t = SPLIT * y;
  const yh = t - (t - y);
  const yl = y - yh;
  const ul = xh * yh - uh + xh * yl + xl * yh + xl * yl;
  const th = z + uh;
  let bb = th - z;
  const tl = z - (th - bb) + (uh - bb);
  const v = tl + ul;
  bb = v - tl;
  const ev = tl - (v - bb) + (ul - bb);
  return th + roundToOdd(v, ev);
}

/** x = m * 2^e exactly, m an integer (x finite). */
function decompose(x: number): [bigint, number] {
  f64[0] = x;
  const hi = w32[1];
  let m = (BigInt(hi & 0xfffff) << 32n) | BigInt(w32[0]);
  const exp = (hi >>> 20) & 0x7ff;
  if (exp !== 0) m |= 1n << 52n;
  return [hi >>> 31 ? -m : m, exp === 0 ? -1074 : exp - 1075];
}

/** The double nearest to m * 2^e (ties to even). */
function bigToDouble(m: bigint, e: number): number {
  const neg = m < 0n;
  let a = neg ? -m : m;
  const shift = Math.max(a.toString(2).length - 53, -1074 - e); // 53 bits, never below 2^-1074
  if (shift > 0) {
    const q = a >> BigInt(shift);
    const rem = a - (q << BigInt(shift));
    const half = 1n << BigInt(shift - 1);
    a = rem > half || (rem === half && (q & 1n) === 1n) ? q + 1n : q;
    e += shift;
  }
  let r = Number(a); // a <= 2^53: exact; scaling by powers of two below is exact (or overflows)
  for (; e > 0; e -= Math.min(e, 1000)) r *= 2 ** Math.min(e, 1000);
  for (; e < 0; e += Math.min(-e, 1000)) r *= 2 ** -Math.min(-e, 1000);
  return neg ? -r : r;
}

/** fma via exact BigInt arithmetic: slow; the reference fma64 is tested against. */
export function fmaExact(x: number, y: number, z: number): number {
  if (!Number.isFinite(x) || !Number.isFinite(y)) return x * y + z; // an infinite or NaN factor: IEEE's product is exact
  if (!Number.isFinite(z)) return z; // x*y is finite (even where fl(x*y) overflows): fma(1e308, 10, -inf) is -inf
  const [mx, ex] = decompose(x);
  const [my, ey] = decompose(y);
  const [mz, ez] = decompose(z);
  const ep = ex + ey;
  const e = Math.min(ep, ez);
  const sum = ((mx * my) << BigInt(ep - e)) + (mz << BigInt(ez - e));
  if (sum === 0n) return x * y + z; // the sign of an exact zero follows IEEE rules
  return bigToDouble(sum, e);
}

// ---------------------------------------------------------------------------------------------------
// uniform_

/**
 * C++ ostream's default rendering of a finite double (%g, 6 significant digits), as torch's messages print
 * it. Finite only: checkBounds prints bounds that passed its range checks (a NaN or infinite bound fails them).
 */
export function cppDouble(x: number): string {
  if (Object.is(x, -0)) return '-0'; // toFixed drops the sign of -0; +0 takes the fixed branch below
  const [m, es] = x.toExponential(5).split('e');
  const exp = Number(es);
  const strip = (s: string): string => (s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s);
  if (exp < -4 || exp >= 6) return `${strip(m)}e${es[0]}${es.slice(1).padStart(2, '0')}`; // e-05, e+308
  return strip(x.toFixed(Math.max(0, 5 - exp)));
}

const LIMITS = { float32: [FLT_MAX, 'float', 'Float'], float64: [Number.MAX_VALUE, 'double', 'Double'], float16: [65504, 'c10::Half', 'Half'], bfloat16: [3.3895313892515355e38, 'c10::BFloat16', 'BFloat16'] } as const;

/** torch's argument checks of uniform_, same order and words. */
function checkBounds(dtype: DType, a: number, b: number): void {
  const [max, typeMeta, scalarName] = LIMITS[realPart(dtype)];
  if (!(a >= -max && a <= max)) throw runtimeError(`from is out of bounds for ${typeMeta}`);
  if (!(b >= -max && b <= max)) throw runtimeError(`to is out of bounds for ${typeMeta}`);
  if (!(a <= b)) throw runtimeError(`uniform_ expects to return a [from, to) range, but found from=${cppDouble(a)} > to=${cppDouble(b)}`);
  if (!(b - a <= max)) {
    throw runtimeError(`uniform_ expects to-from <= std::numeric_limits<${scalarName}>::max(), but found to=${cppDouble(b)} and from=${cppDouble(a)} which result in to-from to exceed the limit`);
  }
}

/** Fills t in place with torch's uniform_(a, b) draws from gen (default: the default generator). */
export function uniform_(t: Tensor, a: number, b: number, gen: Generator = defaultGenerator): Tensor {
  checkBounds(t.dtype, a, b);
  const base = realPart(t.dtype);
  if (t.data instanceof Float64Array) {
    fill64(t.data, a, b, gen);
  } else if (base === 'float32') {
    fill32(t.data, a, b, gen);
  } else {
    fillHalf(t.data, a, b, gen, base === 'float16' ? roundF16 : roundBF16);
  }
  return t;
}

// One loop per storage type keeps each loop monomorphic (several times faster in V8).
function fill64(data: Float64Array, a: number, b: number, gen: Generator): void {
  const r = b - a;
  for (let i = 0; i < data.length; i++) {
    const v = fma64(gen.nextUnit53(), r, a);
    data[i] = v === b ? a : v;
  }
}

function fill32(data: Float32Array, a: number, b: number, gen: Generator): void {
  const fa = Math.fround(a);
  const fb = Math.fround(b);
  const r = Math.fround(fb - fa); // float32 subtraction (double rounding is innocuous here: 53 >= 2*24 + 2)
  for (let i = 0; i < data.length; i++) {
    const v = fmaF32(gen.nextUnit24(), r, fa);
    data[i] = v === fb ? fa : v;
  }
}

/** float16 / bfloat16: computed in float32, cast to the dtype; the clamp compares in the dtype. */
function fillHalf(data: Float32Array, a: number, b: number, gen: Generator, round: (x: number) => number): void {
  const fa = Math.fround(a);
  const r = Math.fround(Math.fround(b) - fa);
  const ha = round(a);
  const hb = round(b);
  for (let i = 0; i < data.length; i++) {
    const v = round(fmaF32(gen.nextUnit24(), r, fa));
    data[i] = v === hb ? ha : v;
  }
}
