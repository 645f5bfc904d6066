// float16/bfloat16 x·Wᵀ (the forward's linear) as torch 2.13 computes it on an AVX2 CPU: each dot
// product is ATen's dot_with_fp32_arith (ReducedPrecisionFloatGemvFastPathKernel) with 8 float lanes.
// Products k < K & ~63 go, per block of 64, into 8 registers of 8 lanes (register r takes k = 64b + 8r
// + lane), fused (FMA); the registers are added r + (r + 4), then + (r + 2), then + 1, and the lanes
// reduced; products up to K & ~15 go, 16 at a time, into one more 8-lane register (lane l takes l, then
// l + 8), fused, reduced the same way and added; the rest are added one by one, each product rounded to
// float32 first. The lane reduction is AVX2's vec_reduce_all: ((l0 + l4) + (l2 + l6)) + ((l1 + l5) +
// (l3 + l7)). Measured against torch.mm (python probe, bfloat16 and float16, K 8..130, rows 1 and 3,
// large cancelling products): 19200 of 19200 elements; a k-order float32 chain 14-72% at K >= 16.
// Fused or not matters only past float32's range (bfloat16): K = 16, 2^133 at k = 0 and -2^133 at
// k = 8 share lane 0: torch inf (FMA), rounded products NaN; K = 15 (all one by one): NaN.
const fr = Math.fround;
const lanes = new Float32Array(72); // 8 registers × 8 lanes, then the 16-wide tail's register

/** AVX2's vec_reduce_all(+) of the 8 lanes at o. */
function reduce8(v: Float32Array, o: number): number {
  const a0 = fr(v[o] + v[o + 4]), a1 = fr(v[o + 1] + v[o + 5]), a2 = fr(v[o + 2] + v[o + 6]), a3 = fr(v[o + 3] + v[o + 7]);
  return fr(fr(a0 + a2) + fr(a1 + a3));
}

/** One dot product Σ_k x[xo + k]·w[wo + k] in torch's order. A stage with no products is skipped: its
 * lanes would reduce to +0, and s (never -0: lanes start at +0) + 0 is s. */
function dot(x: Float32Array, xo: number, w: Float32Array, wo: number, K: number): number {
  const KA = K & ~63, KV = K & ~15;
  const v = lanes;
  let s = 0;
  if (KA > 0) {
    v.fill(0, 0, 64);
    for (let b = 0; b < KA; b += 64) {
      for (let i = 0; i < 64; i++) v[i] = fr(v[i] + x[xo + b + i] * w[wo + b + i]);
    }
    for (let i = 0; i < 32; i++) v[i] = fr(v[i] + v[i + 32]);
    for (let i = 0; i < 16; i++) v[i] = fr(v[i] + v[i + 16]);
    for (let i = 0; i < 8; i++) v[i] = fr(v[i] + v[i + 8]);
    s = reduce8(v, 0);
  }
  if (KV > KA) {
    v.fill(0, 64, 72);
    for (let b = KA; b < KV; b += 16) {
      for (let l = 0; l < 8; l++) v[64 + l] = fr(v[64 + l] + x[xo + b + l] * w[wo + b + l]);
      for (let l = 0; l < 8; l++) v[64 + l] = fr(v[64 + l] + x[xo + b + 8 + l] * w[wo + b + 8 + l]);
    }
    s = fr(s + reduce8(v, 64));
  }
  for (let k = KV; k < K; k++) s = fr(s + fr(x[xo + k] * w[wo + k]));
  return s;
}

/** out[oo + r*H + j] = x[xo + r*K ..]·W[j*K ..] for r < rows, j < H, in float32 (the caller rounds). */
export function dotVec8F32(x: Float32Array, xo: number, rows: number, K: number, W: Float32Array, H: number, out: Float32Array, oo: number): void {
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < H; j++) out[oo + r * H + j] = dot(x, xo + r * K, W, j * K, K);
  }
}
