// glibc 2.36 ctanhf (math/s_ctanh_template.c for float): float code built without FMA, calling
// sincosf, sinhf, coshf and expf. torch's complex64 tanh on CPU is exactly this function.
import { sincosf, sincosOut } from './sincosf.js';
import { coshf, sinhf } from './hyperbolic.js';
import { expf } from './expf.js';
import { floatWord } from './bits.js';

const f = Math.fround;
const FLT_MIN = 2 ** -126;
const FLT_EPSILON = 2 ** -23;
const T = 44; // (int)((FLT_MAX_EXP - 1) * M_LN2 / 2)

// Zero with s's sign bit (NaN signs included: x86 makes its default NaN negative).
const copysign0 = (s: number): number => (floatWord(s) < 0 ? -0 : 0);

/** ctanhf(re + i·im) for float32 parts; the float32 result goes to out[o], out[o + 1]. */
export function ctanhf(re: number, im: number, out: Float32Array | Float64Array, o: number): void {
  if (!Number.isFinite(re) || !Number.isFinite(im)) {
    if (re === Infinity || re === -Infinity) {
      out[o] = re > 0 ? 1 : -1;
      if (Number.isFinite(im) && Math.abs(im) > 1) {
        sincosf(im);
        out[o + 1] = copysign0(f(sincosOut[0] * sincosOut[1]));
      } else {
        out[o + 1] = copysign0(im);
      }
    } else if (im === 0) {
      out[o] = re;
      out[o + 1] = im;
    } else {
      out[o] = re === 0 ? re : NaN;
      out[o + 1] = NaN;
    }
    return;
  }
  let sinix = im;
  let cosix = 1;
  if (Math.abs(im) > FLT_MIN) {
    sincosf(im);
    sinix = sincosOut[0];
    cosix = sincosOut[1];
  }
  const ax = Math.abs(re);
  if (ax > T) {
    // Real part ±1; imaginary part 4 sin cos / e^{2|re|}, divided in two steps to stay finite.
    const exp2t = expf(2 * T);
    let resIm = f(f(f(4 * sinix) * cosix) / exp2t);
    const rest = f(ax - T);
    resIm = rest > T ? f(resIm / exp2t) : f(resIm / expf(f(2 * rest)));
    out[o] = re > 0 ? 1 : -1;
    out[o + 1] = resIm;
    return;
  }
  let sinhrx = re;
  let coshrx = 1;
  if (ax > FLT_MIN) {
    sinhrx = sinhf(re);
    coshrx = coshf(re);
  }
  const den = Math.abs(sinhrx) > f(Math.abs(cosix) * FLT_EPSILON) ? f(f(sinhrx * sinhrx) + f(cosix * cosix)) : f(cosix * cosix);
  out[o] = f(f(sinhrx * coshrx) / den);
  out[o + 1] = f(f(sinix * cosix) / den);
}
