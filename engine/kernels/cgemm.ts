// complex64 x·Wᵀ (+ b) in the order torch 2.13's CPU build computes it: MKL 2024.2 cgemm
// ('T','N', m = H, n = rows, k = K) on an AVX-512 CPU. Inferred from torch bit for bit with crafted
// inputs (cancelling ±2^30 pairs reveal the summation tree) and checked on 6664 shapes (rows
// 1..40, K 1..33, H 1..17, with and without bias). Paths:
// - addmm with a bias and 3 <= rows, H <= 10, 2 <= K <= 10: a small kernel that starts from the
//   bias and adds each rounded product in k order;
// - rows = 1 or H = 1 or H < 8 with K >= 2: dot products in 8 lanes (k mod 8), a rounded product added per k,
//   then a tree (lane l + l+4, + l+2, + l+1); the rounded product's `a` is W's element, except when
//   H = 1 with rows >= 2 (then x's: at rows = H = 1 it is W's, torch 2.13 on AVX-512 Sapphire Rapids);
// - K = 1 (rows, H >= 2): one rounded product, x's element first, not summed from +0 (a -0 stays;
//   torch 2.13 on AVX-512 Sapphire Rapids at every H >= 2, not only H >= 8);
// - otherwise: four FMA chains (Σ xr·wr, Σ xr·wi, Σ xi·wr, Σ xi·wi) combined at the end.
// The dot and K = 1 paths then scale by alpha = 1 + 0i as a complex multiply (inf -> NaN, as torch
// shows), then the bias is added. A rounded product is SIMD's
// fmaddsub(a, dup(b.re), swap(a)·dup(b.im)); which operand is `a` depends on the path.
import type { Storage } from '../dtype.js';

const f = Math.fround;
// Lane accumulators of the dot path (re, im): scratch, so the time loop allocates nothing.
const laneRe = new Float64Array(8);
const laneIm = new Float64Array(8);

/**
 * out[r, j] = x[r, :]·W[j, :] (+ b[j]) for r < rows, complex64 interleaved; x read from xOff.
 * addmm: the bias goes in through beta (torch's addmm); false means mm, then the bias added.
 */
export function cgemm64(
  x: Storage, xOff: number, rows: number, K: number, W: Storage, b: Storage | null, H: number, out: Storage, addmm: boolean,
): void {
  if (b && addmm && rows >= 3 && rows <= 10 && H >= 3 && H <= 10 && K >= 2 && K <= 10) {
    smallKernel(x, xOff, rows, K, W, b, H, out);
    return;
  }
  const dot = rows === 1 || H === 1 || (H < 8 && K !== 1);
  const wFirst = H !== 1 || rows === 1; // the dot path's vector operand: W's row, except when H = 1 with rows >= 2 (then x's)
  for (let r = 0; r < rows; r++) {
    const xo = xOff + 2 * r * K;
    for (let j = 0; j < H; j++) {
      const wo = 2 * j * K;
      let re: number;
      let im: number;
      if (dot) {
        laneRe.fill(0);
        laneIm.fill(0);
        for (let k = 0; k < K; k++) {
          const xr = x[xo + 2 * k], xi = x[xo + 2 * k + 1], wr = W[wo + 2 * k], wi = W[wo + 2 * k + 1];
          const l = k & 7;
          laneRe[l] = f(laneRe[l] + f(xr * wr - f(xi * wi)));
          laneIm[l] = f(laneIm[l] + (wFirst ? f(wi * xr + f(wr * xi)) : f(xi * wr + f(xr * wi))));
        }
        for (let w = 4; w >= 1; w >>= 1) {
          for (let l = 0; l < w; l++) {
            laneRe[l] = f(laneRe[l] + laneRe[l + w]);
            laneIm[l] = f(laneIm[l] + laneIm[l + w]);
          }
        }
        re = laneRe[0];
        im = laneIm[0];
      } else if (K === 1) {
        const xr = x[xo], xi = x[xo + 1], wr = W[wo], wi = W[wo + 1];
        re = f(xr * wr - f(xi * wi));
        im = f(xi * wr + f(xr * wi));
      } else {
        let rr = 0, ri = 0, ir = 0, ii = 0;
        for (let k = 0; k < K; k++) {
          const xr = x[xo + 2 * k], xi = x[xo + 2 * k + 1], wr = W[wo + 2 * k], wi = W[wo + 2 * k + 1];
          rr = f(xr * wr + rr);
          ri = f(xr * wi + ri);
          ir = f(xi * wr + ir);
          ii = f(xi * wi + ii);
        }
        re = f(rr - ii);
        im = f(ri + ir);
      }
      if (dot || K === 1) {
        // These paths scale by alpha = 1 + 0i as a complex multiply: an infinite part becomes NaN.
        const reA = re - im * 0;
        im = re * 0 + im;
        re = reA;
      }
      if (b && addmm) {
        re = f(re + b[2 * j]);
        im = f(im + b[2 * j + 1]);
      } else if (b) {
        // matmul then add_(b): add_ scales b by alpha = 1 + 0i as a complex multiply
        const br = b[2 * j], bi = b[2 * j + 1];
        re = f(re + (br - bi * 0));
        im = f(im + (br * 0 + bi));
      }
      out[2 * (r * H + j)] = re;
      out[2 * (r * H + j) + 1] = im;
    }
  }
}

// The small kernel: from the bias, one rounded product per k. Its imaginary part is
// fma(xi, wr, xr·wi), except in odd rows of the "tail" columns (all when H <= 5, else j >= 8)
// when K >= 3, where it is fma(wi, xr, wr·xi).
function smallKernel(x: Storage, xOff: number, rows: number, K: number, W: Storage, b: Storage, H: number, out: Storage): void {
  const tail0 = H <= 5 ? 0 : 8;
  for (let r = 0; r < rows; r++) {
    const xo = xOff + 2 * r * K;
    const oddRow = (r & 1) === 1 && K >= 3;
    for (let j = 0; j < H; j++) {
      const wo = 2 * j * K;
      const wForm = oddRow && j >= tail0;
      let re = b[2 * j];
      let im = b[2 * j + 1];
      for (let k = 0; k < K; k++) {
        const xr = x[xo + 2 * k], xi = x[xo + 2 * k + 1], wr = W[wo + 2 * k], wi = W[wo + 2 * k + 1];
        re = f(re + f(xr * wr - f(xi * wi)));
        im = f(im + (wForm ? f(wi * xr + f(wr * xi)) : f(xi * wr + f(xr * wi))));
      }
      out[2 * (r * H + j)] = re;
      out[2 * (r * H + j) + 1] = im;
    }
  }
}
