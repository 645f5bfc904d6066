// Distance in units in the last place: how many representable values of the dtype lie between two
// numbers. NaN against NaN is 0, NaN against a number is Infinity; -0 and +0 are the same point.
// The comparator computes it for every element of every case: plain numbers, no BigInt (the 16- and
// 32-bit ordinals and their differences are exact in a double; float64's are split in two halves).
import { bf16Bits, f16Bits } from '../../engine/half.js';
import type { RealDType } from './dtype-math.js';

const f32 = new Float32Array(1);
const i32 = new Int32Array(f32.buffer);
const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer); // little-endian: [low word, high word]

/** Position of a float32 (16-bit kinds: their bits) on the dtype's number line, as an integer. */
function ordinal32(d: RealDType, x: number): number {
  if (d === 'float32') {
    f32[0] = x;
    const b = i32[0] as number;
    return b < 0 ? -(b & 0x7fffffff) : b;
  }
  const h = d === 'float16' ? f16Bits(x) : bf16Bits(x);
  return h & 0x8000 ? -(h & 0x7fff) : h;
}

/** float64's ordinal as (high, low): the magnitude's bits, negated for a negative sign, in base 2^32. */
function ordinal64(x: number): [number, number] {
  f64[0] = x;
  const lo = u32[0] as number;
  const hi = u32[1] as number;
  const mag = hi & 0x7fffffff;
  if (hi >>> 31 === 0) return [mag, lo];
  // −(mag·2^32 + lo) as (−mag − borrow)·2^32 + (2^32 − lo)
  return lo === 0 ? [-mag, 0] : [-mag - 1, 2 ** 32 - lo];
}

export function ulpDistance(d: RealDType, a: number, b: number): number {
  const na = Number.isNaN(a);
  const nb = Number.isNaN(b);
  if (na || nb) return na && nb ? 0 : Infinity;
  if (d !== 'float64') return Math.abs(ordinal32(d, a) - ordinal32(d, b));
  if (a === b) return 0;
  const [ha, la] = ordinal64(a);
  const [hb, lb] = ordinal64(b);
  // |(ha − hb)·2^32 + (la − lb)|: each part exact; the sum rounds once, as Number(BigInt) did
  const hd = ha - hb;
  const ld = la - lb;
  return Math.abs(hd * 2 ** 32 + ld);
}
