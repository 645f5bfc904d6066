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

/** dst (cols × rows) = src (rows × cols)ᵀ, lanes values per element; src rows at srcOff + r*stride. */
export function transpose(src: Storage, srcOff: number, stride: number, rows: number, cols: number, lanes: 1 | 2, dst: Storage): void {
  for (let r = 0; r < rows; r++) {
    const s = srcOff + r * stride;
    for (let c = 0; c < cols; c++) {
      const d = (c * rows + r) * lanes;
      dst[d] = src[s + c * lanes];
      if (lanes === 2) dst[d + 1] = src[s + c * lanes + 1];
    }
  }
}
