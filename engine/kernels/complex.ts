// Per-direction math for complex64/complex128 (interleaved re, im), tanh only: torch refuses relu
// on complex. complex64 rounds every accumulation and result to float32.
import type { Storage } from '../dtype.js';
import { ctanh } from '../complex.js';
import { cgemm64 } from './cgemm.js';

const id = (x: number): number => x;

/**
 * P[r, j] = x[r, :]·W[j, :] + b[j] (complex, plain products: no conjugation, as in x·Wᵀ).
 * separateBias: torch's linear on a non-contiguous input is matmul then add_ (no addmm).
 */
export function projectComplex(
  single: boolean, x: Storage, rows: number, inSize: number, W: Storage, b: Storage | null, H: number, P: Storage, separateBias: boolean,
): void {
  if (single) {
    cgemm64(x, 0, rows, inSize, W, b, H, P, !separateBias);
    return;
  }
  const rnd = id;
  for (let r = 0; r < rows; r++) {
    const xo = 2 * r * inSize;
    for (let j = 0; j < H; j++) {
      const wo = 2 * j * inSize;
      let re = 0;
      let im = 0;
      for (let k = 0; k < inSize; k++) {
        const ar = x[xo + 2 * k], ai = x[xo + 2 * k + 1], br = W[wo + 2 * k], bi = W[wo + 2 * k + 1];
        if (single) {
          // complex64 products as the compiled std::complex multiply: fma(ar, br, -(ai*bi)), rounded once each
          re = rnd(re + rnd(ar * br - rnd(ai * bi)));
          im = rnd(im + rnd(ar * bi + rnd(ai * br)));
        } else {
          re += ar * br - ai * bi;
          im += ar * bi + ai * br;
        }
      }
      // BLAS scales the product by alpha = 1 + 0i as a complex multiply: an infinite part becomes NaN.
      const reA = re - im * 0;
      im = re * 0 + im;
      re = reA;
      if (b) {
        re = rnd(re + b[2 * j]);
        im = rnd(im + b[2 * j + 1]);
      }
      P[2 * (r * H + j)] = re;
      P[2 * (r * H + j) + 1] = im;
    }
  }
}

/** One complex time step: h' = tanh((h·Whhᵀ + b) + P_t), also written into out (see stepReal). */
export function stepComplex(
  single: boolean, N: number, H: number, h: Storage, W: Storage, b: Storage | null, P: Storage, pOff: number,
  hOut: Storage, out: Storage, outOff: number, outStride: number,
): void {
  if (single) {
    // g = addmm(b, h, Wᵀ) (mm without a bias) into hOut, then h' = tanh(g + P_t)
    cgemm64(h, 0, N, H, W, b, H, hOut, true);
    for (let i = 0; i < 2 * N * H; i += 2) {
      const n = Math.floor(i / (2 * H));
      ctanh(Math.fround(hOut[i] + P[pOff + i]), Math.fround(hOut[i + 1] + P[pOff + i + 1]), hOut, i, true);
      const o = outOff + 2 * n * outStride + (i - 2 * n * H);
      out[o] = hOut[i];
      out[o + 1] = hOut[i + 1];
    }
    return;
  }
  const rnd = id;
  for (let n = 0; n < N; n++) {
    const ho = 2 * n * H;
    for (let j = 0; j < H; j++) {
      const wo = 2 * j * H;
      let re = 0;
      let im = 0;
      for (let k = 0; k < H; k++) {
        const ar = h[ho + 2 * k], ai = h[ho + 2 * k + 1], br = W[wo + 2 * k], bi = W[wo + 2 * k + 1];
        if (single) {
          // complex64 products as the compiled std::complex multiply: fma(ar, br, -(ai*bi)), rounded once each
          re = rnd(re + rnd(ar * br - rnd(ai * bi)));
          im = rnd(im + rnd(ar * bi + rnd(ai * br)));
        } else {
          re += ar * br - ai * bi;
          im += ar * bi + ai * br;
        }
      }
      // BLAS scales the product by alpha = 1 + 0i as a complex multiply: an infinite part becomes NaN.
      const reA = re - im * 0;
      im = re * 0 + im;
      re = reA;
      if (b) {
        re = rnd(re + b[2 * j]);
        im = rnd(im + b[2 * j + 1]);
      }
      re = rnd(re + P[pOff + ho + 2 * j]);
      im = rnd(im + P[pOff + ho + 2 * j + 1]);
      // hOut is float32 storage for complex64, so ctanh's double result is rounded on store.
      ctanh(re, im, hOut, ho + 2 * j, single);
      const o = outOff + 2 * n * outStride + 2 * j;
      out[o] = hOut[ho + 2 * j];
      out[o + 1] = hOut[ho + 2 * j + 1];
    }
  }
}
