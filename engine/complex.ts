// Complex tanh as glibc's ctanh computes it (what torch's CPU kernel calls through std::tanh):
// sinh/cosh for moderate |re|, and for large |re| a branch that never forms e^{2|re|}, so the
// result stays finite (tanh -> ±1 + tiny·i) instead of inf/inf = NaN.
// complex64 runs glibc's own ctanhf (libm/ctanhf.ts: glibc's sincosf, sinhf, coshf and expf
// ported bit for bit), since torch's result is exactly that function's, rounding errors included.
import { ctanhf } from './libm/ctanhf.js';

// glibc's threshold t = (int)((MAX_EXP - 1) * ln 2 / 2): 354 for double (44 for float).
const T_DOUBLE = 354;
const DBL_MIN = 2.2250738585072014e-308;
const DBL_EPSILON = 2 ** -52;

/** tanh(re + i·im) in double, written to out[o], out[o + 1]. single selects ctanhf's threshold. */
export function ctanh(re: number, im: number, out: Float32Array | Float64Array, o: number, single: boolean): void {
  if (single) {
    ctanhf(re, im, out, o);
    return;
  }
  if (!Number.isFinite(re) || !Number.isFinite(im)) {
    if (re === Infinity || re === -Infinity) {
      out[o] = Math.sign(re);
      out[o + 1] = Number.isFinite(im) && Math.abs(im) > 1 ? copysign(0, Math.sin(im) * Math.cos(im)) : copysign(0, im);
    } else if (im === 0) {
      out[o] = re;
      out[o + 1] = im;
    } else {
      out[o] = re === 0 ? re : NaN;
      out[o + 1] = NaN;
    }
    return;
  }
  const t = T_DOUBLE;
  let sinIm = im;
  let cosIm = 1;
  if (Math.abs(im) > DBL_MIN) {
    sinIm = Math.sin(im);
    cosIm = Math.cos(im);
  }
  if (Math.abs(re) > t) {
    // tanh = sign(re) + 4 sin cos e^{-2|re|} i, with e^{-2|re|} applied in two steps to avoid underflow too early.
    const exp2t = Math.exp(2 * t);
    let imOut = (4 * sinIm * cosIm) / exp2t;
    const rest = Math.abs(re) - t;
    imOut = rest > t ? imOut / exp2t : imOut / Math.exp(2 * rest);
    out[o] = Math.sign(re);
    out[o + 1] = imOut;
    return;
  }
  let sinhRe = re;
  let coshRe = 1;
  if (Math.abs(re) > DBL_MIN) {
    sinhRe = Math.sinh(re);
    coshRe = Math.cosh(re);
  }
  const den = Math.abs(sinhRe) > Math.abs(cosIm) * DBL_EPSILON ? sinhRe * sinhRe + cosIm * cosIm : cosIm * cosIm;
  out[o] = (sinhRe * coshRe) / den;
  out[o + 1] = (sinIm * cosIm) / den;
}

const copysign = (mag: number, sign: number): number => (sign < 0 || Object.is(sign, -0) ? -Math.abs(mag) : Math.abs(mag));
