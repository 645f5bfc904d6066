// Backpropagation through time for real dtypes: one direction of one layer, then its input projection.
// Every tensor torch's backward stores is rounded to the dtype where torch rounds it:
//   gh = gOut_t + (gh_n or g_{t+1}·W_hh)        add, rounded
//   gs = gh·(1 - h²)  /  h > 0 ? gh : 0          tanh_backward (1 - h² fused) / threshold_backward
//   gb_hh += Σ_n gs      gW_hh += gsᵀ·h_{t-1}    sum_to and mm per step, each rounded, then accumulated
//   g_t = gs·W_hh                                mm
// and for the projection gW_ih = gSᵀ·x, gb_ih = Σ_rows gS, gx = gS·W_ih.
// float16/bfloat16 compute each op in float32 and round its result: mm's gsᵀ·h is torch's k-order
// chain (gemm_transb_), gs·W its four partial sums (gemm_notrans_, dot4.ts). Past float32's range
// they part (torch 2.13, bfloat16): gs·W's leftover products (k >= K - K % 4) are rounded first
// (2^133 - 2^133 = inf - inf = NaN), its four-way loop and gsᵀ·h are fused (the same sum gives inf,
// and -3e38 + 4e38 gives 1e38).
// float32 and float64 sum
// in k order (MKL's order for most shapes; not bit-exact for every shape).
import { fma64, fmaF32 } from '../uniform.js';
import { chainF32, chainF64 } from './chain.js';
import { carryToH0, previousStateT, stepRows, transpose, type DirectionGrad, type ProjectionGrad, type StepRows } from './bptt.js';
import { dot4F32 } from './dot4.js';
import type { RealLayout } from './real.js';
import { columnSums, SUM_WIDTHS } from './reduce.js';
import type { Storage } from '../dtype.js';

function alloc(L: RealLayout, n: number): Storage {
  return L.f32 ? new Float32Array(n) : new Float64Array(n);
}

/** out (rows × cols) = x (rows × K) · Wᵀ, W (cols × K): the dtype's mm for grad·W (W given transposed). */
function mmGrad(L: RealLayout, x: Storage, rows: number, K: number, W: Storage, cols: number, out: Storage): void {
  const st = L.store;
  if (st) {
    dot4F32(x as Float32Array, 0, rows, K, W as Float32Array, cols, out as Float32Array, 0);
    for (let i = 0; i < rows * cols; i++) out[i] = st(out[i]);
  } else if (L.f32) chainF32(x as Float32Array, 0, rows, K, W as Float32Array, cols, out as Float32Array, 0);
  else chainF64(x as Float64Array, 0, rows, K, W as Float64Array, cols, out as Float64Array, 0);
  keepK1Products(L, x, rows, K, W, cols, out);
}

/**
 * MKL's float32/float64 gemm with K = 1 and both other sides >= 2 writes each product as it is, not summed
 * from +0 (torch 2.13: a -0 product stays -0); the k-order chains above start from +0.
 */
function keepK1Products(L: RealLayout, x: Storage, rows: number, K: number, W: Storage, cols: number, out: Storage): void {
  if (L.store || K !== 1 || rows < 2 || cols < 2) return;
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < cols; j++) out[r * cols + j] = L.f32 ? Math.fround(x[r] * W[j]) : x[r] * W[j];
  }
}

/** out (rows × cols) = a (rows × K) · bᵀ (b: cols × K), summed in k order: the weight gradients' mm. */
function mmChain(L: RealLayout, a: Storage, rows: number, K: number, b: Storage, cols: number, out: Storage): void {
  if (L.f32) chainF32(a as Float32Array, 0, rows, K, b as Float32Array, cols, out as Float32Array, 0);
  else chainF64(a as Float64Array, 0, rows, K, b as Float64Array, cols, out as Float64Array, 0);
  const st = L.store;
  if (st) for (let i = 0; i < rows * cols; i++) out[i] = st(out[i]);
  keepK1Products(L, a, rows, K, b, cols, out);
}

/** Column sums of a (rows × cols) block, stored in the dtype. */
function biasSum(L: RealLayout, src: Storage, rows: number, cols: number, out: Storage): void {
  columnSums(src, rows, cols, 1, L.store ? SUM_WIDTHS.half : L.f32 ? SUM_WIDTHS.float32 : SUM_WIDTHS.float64, L.f32, out);
  const st = L.store;
  if (st) for (let j = 0; j < cols; j++) out[j] = st(out[j]);
}

/** acc = first ? v : acc + v, rounded: how autograd accumulates a gradient arriving from several steps. */
function accumulate(L: RealLayout, acc: Storage, v: Storage, first: boolean): void {
  const st = L.store;
  if (first) acc.set(v);
  else if (st) for (let i = 0; i < acc.length; i++) acc[i] = st(acc[i] + v[i]);
  else for (let i = 0; i < acc.length; i++) acc[i] = acc[i] + v[i]; // a Float32Array store is float32's rounding
}

