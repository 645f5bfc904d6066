// float16/bfloat16 matrix products as torch 2.13's own CPU gemm computes A·B for row-major A and B
// (BlasKernel.cpp gemm_notrans_ for reduced types, no MKL): each dot product in four float32 partial
// sums (products k = 4i + m into partial m, leftover products into partial 0), then added in order;
// the caller rounds to the dtype. The four-way loop is a fused multiply-add (the product exact, one
// rounding: fround(p + x·w), exact in double for 16-bit products), the leftover loop rounds each
// product to float32 before adding it. Measured on torch 2.13 AVX2 (random bfloat16 mm near float32's
// range, K 1..69: this model matches 500 of 500 shapes; all-fused 320, all-unfused 251): past float32's
// range they part: in the four-way loop -inf + 7e38 stays -inf and -3e38 + 4e38 is 1e38, in the
// leftover loop inf + (-2^133 rounded to -inf) is NaN and -3e38 + inf is inf.
const fr = Math.fround;

/** out[oo + r*H + j] = Σ_k x[xo + r*K + k]·W[j*K + k] (W holds B transposed: row j is column j of B). */
export function dot4F32(x: Float32Array, xo: number, rows: number, K: number, W: Float32Array, H: number, out: Float32Array, oo: number): void {
  const K4 = K - (K % 4);
  for (let r = 0; r < rows; r++) {
    const xr = xo + r * K;
    for (let j = 0; j < H; j++) {
      const wj = j * K;
      let p0 = 0, p1 = 0, p2 = 0, p3 = 0;
      let k = 0;
      for (; k < K4; k += 4) {
        p0 = fr(p0 + x[xr + k] * W[wj + k]);
        p1 = fr(p1 + x[xr + k + 1] * W[wj + k + 1]);
        p2 = fr(p2 + x[xr + k + 2] * W[wj + k + 2]);
        p3 = fr(p3 + x[xr + k + 3] * W[wj + k + 3]);
      }
      for (; k < K; k++) p0 = fr(p0 + fr(x[xr + k] * W[wj + k]));
      out[oo + r * H + j] = fr(fr(fr(p0 + p1) + p2) + p3);
    }
  }
}
