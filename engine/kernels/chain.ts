// The dot products every real kernel needs: out[r, j] = Σ_k x[r, k]·W[j, k] summed from 0 in k order
// (the order the engine matches torch in). float32 rounds after every step: fround(acc + a*b) is an
// FMA, the product being exact in double. Blocked (float32 4 rows × 4 columns, float64 4 × 2; then
// 4 × 1, 1 × 4, 1 × 1) so independent accumulator chains hide the add/round latency; each chain
// still runs alone in k order, so every result is bit for bit the plain loop's. One function per
// array width keeps every call site monomorphic.
const fr = Math.fround;

/** out[oo + r*H + j] = float32 chain of x[xo + r*K + k]·W[j*K + k], for r < rows, j < H. */
export function chainF32(x: Float32Array, xo: number, rows: number, K: number, W: Float32Array, H: number, out: Float32Array, oo: number): void {
  let r = 0;
  for (; r + 4 <= rows; r += 4) {
    const x0 = xo + r * K, x1 = x0 + K, x2 = x1 + K, x3 = x2 + K;
    const o0 = oo + r * H, o1 = o0 + H, o2 = o1 + H, o3 = o2 + H;
    let j = 0;
    for (; j + 4 <= H; j += 4) {
      const w0 = j * K, w1 = w0 + K, w2 = w1 + K, w3 = w2 + K;
      let a0 = 0, a1 = 0, a2 = 0, a3 = 0, b0 = 0, b1 = 0, b2 = 0, b3 = 0;
      let c0 = 0, c1 = 0, c2 = 0, c3 = 0, d0 = 0, d1 = 0, d2 = 0, d3 = 0;
      for (let k = 0; k < K; k++) {
        const v0 = W[w0 + k], v1 = W[w1 + k], v2 = W[w2 + k], v3 = W[w3 + k];
        const p = x[x0 + k];
        a0 = fr(a0 + p * v0); a1 = fr(a1 + p * v1); a2 = fr(a2 + p * v2); a3 = fr(a3 + p * v3);
        const q = x[x1 + k];
        b0 = fr(b0 + q * v0); b1 = fr(b1 + q * v1); b2 = fr(b2 + q * v2); b3 = fr(b3 + q * v3);
        const s = x[x2 + k];
        c0 = fr(c0 + s * v0); c1 = fr(c1 + s * v1); c2 = fr(c2 + s * v2); c3 = fr(c3 + s * v3);
        const t = x[x3 + k];
        d0 = fr(d0 + t * v0); d1 = fr(d1 + t * v1); d2 = fr(d2 + t * v2); d3 = fr(d3 + t * v3);
      }
      out[o0 + j] = a0; out[o0 + j + 1] = a1; out[o0 + j + 2] = a2; out[o0 + j + 3] = a3;
      out[o1 + j] = b0; out[o1 + j + 1] = b1; out[o1 + j + 2] = b2; out[o1 + j + 3] = b3;
      out[o2 + j] = c0; out[o2 + j + 1] = c1; out[o2 + j + 2] = c2; out[o2 + j + 3] = c3;
      out[o3 + j] = d0; out[o3 + j + 1] = d1; out[o3 + j + 2] = d2; out[o3 + j + 3] = d3;
    }
    for (; j < H; j++) {
      const w0 = j * K;
      let a0 = 0, a1 = 0, a2 = 0, a3 = 0;
      for (let k = 0; k < K; k++) {
        const v = W[w0 + k];
        a0 = fr(a0 + x[x0 + k] * v); a1 = fr(a1 + x[x1 + k] * v); a2 = fr(a2 + x[x2 + k] * v); a3 = fr(a3 + x[x3 + k] * v);
      }
      out[o0 + j] = a0; out[o1 + j] = a1; out[o2 + j] = a2; out[o3 + j] = a3;
    }
  }
  for (; r < rows; r++) {
    const x0 = xo + r * K;
    const o0 = oo + r * H;
    let j = 0;
    for (; j + 4 <= H; j += 4) {
      const w0 = j * K, w1 = w0 + K, w2 = w1 + K, w3 = w2 + K;
      let a0 = 0, a1 = 0, a2 = 0, a3 = 0;
      for (let k = 0; k < K; k++) {
        const p = x[x0 + k];
        a0 = fr(a0 + p * W[w0 + k]); a1 = fr(a1 + p * W[w1 + k]); a2 = fr(a2 + p * W[w2 + k]); a3 = fr(a3 + p * W[w3 + k]);
      }
      out[o0 + j] = a0; out[o0 + j + 1] = a1; out[o0 + j + 2] = a2; out[o0 + j + 3] = a3;
    }
    for (; j < H; j++) {
      const w0 = j * K;
      let a = 0;
      for (let k = 0; k < K; k++) a = fr(a + x[x0 + k] * W[w0 + k]);
      out[o0 + j] = a;
    }
  }
}