/**
 * gs = tanh_backward / threshold_backward of gh = gOut_t + up, for rows [r0, r1) of step p (up's row
 * r at upOff + r*H): the loop of bpttReal, one copy per dtype family so each stays monomorphic.
 */
function stepGrad(L: RealLayout, a: DirectionGrad, p: StepRows, r0: number, r1: number, up: Storage, upOff: number): void {
  const { H } = a;
  const relu = a.relu;
  const gOut = a.gOut, h = a.h, gS = a.gS;
  const st = L.store;
  if (st) {
    for (let n = r0; n < r1; n++) {
      const o = (p.row0 + n) * a.stride + a.off;
      const u = upOff + n * H;
      const gs = (p.row0 + n) * H;
      for (let j = 0; j < H; j++) {
        const g = st(gOut[o + j] + up[u + j]);
        const hv = h[o + j];
        // tanh_backward(g, h) = g·(1 - h²), the 1 - h² fused (one rounding): h² is exact in float32 for 16-bit h
        gS[gs + j] = relu ? (hv <= 0 ? 0 : g) : st(g * Math.fround(1 - hv * hv));
      }
    }
  } else if (L.f32) {
    for (let n = r0; n < r1; n++) {
      const o = (p.row0 + n) * a.stride + a.off;
      const u = upOff + n * H;
      const gs = (p.row0 + n) * H;
      for (let j = 0; j < H; j++) {
        const g = Math.fround(gOut[o + j] + up[u + j]);
        const hv = h[o + j];
        gS[gs + j] = relu ? (hv <= 0 ? 0 : g) : Math.fround(g * fmaF32(-hv, hv, 1));
      }
    }
  } else {
    for (let n = r0; n < r1; n++) {
      const o = (p.row0 + n) * a.stride + a.off;
      const u = upOff + n * H;
      const gs = (p.row0 + n) * H;
      for (let j = 0; j < H; j++) {
        const g = gOut[o + j] + up[u + j];
        const hv = h[o + j];
        gS[gs + j] = relu ? (hv <= 0 ? 0 : g) : g * fma64(-hv, hv, 1);
      }
    }
  }
}

export function bpttReal(L: RealLayout, a: DirectionGrad): void {
  const { T, N, H } = a;
  const NH = N * H;
  const carry = alloc(L, NH); // g_{t+1}·W_hh: h_t's gradient through the next step
  const gT = alloc(L, NH);
  const hT = alloc(L, NH);
  const G = alloc(L, H * H);
  const bStep = a.gBhh ? alloc(L, H) : null;
  const wt = alloc(L, H * H);
  transpose(a.whh, 0, H, H, H, 1, wt);
  const zeros = alloc(L, NH);
  for (let s = T - 1; s >= 0; s--) {
    const p = stepRows(a, s);
    const n = p.n;
    // relu: threshold_backward(g, result, 0) passes g unless result <= 0 (a NaN result passes it)
    stepGrad(L, a, p, 0, p.fed, carry, 0);
    stepGrad(L, a, p, p.fed, n, a.gHN, a.gHNOff);
    const gsT = a.gS.subarray(p.row0 * H, (p.row0 + n) * H);
    if (a.gBhh && bStep) {
      biasSum(L, gsT, n, H, bStep);
      accumulate(L, a.gBhh, bStep, p.last);
    }
    // gW_hh's term: gsᵀ·h_{t-1}, from torch's zeros when there is no h0 (0·inf is still NaN)
    transpose(gsT, 0, H, n, H, 1, gT);
    previousStateT(a, p, 1, zeros, hT);
    mmChain(L, gT, H, n, hT, H, G);
    accumulate(L, a.gWhh, G, p.last);
    if (s > 0 || a.gH0) {
      mmGrad(L, gsT, n, H, wt, H, carry);
      carryToH0(a, p, 1, carry);
    }
  }
  // packed: each step reads its rows of the input projection through a slice, so the projection's gradient
  // is the steps' slices padded with +0 and summed: every row comes out x + 0 (a -0 becomes +0)
  if (a.sizes && T >= 2) for (let i = 0; i < a.gS.length; i++) a.gS[i] += 0;
}

export function projectionGradReal(L: RealLayout, p: ProjectionGrad): void {
  const { rows, inSize, H } = p;
  const gST = alloc(L, rows * H);
  transpose(p.gS, 0, H, rows, H, 1, gST);
  mmChain(L, gST, H, rows, p.xT, inSize, p.gWih);
  if (p.gBih) biasSum(L, p.gS, rows, H, p.gBih);
  const wt = alloc(L, H * inSize);
  transpose(p.wih, 0, inSize, H, inSize, 1, wt);
  mmGrad(L, p.gS, rows, H, wt, inSize, p.gX);
}
