// One layer direction of `precision: 'fast'`: the same recurrence as the exact kernels,
// h_t = act((h_{t-1}·W_hhᵀ + b_hh) + (x_t·W_ihᵀ + b_ih)), with the products summed in the SIMD
// kernels' order instead of MKL's (so within torch's tolerance, not bit for bit).
// Time is cut into chunks of about CHUNK_ROWS input rows: a chunk's projections are one GEMM, then its
// steps run, each step's h written over its own projection row (the next step's input). The linear
// memory holds the packed weights and one chunk, whatever T is.
import { ctanh } from '../complex.js';
import type { Storage } from '../dtype.js';
import { backend } from './backend.js';
import { loadRows, packB, packBias, paddedWidth } from './pack.js';
import { CONST_END, SHAPES, type Kind } from './wasm-kernels.js';

export interface FastDirection {
  readonly kind: Kind;
  readonly relu: boolean;
  readonly T: number;
  readonly N: number;
  readonly K: number; // the layer's input width
  readonly H: number;
  readonly reverse: boolean;
  readonly x: Storage; // T × N × K, sequence first
  readonly wih: Storage;
  readonly whh: Storage;
  readonly bih: Storage | null;
  readonly bhh: Storage | null;
  readonly h0: Storage | null; // N × H
  readonly out: Storage; // row (t, n) of h at (t·N + n)·outStride + outOff
  readonly outOff: number;
  readonly outStride: number;
  readonly hN: Storage; // N × H at hnOff
  readonly hnOff: number;
}

const CHUNK_ROWS = 256;
const BLOCK_BYTES = 64 * 1024; // A rows per gemm block: what stays in L2 while every panel of B passes
const scratch = new Float64Array(2);

