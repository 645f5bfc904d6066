// How much the recurrence amplifies a small error: along torch's own trajectory the step Jacobian is
// J_t = diag(act'(z_t)) · W_hh (tanh' = 1 - h_t², relu' = [h_t > 0]), and an error made at step k
// reaches the end of the sequence multiplied by J_end ⋯ J_{k+1}. Its ∞-norm (errors are judged by the
// greatest element) is the growth factor; the largest over k and the batch is what rounding can become.
import { isComplex } from '../../engine/dtype.js';
import type { Tensor } from '../../engine/tensor.js';
import { processingOrder, type Direction } from './engine-steps.js';

export interface Growth {
  /** max over k and batch of ||J_end ⋯ J_{k+1}||_∞ */
  factor: number;
  /** factor^(1/steps): the typical growth per step. */
  perStep: number;
  steps: number;
}

/** hidden (T, N, H) of torch in original time order; whh (H, H). */
export function growthFactor(hidden: Tensor, whh: Tensor, nonlinearity: 'tanh' | 'relu', direction: Direction): Growth {
  const [T = 0, N = 0, H = 0] = hidden.shape;
  const cx = isComplex(hidden.dtype);
  const L = cx ? 2 : 1;
  const W = whh.data;
  const order = processingOrder(direction, T);
  let factor = 1;
  for (let n = 0; n < N; n++) {
    // P = I, complex as separate re/im planes, row-major H×H.
    let pr = new Float64Array(H * H);
    let pi = new Float64Array(H * H);
    for (let i = 0; i < H; i++) pr[i * H + i] = 1;
    for (let k = T - 1; k >= 1; k--) {
      const t = order[k] ?? 0;
      // J_t = diag(d) W: d_j = act'(z_j) from h_t.
      const dr = new Float64Array(H);
      const di = new Float64Array(H);
      for (let j = 0; j < H; j++) {
        const o = ((t * N + n) * H + j) * L;
        const hr = hidden.data[o] ?? 0;
        const hi = cx ? (hidden.data[o + 1] ?? 0) : 0;
        if (nonlinearity === 'relu') dr[j] = hr > 0 ? 1 : 0;
        else {
          dr[j] = 1 - (hr * hr - hi * hi);
          di[j] = -2 * hr * hi;
        }
      }
      // P · J = P · diag(d) · W: scale P's columns by d, then multiply by W.
      const nr = new Float64Array(H * H);
      const ni = new Float64Array(H * H);
      for (let i = 0; i < H; i++) {
        for (let m = 0; m < H; m++) {
          const a = pr[i * H + m] ?? 0;
          const b = pi[i * H + m] ?? 0;
          const sr = a * (dr[m] ?? 0) - b * (di[m] ?? 0);
          const si = a * (di[m] ?? 0) + b * (dr[m] ?? 0);
          if (sr === 0 && si === 0) continue;
          for (let j = 0; j < H; j++) {
            const wr = W[(m * H + j) * L] ?? 0;
            const wi = cx ? (W[(m * H + j) * L + 1] ?? 0) : 0;
            nr[i * H + j] = (nr[i * H + j] ?? 0) + sr * wr - si * wi;
            ni[i * H + j] = (ni[i * H + j] ?? 0) + sr * wi + si * wr;
          }
        }
      }
      pr = nr;
      pi = ni;
      factor = Math.max(factor, infNorm(pr, pi, H));
      if (!Number.isFinite(factor)) break;
    }
  }
  const steps = Math.max(1, T - 1);
  return { factor, perStep: factor ** (1 / steps), steps };
}

function infNorm(re: Float64Array, im: Float64Array, H: number): number {
  let best = 0;
  for (let i = 0; i < H; i++) {
    let s = 0;
    for (let j = 0; j < H; j++) s += Math.hypot(re[i * H + j] ?? 0, im[i * H + j] ?? 0);
    best = Math.max(best, s);
  }
  return best;
}
