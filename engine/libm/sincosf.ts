// glibc 2.36 sincosf (sysdeps/ieee754/flt-32/s_sincosf.c, s_sincosf.h, sincosf_poly.h) as x86-64
// runs it: the -mfma ifunc variant, where GCC contracts every a*b + c into one FMA. Computes in
// double, rounds each result to float once. Checked bit for bit against libm.so.6.
import { floatWord } from './bits.js';
import { fma } from './fma.js';

interface SinCosTable { c0: number; c1: number; c2: number; c3: number; c4: number; s1: number; s2: number; s3: number }

const C1 = 0x1ffffffd0c621c * 2 ** -54; // 0x1.ffffffd0c621cp-2
const C2 = 0x155553e1068f19 * 2 ** -57; // 0x1.55553e1068f19p-5
const C3 = 0x16c087e89a359d * 2 ** -62; // 0x1.6c087e89a359dp-10
const C4 = 0x199343027bf8c3 * 2 ** -68; // 0x1.99343027bf8c3p-16
const S1 = -0x1555545995a603 * 2 ** -55; // -0x1.555545995a603p-3
const S2 = 0x11107605230bc4 * 2 ** -59; // 0x1.1107605230bc4p-7
const S3 = -0x1994eb3774cf24 * 2 ** -65; // -0x1.994eb3774cf24p-13
// The second table negates the cosine polynomial (quadrants 2 and 3).
const TABLE: readonly SinCosTable[] = [
  { c0: 1, c1: -C1, c2: C2, c3: -C3, c4: C4, s1: S1, s2: S2, s3: S3 },
  { c0: -1, c1: C1, c2: -C2, c3: C3, c4: -C4, s1: S1, s2: S2, s3: S3 },
];
const SIGN = [1, -1, -1, 1];
const HPI_INV = 0x145f306dc9c883 * 2 ** -29; // 0x1.45F306DC9C883p+23 (2/pi * 2^24)
const HPI = 0x1921fb54442d18 * 2 ** -52; // 0x1.921FB54442D18p0
const PI63 = 0x1921fb54442d18 * 2 ** -114; // 0x1.921FB54442D18p-62
const INV_PIO4 = [
  0xa2, 0xa2f9, 0xa2f983, 0xa2f9836e, 0xf9836e4e, 0x836e4e44, 0x6e4e4415, 0x4e441529, 0x441529fc, 0x1529fc27, 0x29fc2757, 0xfc2757d1,
  0x2757d1f5, 0x57d1f534, 0xd1f534dd, 0xf534ddc0, 0x34ddc0db, 0xddc0db62, 0xc0db6295, 0xdb629599, 0x6295993c, 0x95993c43, 0x993c4390,
  0x3c439041,
];
const M64 = (1n << 64n) - 1n;

/** sin and cos of the last sincosf call, each a float32 value. */
export const sincosOut = new Float64Array(2);

function poly(x: number, x2: number, p: SinCosTable, n: number): void {
  const x4 = x2 * x2;
  const x3 = x2 * x;
  const c2 = fma(x2, p.c4, p.c3);
  const s1 = fma(x2, p.s3, p.s2);
  const c1 = fma(x2, p.c1, p.c0);
  const x5 = x3 * x2;
  const x6 = x4 * x2;
  const s = fma(x3, p.s1, x);
  const c = fma(x4, p.c2, c1);
  const sin = Math.fround(fma(x5, s1, s));
  const cos = Math.fround(fma(x6, c2, c));
  sincosOut[n & 1] = sin;
  sincosOut[1 - (n & 1)] = cos;
}

/** glibc's sincosf(y) for a float32 value y; results in sincosOut. */
export function sincosf(y: number): void {
  const w = floatWord(y);
  const top = (w >>> 20) & 0x7ff;
  if (top < 0x3f4) {
    // |y| < pi/4
    if (top < 0x398) {
      sincosOut[0] = y;
      sincosOut[1] = 1;
      return;
    }
    poly(y, y * y, TABLE[0], 0);
  } else if (top < 0x42f) {
    // |y| < 120: one multiply-subtract with 2/pi prescaled by 2^24.
    const n = ((Math.trunc(y * HPI_INV) | 0) + 0x800000) >> 24;
    const x = fma(-n, HPI, y);
    poly(x * SIGN[n & 3], x * x, TABLE[(n >> 1) & 1], n);
  } else if (top < 0x7f8) {
    const sign = w >>> 31;
    let xi = w >>> 0;
    const arr = (xi >>> 26) & 15;
    const shift = (xi >>> 23) & 7;
    xi = ((xi & 0xffffff) | 0x800000) << shift;
    const lo32 = BigInt(Math.imul(xi, INV_PIO4[arr]) >>> 0);
    const res1 = BigInt(xi) * BigInt(INV_PIO4[arr + 4]);
    const res2 = BigInt(xi) * BigInt(INV_PIO4[arr + 8]);
    let res0 = (((res2 >> 32n) | (lo32 << 32n)) + res1) & M64;
    const n = ((res0 + (1n << 61n)) & M64) >> 62n;
    res0 = (res0 - (n << 62n)) & M64;
    const x = Number(BigInt.asIntN(64, res0)) * PI63;
    const q = Number(n);
    poly(x * SIGN[(q + sign) & 3], x * x, TABLE[((q + sign) >> 1) & 1], q);
  } else {
    sincosOut[0] = sincosOut[1] = y - y;
  }
}