/** Runs one direction on the fast kernels; false when it declines (the caller runs the exact path). */
export function runFastDirection(a: FastDirection): boolean {
  const { kind, T, N, K, H } = a;
  const s = SHAPES[kind];
  const cplx = s.complex;
  // Complex NaN/inf propagation depends on MKL's path (alpha = 1 + 0i multiplies): the exact path has it.
  if (N === 0 || (cplx && !allFinite(a))) return false;
  const e = s.elt;
  const Hp = paddedWidth(kind, H);
  const planes = cplx ? 2 : 1;
  const tb = Math.max(1, Math.min(T, Math.floor(CHUNK_ROWS / N)));
  const R = tb * N;
  // Byte layout: the kernels' constants (offset 0 is never a buffer: it means "no bias"), packed
  // weights and biases, then the re-plane arena (X, P, G, H0) followed by the im-plane arena at +IM.
  let top = Math.ceil(CONST_END / 16) * 16;
  const alloc = (elems: number): number => {
    const at = top;
    top += Math.ceil((elems * e) / 16) * 16;
    return at;
  };
  const Bih = alloc(Hp * K * planes);
  const Bhh = alloc(Hp * H * planes);
  const bih = a.bih ? alloc(Hp * planes) : 0;
  const bhh = a.bhh ? alloc(Hp * planes) : 0;
  const arena = top;
  const X = alloc(R * K);
  const P = alloc(R * Hp);
  const G = alloc(N * Hp);
  const H0 = alloc(N * Hp);
  const IM = top - arena;
  const be = backend();
  if (!be.reserve(top + (cplx ? IM : 0))) return false;
  const m = e === 4 ? be.f32 : be.f64;
  const im = IM / e; // the imaginary planes, in elements
  packB(m, Bih / e, kind, a.wih, H, K, K, 1);
  packB(m, Bhh / e, kind, a.whh, H, H, H, 1);
  if (a.bih) packBias(m, bih / e, kind, a.bih, H);
  if (a.bhh) packBias(m, bhh / e, kind, a.bhh, H);
  m.fill(0, H0 / e, H0 / e + N * Hp);
  if (cplx) m.fill(0, H0 / e + im, H0 / e + im + N * Hp);
  if (a.h0) loadRows(m, H0 / e, Hp, im, a.h0, 0, N, H, cplx);
  const mc = (k: number) => Math.max(s.mr, Math.floor(BLOCK_BYTES / (k * e * planes) / s.mr) * s.mr);
  let prev = H0;
  const chunks = Math.ceil(T / tb);
  for (let ci = 0; ci < chunks; ci++) {
    const t0 = a.reverse ? Math.max(0, T - (ci + 1) * tb) : ci * tb;
    const t1 = a.reverse ? T - ci * tb : Math.min(T, t0 + tb);
    if (prev !== H0) {
      // the next projections overwrite P: carry h over in H0
      m.copyWithin(H0 / e, prev / e, prev / e + N * Hp);
      if (cplx) m.copyWithin(H0 / e + im, prev / e + im, prev / e + im + N * Hp);
      prev = H0;
    }
    loadRows(m, X / e, K, im, a.x, t0 * N, (t1 - t0) * N, K, cplx);
    be.gemm(kind, X, K, 1, (t1 - t0) * N, K, Bih, Hp, P, Hp, bih, mc(K), IM, IM);
    for (let si = 0; si < t1 - t0; si++) {
      const t = a.reverse ? t1 - 1 - si : t0 + si;
      const Pt = P + (t - t0) * N * Hp * e;
      be.gemm(kind, prev, Hp, 1, N, H, Bhh, Hp, G, Hp, bhh, mc(H), IM, IM);
      if (cplx) complexStep(a, m, G / e, Pt / e, im, Hp, t);
      else be.act(kind as 'f32' | 'f64', a.relu, G, Pt, N * Hp);
      prev = Pt;
    }
    if (!cplx) {
      for (let t = t0; t < t1; t++) {
        for (let n = 0; n < N; n++) {
          const src = P / e + ((t - t0) * N + n) * Hp;
          const dst = (t * N + n) * a.outStride + a.outOff;
          if (H >= 64) a.out.set(m.subarray(src, src + H), dst);
          else for (let j = 0; j < H; j++) a.out[dst + j] = m[src + j]; // short rows: no subarray to allocate
        }
      }
    }
  }
  for (let n = 0; n < N; n++) {
    const src = prev / e + n * Hp;
    for (let j = 0; j < H; j++) {
      if (!cplx) a.hN[a.hnOff + n * H + j] = m[src + j];
      else {
        a.hN[2 * (a.hnOff + n * H + j)] = m[src + j];
        a.hN[2 * (a.hnOff + n * H + j) + 1] = m[src + im + j];
      }
    }
  }
  return true;
}

/** complex64: h = tanh(g + P_t) into P_t's row and the layer output (g = G, both split planes). */
function complexStep(a: FastDirection, m: Float32Array | Float64Array, G: number, Pt: number, im: number, Hp: number, t: number): void {
  const { N, H, out } = a;
  for (let n = 0; n < N; n++) {
    const o0 = 2 * ((t * N + n) * a.outStride + a.outOff);
    for (let j = 0; j < H; j++) {
      const g = G + n * Hp + j;
      const p = Pt + n * Hp + j;
      const pr = m[p], pi = m[p + im];
      // torch's add_ multiplies P by alpha = 1 + 0i (kept for the same NaN pattern on overflow)
      ctanh(Math.fround(m[g] + (pr - pi * 0)), Math.fround(m[g + im] + (pr * 0 + pi)), scratch, 0, false);
      m[p] = scratch[0];
      m[p + im] = scratch[1];
      out[o0 + 2 * j] = m[p];
      out[o0 + 2 * j + 1] = m[p + im];
    }
  }
}

function allFinite(a: FastDirection): boolean {
  for (const s of [a.x, a.wih, a.whh, a.bih, a.bhh, a.h0]) {
    if (s) for (let i = 0; i < s.length; i++) if (!Number.isFinite(s[i])) return false;
  }
  return true;
}
