// glibc 2.36 sinhf and coshf (sysdeps/ieee754/flt-32/e_sinhf.c, e_coshf.c, fdlibm): float code
// built without FMA, on top of expm1f and the FMA expf.
import { floatWord } from './bits.js';
import { expf } from './expf.js';
import { expm1f } from './expm1f.js';

const f = Math.fround;

/** glibc's sinhf(x) for a float32 value x. */
export function sinhf(x: number): number {
  const jx = floatWord(x);
  const ix = jx & 0x7fffffff;
  if (ix >= 0x7f800000) return x + x;
  const h = jx < 0 ? -0.5 : 0.5;
  if (ix < 0x41b00000) {
    // |x| < 22
    if (ix < 0x31800000) return x;
    const t = expm1f(Math.abs(x));
    if (ix < 0x3f800000) return f(h * f(f(2 * t) - f(f(t * t) / f(t + 1))));
    return f(h * f(t + f(t / f(t + 1))));
  }
  if (ix < 0x42b17180) return f(h * expf(Math.abs(x)));
  if (ix <= 0x42b2d4fc) {
    const w = expf(f(0.5 * Math.abs(x)));
    return f(f(h * w) * w);
  }
  return x * Infinity;
}

/** glibc's coshf(x) for a float32 value x. */
export function coshf(x: number): number {
  const ix = floatWord(x) & 0x7fffffff;
  if (ix < 0x41b00000) {
    if (ix < 0x3eb17218) {
      const t = expm1f(Math.abs(x));
      const w = f(1 + t);
      if (ix < 0x24000000) return w;
      return f(1 + f(f(t * t) / f(w + w)));
    }
    const t = expf(Math.abs(x));
    return f(f(0.5 * t) + f(0.5 / t));
  }
  if (ix < 0x42b17180) return f(0.5 * expf(Math.abs(x)));
  if (ix <= 0x42b2d4fc) {
    const w = expf(f(0.5 * Math.abs(x)));
    return f(f(0.5 * w) * w);
  }
  if (ix >= 0x7f800000) return x * x;
  return Infinity;
}
