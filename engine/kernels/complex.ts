// Per-direction math for complex64/complex128 (interleaved re, im), tanh only: torch refuses relu
// on complex. complex64's x·Wᵀ follows MKL's cgemm order (cgemm.ts); complex128 is plain double.
import type { Storage } from '../dtype.js';
import { ctanh } from '../complex.js';
import { cgemm64 } from './cgemm.js';

const same = (v: number): number => v;

/**
 * P[r, j] = x[r, :]·W[j, :] + b[j] (complex, plain products: no conjugation, as in x·Wᵀ).
 * separateBias: torch's linear on a non-contiguous input is matmul then add_ (no addmm).
 */
export function projectComplex(
  single: boolean, x: Storage, rows: number, inSize: number, W: Storage, b: Storage | null, H: number, P: Storage, separateBias: boolean,
): void {
  if (single) cgemm64(x, 0, rows, inSize, W, b, H, P, !separateBias);
  else zgemm(x, rows, inSize, W, b, H, P);
}

/** complex128 x·Wᵀ + b: per k the complex product, summed in k order, then alpha and the bias. */
function zgemm(x: Storage, rows: number, K: number, W: Storage, b: Storage | null, H: number, out: Storage): void {
  for (let r = 0; r < rows; r++) {
    const xo = 2 * r * K;
    for (let j = 0; j < H; j++) {
      const wo = 2 * j * K;
      let re = 0;
      let im = 0;
      for (let k = 0; k < K; k++) {
        const ar = x[xo + 2 * k], ai = x[xo + 2 * k + 1], br = W[wo + 2 * k], bi = W[wo + 2 * k + 1];
        re += ar * br - ai * bi;
        im += ar * bi + ai * br;
      }
      // BLAS scales the product by alpha = 1 + 0i as a complex multiply: an infinite part becomes NaN.
      const reA = re - im * 0;
      im = re * 0 + im;
      re = reA;
      if (b) {
        re += b[2 * j];
        im += b[2 * j + 1];
      }
      out[2 * (r * H + j)] = re;
      out[2 * (r * H + j) + 1] = im;
    }
  }
}

/**
 * One complex time step: h' = tanh(g + P_t) with g = h·Whhᵀ + b (addmm, or mm without a bias),
 * written to hOut and into out (row stride outStride, column offset in outOff) for the layer output.
 */
export function stepComplex(
  single: boolean, N: number, H: number, h: Storage, W: Storage, b: Storage | null, P: Storage, pOff: number,
  hOut: Storage, out: Storage, outOff: number, outStride: number,
): void {
  if (single) cgemm64(h, 0, N, H, W, b, H, hOut, true);
  else zgemm(h, N, H, W, b, H, hOut);
  const rnd = single ? Math.fround : same;
  for (let n = 0; n < N; n++) {
    for (let j = 0; j < H; j++) {
      const i = 2 * (n * H + j);
      const pr = P[pOff + i], pi = P[pOff + i + 1];
      // add_ computes g + alpha·P with alpha = 1 + 0i as a complex multiply: an infinite part of P becomes NaN.
      ctanh(rnd(hOut[i] + (pr - pi * 0)), rnd(hOut[i + 1] + (pr * 0 + pi)), hOut, i, single);
      const o = outOff + 2 * (n * outStride + j);
      out[o] = hOut[i];
      out[o + 1] = hOut[i + 1];
    }
  }
}
