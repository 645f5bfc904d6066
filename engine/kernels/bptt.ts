// The backward pass's per-direction math, what tape.ts's plumbing calls: backpropagation through time
// for one direction of one layer (bpttReal / bpttComplex), then the gradients of its input projection
// x·W_ihᵀ + b_ih. The graph is the one _VF.rnn_tanh/rnn_relu records on CPU: per step
// addmm(b_hh, h, W_hhᵀ).add_(P_t) then tanh/relu, P = addmm(b_ih, x, W_ihᵀ) for all steps, unbind,
// stack. Each gradient is what torch 2.13's backward formula stores, rounded where its kernels round.
import type { Storage } from '../dtype.js';

/** One direction of one layer: its saved states, weights and upstream gradients, and where results go. */
export interface DirectionGrad {
  readonly T: number;
  readonly N: number;
  readonly H: number;
  /** The reverse direction runs t = T-1..0 forward, so its backward runs t = 0..T-1. */
  readonly reverse: boolean;
  /** This direction's h_t, element (t, n, j) at h[(t*N + n)*stride + off + j] (the layer's output). */
  readonly h: Storage;
  readonly off: number;
  readonly stride: number;
  /** The initial hidden state (N × H), null for torch's zeros. */
  readonly h0: Storage | null;
  readonly whh: Storage;
  readonly relu: boolean;
  /** The layer output's gradient, laid out as h. */
  readonly gOut: Storage;
  /** The final hidden state's gradient (N × H) at gHN[gHNOff...]. */
  readonly gHN: Storage;
  readonly gHNOff: number;
  /** Out: each step's pre-activation gradient, (T, N, H) in time order. */
  readonly gS: Storage;
  /** Out: W_hh's gradient (H × H), b_hh's (H) when there is a bias, h0's (N × H) when it takes one. */
  readonly gWhh: Storage;
  readonly gBhh: Storage | null;
  readonly gH0: Storage | null;
  /**
   * A packed batch (forward-packed.ts): step t runs only sizes[t] rows (non-increasing, sizes[0] = N),
   * starting at row starts[t] of h, gOut and gS. Absent: N rows every step, step t at row t*N.
   * gHN and h0 rows are the packed (sorted) batch's rows.
   */
  readonly sizes?: readonly number[];
  readonly starts?: readonly number[];
}

/**
 * Backward step s (s = T-1 first) of one direction: which rows meet which gradient. Step t's n rows
 * are h_t; rows [0, fed) of their gradient come from the step after it in forward time (the carry,
 * g·W_hh), rows [fed, n) from h_n (a sequence that ended at t; every row at the last step). h_t's
 * previous state: rows [0, fromPrev) are h_prev's (step prevT), the rest hx's (or zeros). After the
 * step, the carry's rows [toH0, n) are hx's gradient (n when none are).
 */
export interface StepRows {
  readonly t: number;
  readonly n: number;
  readonly row0: number;
  readonly last: boolean;
  readonly fed: number;
  readonly prevT: number;
  readonly prevRow0: number;
  readonly fromPrev: number;
  readonly toH0: number;
}

export function stepRows(a: DirectionGrad, s: number): StepRows {
  const { T, N } = a;
  const size = (t: number): number => (t < 0 || t >= T ? 0 : a.sizes ? (a.sizes[t] as number) : N);
  const start = (t: number): number => (a.starts ? (a.starts[t] as number) : t * N);
  const t = a.reverse ? T - 1 - s : s;
  const n = size(t);
  const last = s === T - 1;
  // forward: h_t's first size(t+1) rows feed step t+1; reverse: all of them feed step t-1
  const fed = last ? 0 : a.reverse ? n : size(t + 1);
  const prevT = a.reverse ? t + 1 : t - 1;
  const fromPrev = a.reverse ? size(prevT) : prevT >= 0 ? n : 0;
  const toH0 = a.reverse ? size(t + 1) : t === 0 ? 0 : n;
  return { t, n, row0: start(t), last, fed, prevT, prevRow0: prevT >= 0 && prevT < T ? start(prevT) : 0, fromPrev, toH0 };
}

/** The input projection of one direction: P = x·W_ihᵀ + b_ih over rows = T*N. */
export interface ProjectionGrad {
  readonly rows: number;
  readonly inSize: number;
  readonly H: number;
  /** x transposed (inSize × rows): shared by both directions of a layer. */
  readonly xT: Storage;
  readonly wih: Storage;
  /** P's gradient (rows × H): DirectionGrad.gS. */
  readonly gS: Storage;
  /** Out: W_ih's gradient (H × inSize), b_ih's (H) or null, x's (rows × inSize). */
  readonly gWih: Storage;
  readonly gBih: Storage | null;
  readonly gX: Storage;
}

/**
 * dst (cols × rows) = src (rows × cols)ᵀ, lanes values per element; src rows at srcOff + r*stride.
 * Into a wider dst: its rows ld long, this block from column r0.
 */
export function transpose(src: Storage, srcOff: number, stride: number, rows: number, cols: number, lanes: 1 | 2, dst: Storage, ld = rows, r0 = 0): void {
  for (let r = 0; r < rows; r++) {
    const s = srcOff + r * stride;
    for (let c = 0; c < cols; c++) {
      const d = (c * ld + r0 + r) * lanes;
      dst[d] = src[s + c * lanes];
      if (lanes === 2) dst[d + 1] = src[s + c * lanes + 1];
    }
  }
}

/** hT (H × n) = step p's previous state transposed: h_prev's rows, then hx's (zeros without one). */
export function previousStateT(a: DirectionGrad, p: StepRows, lanes: 1 | 2, zeros: Storage, hT: Storage): void {
  const { H } = a;
  if (p.fromPrev > 0) transpose(a.h, p.prevRow0 * a.stride + a.off, a.stride, p.fromPrev, H, lanes, hT, p.n, 0);
  if (p.n > p.fromPrev) transpose(a.h0 ?? zeros, p.fromPrev * H * lanes, H * lanes, p.n - p.fromPrev, H, lanes, hT, p.n, p.fromPrev);
}

/** The carry's rows that are hx's gradient (step p's rows [toH0, n)) into gH0. */
export function carryToH0(a: DirectionGrad, p: StepRows, lanes: 1 | 2, carry: Storage): void {
  if (!a.gH0 || p.toH0 >= p.n) return;
  const row = a.H * lanes;
  a.gH0.set(carry.subarray(p.toH0 * row, p.n * row), p.toH0 * row);
}
