// Complex tanh as glibc's ctanh computes it (what torch's CPU kernel calls through std::tanh):
// sinh/cosh for moderate |re|, and for large |re| a branch that never forms e^{2|re|}, so the
// result stays finite (tanh -> ±1 + tiny·i) instead of inf/inf = NaN.

// glibc's threshold t = (int)((MAX_EXP - 1) * ln 2 / 2): 44 for float, 354 for double.
const T_FLOAT = 44;
const T_DOUBLE = 354;
const DBL_MIN = 2.2250738585072014e-308;
const DBL_EPSILON = 2 ** -52;

/** tanh(re + i·im) in double, written to out[o], out[o + 1]. single selects ctanhf's threshold. */
export function ctanh(re: number, im: number, out: Float32Array | Float64Array, o: number, single: boolean): void {
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
  if (single) {
    ctanhf(re, im, out, o);
    return;
  }
  const t = single ? T_FLOAT : T_DOUBLE;
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

// ctanhf: the same steps with every operation rounded to float32, as glibc's float build does.
const FLT_MIN = 1.1754943508222875e-38;
const FLT_EPSILON = 2 ** -23;
const f = Math.fround;

function ctanhf(re: number, im: number, out: Float32Array | Float64Array, o: number): void {
  let sinIm = im;
  let cosIm = 1;
  if (Math.abs(im) > FLT_MIN) {
    sinIm = f(Math.sin(im));
    cosIm = f(Math.cos(im));
  }
  if (Math.abs(re) > T_FLOAT) {
    const exp2t = f(Math.exp(2 * T_FLOAT));
    let imOut = f(f(f(4 * sinIm) * cosIm) / exp2t);
    const rest = f(Math.abs(re) - T_FLOAT);
    imOut = rest > T_FLOAT ? f(imOut / exp2t) : f(imOut / f(Math.exp(f(2 * rest))));
    out[o] = Math.sign(re);
    out[o + 1] = imOut;
    return;
  }
  let sinhRe = re;
  let coshRe = 1;
  if (Math.abs(re) > FLT_MIN) {
    sinhRe = f(Math.sinh(re));
    coshRe = f(Math.cosh(re));
  }
  const den = Math.abs(sinhRe) > f(Math.abs(cosIm) * FLT_EPSILON) ? f(f(sinhRe * sinhRe) + f(cosIm * cosIm)) : f(cosIm * cosIm);
  out[o] = f(f(sinhRe * coshRe) / den);
  out[o + 1] = f(f(sinIm * cosIm) / den);
}
