// Layouts the fast kernels read, written from the engine's row-major storage (complex interleaved).
import type { Storage } from '../dtype.js';
import { panelWidth, SHAPES, type Kind } from './wasm-kernels.js';

/** H rounded up to whole panels: the width of every packed row and of every C, P, h buffer. */
export const paddedWidth = (kind: Kind, H: number): number => Math.ceil(H / panelWidth(kind)) * panelWidth(kind);

/**
 * B for gemm: the logical matrix W (H × K, element (j, k) at src[j·rowStride + k·kStride]) as panels
 * of NR columns: m[off + ((p·K + k)·planes + plane)·NR + c] = W[p·NR + c, k], zero beyond H.
 * rowStride = K, kStride = 1 packs a weight for x·Wᵀ; rowStride = 1, kStride = H packs Wᵀ (x·W,
 * as a backward pass needs).
 */
export function packB(m: Float32Array | Float64Array, off: number, kind: Kind, src: Storage, H: number, K: number, rowStride: number, kStride: number): void {
  const nr = panelWidth(kind);
  const cplx = SHAPES[kind].complex;
  const step = (cplx ? 2 : 1) * nr;
  const Hp = paddedWidth(kind, H);
  for (let j = 0; j < Hp; j++) {
    const p = Math.floor(j / nr);
    let o = off + p * K * step + (j - p * nr);
    if (j >= H) {
      for (let k = 0; k < K; k++, o += step) {
        m[o] = 0;
        if (cplx) m[o + nr] = 0;
      }
    } else if (cplx) {
      for (let k = 0, i = 2 * j * rowStride; k < K; k++, o += step, i += 2 * kStride) {
        m[o] = src[i];
        m[o + nr] = src[i + 1];
      }
    } else {
      for (let k = 0, i = j * rowStride; k < K; k++, o += step, i += kStride) m[o] = src[i];
    }
  }
}

/** A bias as gemm adds it: Hp real parts, zero-padded, then (complex) Hp imaginary parts. */
export function packBias(m: Float32Array | Float64Array, off: number, kind: Kind, b: Storage, H: number): void {
  const Hp = paddedWidth(kind, H);
  const cplx = SHAPES[kind].complex;
  m.fill(0, off, off + (cplx ? 2 : 1) * Hp);
  for (let j = 0; j < H; j++) {
    if (!cplx) m[off + j] = b[j];
    else {
      m[off + j] = b[2 * j];
      m[off + Hp + j] = b[2 * j + 1];
    }
  }
}

/**
 * `rows` rows of `width` elements from src (starting at row r0, row-major, complex interleaved) into
 * m at off with row stride ld; complex: real parts there, imaginary parts im elements further.
 */
export function loadRows(m: Float32Array | Float64Array, off: number, ld: number, im: number, src: Storage, r0: number, rows: number, width: number, cplx: boolean): void {
  if (!cplx && ld === width) {
    m.set(src.subarray(r0 * width, (r0 + rows) * width), off);
    return;
  }
  for (let r = 0; r < rows; r++) {
    const s = (r0 + r) * width;
    const d = off + r * ld;
    if (!cplx) m.set(src.subarray(s, s + width), d);
    else {
      for (let k = 0; k < width; k++) {
        m[d + k] = src[2 * (s + k)];
        m[d + im + k] = src[2 * (s + k) + 1];
      }
    }
  }
}
