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
