// glibc 2.36 expm1f (sysdeps/ieee754/flt-32/s_expm1f.c, fdlibm): float code, no FMA variant on
// x86-64, so every operation is one float32 rounding (Math.fround of the double result is exact).
import { floatWord, wordFloat } from './bits.js';

const f = Math.fround;
const LN2_HI = f(6.9313812256e-1);
const LN2_LO = f(9.058000614e-6);
const INVLN2 = f(1.4426950216);
const Q1 = f(-3.3333335072e-2);
const Q2 = f(1.5873016091e-3);
const Q3 = f(-7.936507609e-5);
const Q4 = f(4.0082177293e-6);
const Q5 = f(-2.0109921195e-7);
const O_THRESHOLD = f(8.8721679688e1);

/** glibc's expm1f(x) for a float32 value x. */
export function expm1f(x: number): number {
  let hx = floatWord(x);
  const neg = hx < 0;
  hx &= 0x7fffffff;
  if (hx >= 0x4195b844) {
    // |x| >= 27 ln2
    if (hx >= 0x42b17218) {
      if (hx > 0x7f800000) return x + x;
      if (hx === 0x7f800000) return neg ? -1 : x;
      if (x > O_THRESHOLD) return Infinity;
    }
    if (neg) return -1;
  }
  let k: number;
  let c = 0;
  if (hx > 0x3eb17218) {
    let hi: number;
    let lo: number;
    if (hx < 0x3f851592) {
      hi = neg ? f(x + LN2_HI) : f(x - LN2_HI);
      lo = neg ? -LN2_LO : LN2_LO;
      k = neg ? -1 : 1;
    } else {
      k = Math.trunc(f(f(INVLN2 * x) + (neg ? -0.5 : 0.5)));
      hi = f(x - f(k * LN2_HI));
      lo = f(k * LN2_LO);
    }
    x = f(hi - lo);
    c = f(f(hi - x) - lo);
  } else if (hx < 0x33000000) {
    return x;
  } else {
    k = 0;
  }
  const hfx = f(0.5 * x);
  const hxs = f(x * hfx);
  const r1 = f(1 + f(hxs * f(Q1 + f(hxs * f(Q2 + f(hxs * f(Q3 + f(hxs * f(Q4 + f(hxs * Q5))))))))));
  const t = f(3 - f(r1 * hfx));
  let e = f(hxs * f(f(r1 - t) / f(6 - f(x * t))));
  if (k === 0) return f(x - f(f(x * e) - hxs));
  e = f(f(x * f(e - c)) - c);
  e = f(e - hxs);
  if (k === -1) return f(f(0.5 * f(x - e)) - 0.5);
  if (k === 1) return x < -0.25 ? f(-2 * f(e - f(x + 0.5))) : f(1 + f(2 * f(x - e)));
  if (k <= -2 || k > 56) {
    const y = f(1 - f(e - x));
    return f(wordFloat(floatWord(y) + (k << 23)) - 1);
  }
  let y: number;
  if (k < 23) {
    y = f(wordFloat(0x3f800000 - (0x1000000 >> k)) - f(e - x));
  } else {
    y = f(f(x - f(e + wordFloat((0x7f - k) << 23))) + 1);
  }
  return wordFloat(floatWord(y) + (k << 23));
}
