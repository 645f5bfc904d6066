// Bit views of float32 and float64 values (glibc reads and writes words; so do the ports).
const f32 = new Float32Array(1);
const i32 = new Int32Array(f32.buffer);
const f64 = new Float64Array(1);
const u64 = new Uint32Array(f64.buffer); // little-endian: [lo, hi]

/** The int32 bit pattern of a float32 value (GET_FLOAT_WORD). */
export function floatWord(x: number): number {
  f32[0] = x;
  return i32[0];
}

/** The float32 whose bit pattern is the int32 w (SET_FLOAT_WORD). */
export function wordFloat(w: number): number {
  i32[0] = w;
  return f32[0];
}

/** The float64 with high word hi and low word lo. */
export function wordsDouble(hi: number, lo: number): number {
  u64[0] = lo;
  u64[1] = hi;
  return f64[0];
}

/** v one unit in the last place further from zero (away) or nearer zero (toward); v finite, nonzero. */
export function nudge(v: number, away: boolean): number {
  f64[0] = v;
  let lo = u64[0];
  let hi = u64[1];
  if (away) {
    lo = (lo + 1) >>> 0;
    if (lo === 0) hi = (hi + 1) >>> 0;
  } else {
    if (lo === 0) hi = (hi - 1) >>> 0;
    lo = (lo - 1) >>> 0;
  }
  u64[0] = lo;
  u64[1] = hi;
  return f64[0];
}

/** Whether the last bit of v's significand is odd. */
export function lastBitOdd(v: number): boolean {
  f64[0] = v;
  return (u64[0] & 1) === 1;
}