/** chainF32 in double: acc += x·w, in k order from 0 (no fused multiply-add in JavaScript). */
export function chainF64(x: Float64Array, xo: number, rows: number, K: number, W: Float64Array, H: number, out: Float64Array, oo: number): void {
  let r = 0;
  for (; r + 4 <= rows; r += 4) {
    const x0 = xo + r * K, x1 = x0 + K, x2 = x1 + K, x3 = x2 + K;
    const o0 = oo + r * H, o1 = o0 + H, o2 = o1 + H, o3 = o2 + H;
    let j = 0;
    for (; j + 2 <= H; j += 2) {
      const w0 = j * K, w1 = w0 + K;
      let a0 = 0, a1 = 0, a2 = 0, a3 = 0, c0 = 0, c1 = 0, c2 = 0, c3 = 0;
      for (let k = 0; k < K; k++) {
        const v = W[w0 + k], u = W[w1 + k];
        const p = x[x0 + k], q = x[x1 + k], s = x[x2 + k], t = x[x3 + k];
        a0 += p * v; a1 += q * v; a2 += s * v; a3 += t * v;
        c0 += p * u; c1 += q * u; c2 += s * u; c3 += t * u;
      }
      out[o0 + j] = a0; out[o1 + j] = a1; out[o2 + j] = a2; out[o3 + j] = a3;
      out[o0 + j + 1] = c0; out[o1 + j + 1] = c1; out[o2 + j + 1] = c2; out[o3 + j + 1] = c3;
    }
    for (; j < H; j++) {
      const w0 = j * K;
      let a0 = 0, a1 = 0, a2 = 0, a3 = 0;
      for (let k = 0; k < K; k++) {
        const v = W[w0 + k];
        a0 += x[x0 + k] * v; a1 += x[x1 + k] * v; a2 += x[x2 + k] * v; a3 += x[x3 + k] * v;
      }
      out[o0 + j] = a0; out[o1 + j] = a1; out[o2 + j] = a2; out[o3 + j] = a3;
    }
  }
  for (; r < rows; r++) {
    const x0 = xo + r * K;
    const o0 = oo + r * H;
    let j = 0;
    for (; j + 4 <= H; j += 4) {
      const w0 = j * K, w1 = w0 + K, w2 = w1 + K, w3 = w2 + K;
      let a0 = 0, a1 = 0, a2 = 0, a3 = 0;
      for (let k = 0; k < K; k++) {
        const p = x[x0 + k];
        a0 += p * W[w0 + k]; a1 += p * W[w1 + k]; a2 += p * W[w2 + k]; a3 += p * W[w3 + k];
      }
      out[o0 + j] = a0; out[o0 + j + 1] = a1; out[o0 + j + 2] = a2; out[o0 + j + 3] = a3;
    }
    for (; j < H; j++) {
      const w0 = j * K;
      let a = 0;
      for (let k = 0; k < K; k++) a += x[x0 + k] * W[w0 + k];
      out[o0 + j] = a;
    }
  }
}
