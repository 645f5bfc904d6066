// Hidden sequences as explain handles them: (T, N, F) tensors whatever the case's layout, with the
// few reshapes the layer chain needs (layout in, time flip, feature concat, one step out).
import { lanes } from '../../engine/dtype.js';
import { zeros, type Tensor } from '../../engine/tensor.js';

export interface Dims {
  T: number;
  N: number;
}

/** The case's input (T,N,F), (N,T,F) batch-first, or (T,F) unbatched, as (T, N, F). */
export function toTNF(x: Tensor, batchFirst: boolean): Tensor {
  if (x.shape.length === 2) return { ...x, shape: [x.shape[0] ?? 0, 1, x.shape[1] ?? 0] };
  if (!batchFirst) return x;
  const [N = 0, T = 0, F = 0] = x.shape;
  const out = zeros(x.dtype, [T, N, F]);
  const w = F * lanes(x.dtype);
  for (let t = 0; t < T; t++) for (let n = 0; n < N; n++) out.data.set(x.data.subarray((n * T + t) * w, (n * T + t + 1) * w), (t * N + n) * w);
  return out;
}

/** hx (L*D, N, H) or (L*D, H) unbatched: row r as (1, N, H). */
export function hxRow(hx: Tensor, row: number, N: number, H: number): Tensor {
  const w = N * H * lanes(hx.dtype);
  return { dtype: hx.dtype, shape: [1, N, H], data: hx.data.slice(row * w, (row + 1) * w) };
}

export function flipTime(x: Tensor): Tensor {
  const [T = 0] = x.shape;
  const w = x.data.length / Math.max(1, T);
  const out = zeros(x.dtype, x.shape);
  for (let t = 0; t < T; t++) out.data.set(x.data.subarray(t * w, (t + 1) * w), (T - 1 - t) * w);
  return out;
}

/** Feature-wise concatenation of (T, N, Fi) tensors: the next layer's input. */
export function concatFeatures(xs: readonly Tensor[]): Tensor {
  const first = xs[0];
  if (!first) throw new Error('concatFeatures: nothing to concatenate');
  const [T = 0, N = 0] = first.shape;
  const L = lanes(first.dtype);
  const F = xs.reduce((s, x) => s + (x.shape[2] ?? 0), 0);
  const out = zeros(first.dtype, [T, N, F]);
  for (let r = 0; r < T * N; r++) {
    let off = r * F * L;
    for (const x of xs) {
      const w = (x.shape[2] ?? 0) * L;
      out.data.set(x.data.subarray(r * w, (r + 1) * w), off);
      off += w;
    }
  }
  return out;
}

/** Timestep t of a (T, N, F) tensor as (1, N, F). */
export function step(x: Tensor, t: number): Tensor {
  const [, N = 0, F = 0] = x.shape;
  const w = N * F * lanes(x.dtype);
  return { dtype: x.dtype, shape: [1, N, F], data: x.data.slice(t * w, (t + 1) * w) };
}

/** Writes a (1, N, F) step into timestep t of a (T, N, F) tensor. */
export function setStep(into: Tensor, t: number, s: Tensor): void {
  into.data.set(s.data, t * s.data.length);
}

/** The (T, N, H) sequences of the last layer back in the case's output layout. */
export function outputLayout(seqs: readonly Tensor[], batchFirst: boolean, unbatched: boolean): Tensor {
  const cat = concatFeatures(seqs);
  const [T = 0, N = 0, F = 0] = cat.shape;
  if (unbatched) return { ...cat, shape: [T, F] };
  if (!batchFirst) return cat;
  const out = zeros(cat.dtype, [N, T, F]);
  const w = F * lanes(cat.dtype);
  for (let t = 0; t < T; t++) for (let n = 0; n < N; n++) out.data.set(cat.data.subarray((t * N + n) * w, (t * N + n + 1) * w), (n * T + t) * w);
  return out;
}

/** Each direction's final state, stacked as h_n: (L*D, N, H), or (L*D, H) unbatched. */
export function hNLayout(seqs: readonly { direction: 'forward' | 'reverse'; hidden: Tensor }[], unbatched: boolean): Tensor {
  const first = seqs[0]?.hidden;
  if (!first) throw new Error('hNLayout: no sequences');
  const [T = 0, N = 0, H = 0] = first.shape;
  const out = zeros(first.dtype, unbatched ? [seqs.length, H] : [seqs.length, N, H]);
  const w = N * H * lanes(first.dtype);
  seqs.forEach((s, r) => {
    const t = s.direction === 'reverse' ? 0 : T - 1;
    if (T > 0) out.data.set(s.hidden.data.subarray(t * w, (t + 1) * w), r * w);
  });
  return out;
}
