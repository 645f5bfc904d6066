// glibc 2.36 expf (sysdeps/ieee754/flt-32/e_expf.c, Szabolcs Nagy's table method) as x86-64 runs
// it: the -mfma ifunc variant, where GCC contracts z + SHIFT, z - kd and the polynomial into FMAs.
// Checked bit for bit against libm.so.6 on every float32 input.
import { floatWord, wordsDouble } from './bits.js';
import { fma } from './fma.js';

const INV_LN2_N = 0x171547652b82fe * 2 ** -47; // 0x1.71547652b82fep+0 * 32
const SHIFT = 0x18 * 2 ** 48; // 0x1.8p+52
const C0 = 0x1c6af84b912394 * 2 ** -72; // 0x1.c6af84b912394p-5 / 32^3
const C1 = 0x1ebfce50fac4f3 * 2 ** -65; // 0x1.ebfce50fac4f3p-3 / 32^2
const C2 = 0x162e42ff0c52d6 * 2 ** -58; // 0x1.62e42ff0c52d6p-1 / 32
const OFLOW = 0x162e42e * 2 ** -18; // 0x1.62e42ep6f
const UFLOW = -0x19fe368 * 2 ** -18; // -0x1.9fe368p6f

// __exp2f_data.tab[j] + (j << 47): 2^(j/32) as a double.
const TAB_WORDS = [
  0x3ff00000, 0x00000000, 0x3fefd9b0, 0xd3158574, 0x3fefb558, 0x6cf9890f, 0x3fef9301, 0xd0125b51,
  0x3fef72b8, 0x3c7d517b, 0x3fef5487, 0x3168b9aa, 0x3fef387a, 0x6e756238, 0x3fef1e9d, 0xf51fdee1,
  0x3fef06fe, 0x0a31b715, 0x3feef1a7, 0x373aa9cb, 0x3feedea6, 0x4c123422, 0x3feece08, 0x6061892d,
  0x3feebfda, 0xd5362a27, 0x3feeb42b, 0x569d4f82, 0x3feeab07, 0xdd485429, 0x3feea47e, 0xb03a5585,
  0x3feea09e, 0x667f3bcd, 0x3fee9f75, 0xe8ec5f74, 0x3feea114, 0x73eb0187, 0x3feea589, 0x994cce13,
  0x3feeace5, 0x422aa0db, 0x3feeb737, 0xb0cdc5e5, 0x3feec491, 0x82a3f090, 0x3feed503, 0xb23e255d,
  0x3feee89f, 0x995ad3ad, 0x3feeff76, 0xf2fb5e47, 0x3fef199b, 0xdd85529c, 0x3fef3720, 0xdcef9069,
  0x3fef5818, 0xdcfba487, 0x3fef7c97, 0x337b9b5f, 0x3fefa4af, 0xa2a490da, 0x3fefd076, 0x5b6e4540,
];
const TAB = new Float64Array(32);
for (let j = 0; j < 32; j++) TAB[j] = wordsDouble(TAB_WORDS[2 * j] + (j << 15), TAB_WORDS[2 * j + 1]);

// 2^e for the k >> 5 range expf reaches ([-150, 128]), built by exact doubling.
const POW2_BIAS = 160;
const POW2 = new Float64Array(2 * POW2_BIAS);
POW2[POW2_BIAS] = 1;
for (let e = 1; e < POW2_BIAS; e++) {
  POW2[POW2_BIAS + e] = POW2[POW2_BIAS + e - 1] * 2;
  POW2[POW2_BIAS - e] = POW2[POW2_BIAS - e + 1] / 2;
}

/** glibc's expf(x) for a float32 value x; the result is a float32 value. */
export function expf(x: number): number {
  const w = floatWord(x);
  const abstop = (w >>> 20) & 0x7ff;
  if (abstop >= 0x42b) {
    // |x| >= 88 or x is NaN.
    if (w === (0xff800000 | 0)) return 0;
    if (abstop >= 0x7f8) return x + x;
    if (x > OFLOW) return Infinity;
    if (x < UFLOW) return 0;
  }
  const kd = fma(INV_LN2_N, x, SHIFT) - SHIFT;
  const r = fma(INV_LN2_N, x, -kd);
  const s = TAB[kd & 31] * POW2[POW2_BIAS + (kd >> 5)];
  const z = fma(C0, r, C1);
  const r2 = r * r;
  let y = fma(C2, r, 1);
  y = fma(z, r2, y);
  return Math.fround(y * s);
}
