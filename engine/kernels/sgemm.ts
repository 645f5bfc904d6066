// float32 x·Wᵀ in the order torch 2.13's CPU build sums it: MKL 2024.2 sgemm ('T','N', m = H,
// n = rows, k = K) on an AVX-512 CPU, addmm and mm alike. Inferred from torch with crafted inputs
// (±2^31 pairs among ones reveal each summation tree) and random shapes (rows 1..24, K 1..33,
// H 1..17). Small shapes take one of three paths; everything else (including every shape not
// listed here, where the path is not yet known) is chainF32's FMA chain in k order:
// - tail-dot (rows = 1 with H <= 3, or H = 1 with rows <= 3; K <= 32): products k >= 1 in 16
//   lanes counted from the end (lane (K-1-k) mod 16), each an FMA chain, halved 16 -> 8 -> 4 -> 2
//   -> 1, then the rounded product k = 0 added;
// - lanes (K < 32 and H = 2, rows <= 15; H = 3, rows <= 10; 4 <= H <= 11, K <= H, rows < H):
//   lane k mod 16, each an FMA chain, halved 16 -> 8 -> 4 -> 2 -> 1;
// - K = 1 with a bias through addmm, rows, H >= 2: one FMA from the bias (see biasFused).
import { chainF32 } from './chain.js';

const fr = Math.fround;
const lane = new Float64Array(16); // scratch: the time loop allocates nothing

function path(rows: number, K: number, H: number): 0 | 1 | 2 {
  if (K <= 32 && ((rows === 1 && H <= 3) || (H === 1 && rows <= 3))) return 1;
  if (rows >= 2 && K < 32 && ((H === 2 && rows <= 15) || (H === 3 && rows <= 10) || (H >= 4 && H <= 11 && K <= H && rows < H))) return 2;
  return 0;
}

/** addmm's K = 1 product is fma(x, w, b): the bias goes in before the single rounding. */
export function biasFused(rows: number, K: number, H: number): boolean {
  return K === 1 && rows >= 2 && H >= 2;
}

/** out[oo + r*H + j] = x[xo + r*K + :]·W[j*K + :] summed as MKL's sgemm sums it. */
export function sgemmF32(x: Float32Array, xo: number, rows: number, K: number, W: Float32Array, H: number, out: Float32Array, oo: number): void {
  const p = path(rows, K, H);
  if (p === 0) {
    chainF32(x, xo, rows, K, W, H, out, oo);
    return;
  }
  const tail = p === 1;
  const k0 = tail ? 1 : 0;
  const n = Math.min(16, K - k0);
  for (let r = 0; r < rows; r++) {
    const xr = xo + r * K;
    for (let j = 0; j < H; j++) {
      const wj = j * K;
      for (let l = 0; l < 16; l++) {
        let a = 0;
        if (l < n) {
          // ascending k; the tail path's lane l holds the k >= 1 with k = K-1-l (mod 16)
          const start = tail ? 1 + ((K - 2 - l) % 16) : l;
          for (let k = start; k < K; k += 16) a = fr(a + x[xr + k] * W[wj + k]);
        }
        lane[l] = a;
      }
      for (let w = 8; w >= 1; w >>= 1) for (let l = 0; l < w; l++) lane[l] = fr(lane[l] + lane[l + w]);
      out[oo + r * H + j] = tail ? fr(lane[0] + fr(x[xr] * W[wj])) : lane[0];
    }
  }
}
