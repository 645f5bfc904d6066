// The fallback where WebAssembly SIMD is missing (or refused, e.g. by a Content-Security-Policy):
// the same kernels as wasm-kernels.ts, with the same arguments and the same packed layouts, in
// plain TypeScript over an ArrayBuffer. Sums accumulate in double and round once when stored.
import { panelWidth, SHAPES, type Kind } from './wasm-kernels.js';

export interface Views {
  f32: Float32Array;
  f64: Float64Array;
}

/** Byte offsets as wasm-kernels.ts's gemm takes them; aIm, cIm only for c64. */
export function gemmTS(
  v: Views, kind: Kind, A: number, lda: number, ak: number, rows: number, K: number, B: number, Hp: number, C: number, ldc: number, bias: number,
  aIm = 0, cIm = 0,
): void {
  const s = SHAPES[kind];
  const m = s.elt === 4 ? v.f32 : v.f64;
  const e = s.elt;
  const nr = panelWidth(kind);
  const [a0, b0, c0, bi0] = [A / e, B / e, C / e, bias / e];
  if (s.complex) {
    const [ai, ci] = [aIm / e, cIm / e];
    for (let r = 0; r < rows; r++) {
      for (let j = 0; j < Hp; j++) {
        const p = Math.floor(j / nr);
        let bp = b0 + p * K * 2 * nr + (j - p * nr);
        let re = 0;
        let im = 0;
        for (let k = 0, a = a0 + r * lda; k < K; k++, a += ak, bp += 2 * nr) {
          const xr = m[a], xi = m[a + ai], wr = m[bp], wi = m[bp + nr];
          re += xr * wr - xi * wi;
          im += xr * wi + xi * wr;
        }
        if (bias) {
          re += m[bi0 + j];
          im += m[bi0 + Hp + j];
        }
        m[c0 + r * ldc + j] = re;
        m[c0 + ci + r * ldc + j] = im;
      }
    }
    return;
  }
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < Hp; j++) {
      const p = Math.floor(j / nr);
      let bp = b0 + p * K * nr + (j - p * nr);
      let acc = 0;
      for (let k = 0, a = a0 + r * lda; k < K; k++, a += ak, bp += nr) acc += (m[a]) * (m[bp]);
      m[c0 + r * ldc + j] = bias ? acc + (m[bi0 + j]) : acc;
    }
  }
}

/** P[i] = act(C[i] + P[i]) for i < n (real kinds; byte offsets). */
export function actTS(v: Views, kind: 'f32' | 'f64', relu: boolean, C: number, P: number, n: number): void {
  const m = kind === 'f32' ? v.f32 : v.f64;
  const e = SHAPES[kind].elt;
  const f32 = kind === 'f32';
  for (let i = 0, c = C / e, p = P / e; i < n; i++, c++, p++) {
    let s = (m[c]) + (m[p]);
    if (f32) s = Math.fround(s);
    m[p] = relu ? (s < 0 ? 0 : s) : Math.tanh(s); // relu as torch's clamp_min(s, 0): NaN and −0 stay
  }
}
