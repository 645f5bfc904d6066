// Small experiments that name a culprit once the pattern points at one: a step from zero input and
// zero state (only the biases act), the reverse half of the output mirrored in time, h_n rows permuted.
import { isComplex, lanes, type DType } from '../../engine/dtype.js';
import { zeros, type Tensor } from '../../engine/tensor.js';
import { compareTensors, type Tolerance } from '../compare/index.js';
import type { LayerEngine, Slot } from './engine-steps.js';
import { suffix } from './engine-steps.js';
import { flipTime } from './seq.js';
import { stepErrors } from './stats.js';

function ctanh(a: number, b: number): [number, number] {
  if (b === 0) return [Math.tanh(a), 0];
  const d = Math.cosh(2 * a) + Math.cos(2 * b);
  return [Math.sinh(2 * a) / d, Math.sin(2 * b) / d];
}

function activate(nonlinearity: 'tanh' | 'relu', v: Float64Array, cx: boolean): Float64Array {
  const out = new Float64Array(v.length);
  for (let i = 0; i < v.length; i += cx ? 2 : 1) {
    if (cx) [out[i], out[i + 1]] = ctanh(v[i] ?? 0, v[i + 1] ?? 0);
    else out[i] = nonlinearity === 'tanh' ? Math.tanh(v[i] ?? 0) : Math.max(0, v[i] ?? 0);
  }
  return out;
}

function close(dtype: DType, got: Tensor, want: Float64Array, tol: Tolerance): boolean {
  const cx = isComplex(dtype);
  for (let i = 0; i < want.length; i += cx ? 2 : 1) {
    const [gr, gi, wr, wi] = [got.data[i] ?? 0, cx ? (got.data[i + 1] ?? 0) : 0, want[i] ?? 0, cx ? (want[i + 1] ?? 0) : 0];
    if (Math.hypot(gr - wr, gi - wi) > tol.atol + tol.rtol * Math.hypot(wr, wi)) return false;
  }
  return true;
}

/** With input 0 and state 0 only the biases act: h = act(b_ih + b_hh). Which biases did the engine apply? */
export function biasProbe(engine: LayerEngine, s: Slot, sd: Record<string, Tensor>, nonlinearity: 'tanh' | 'relu', dtype: DType, inputSize: number, tol: Tolerance): string | null {
  const bih = sd[`bias_ih${suffix(s)}`];
  const bhh = sd[`bias_hh${suffix(s)}`];
  if (!bih || !bhh) return null;
  const H = bih.shape[0] ?? 0;
  const cx = isComplex(dtype);
  const got = engine.step(s, zeros(dtype, [1, 1, inputSize]), zeros(dtype, [1, 1, H]));
  const sum = (a: boolean, b: boolean) => Float64Array.from({ length: H * lanes(dtype) }, (_, i) => (a ? (bih.data[i] ?? 0) : 0) + (b ? (bhh.data[i] ?? 0) : 0));
  if (close(dtype, got, activate(nonlinearity, sum(true, true), cx), tol)) return null;
  if (close(dtype, got, activate(nonlinearity, sum(true, false), cx), tol)) return 'bias_hh not applied (a step from zero input and zero state gives act(bias_ih) alone)';
  if (close(dtype, got, activate(nonlinearity, sum(false, true), cx), tol)) return 'bias_ih not applied (a step from zero input and zero state gives act(bias_hh) alone)';
  if (close(dtype, got, activate(nonlinearity, sum(false, false), cx), tol)) return 'biases not applied (a step from zero input and zero state gives act(0))';
  if (close(dtype, got, activate(nonlinearity, Float64Array.from(sum(true, true), (v) => 2 * v), cx), tol)) return 'a bias applied twice';
  return 'bias: a step from zero input and zero state is not act(bias_ih + bias_hh)';
}

/** One direction's half (H of the last dim) of the last layer, taken from a (T, N, D*H) output. */
function half(out: Tensor, d: number, H: number): Tensor {
  const [T = 0, N = 0, F = 0] = out.shape;
  const L = lanes(out.dtype);
  const h = zeros(out.dtype, [T, N, H]);
  for (let r = 0; r < T * N; r++) h.data.set(out.data.subarray((r * F + d * H) * L, (r * F + d * H + H) * L), r * H * L);
  return h;
}

/** The engine's full output against its own per-layer chain, direction by direction (both (T, N, D*H)). */
export function outputLayoutProbe(full: Tensor, chained: Tensor, D: number, H: number, tol: Tolerance): { direction: 'forward' | 'reverse'; t: number; mirrored: boolean } | null {
  const [T = 0] = full.shape;
  for (let d = 0; d < D; d++) {
    const f = half(full, d, H);
    const c = half(chained, d, H);
    const v = compareTensors(f, c, tol);
    if (v.ok) continue;
    const mirrored = T > 1 && compareTensors(f, flipTime(c), tol).ok;
    const t = stepErrors(full.dtype, f, c, tol).findIndex((e) => e.inTol > 1);
    return { direction: d === 1 ? 'reverse' : 'forward', t: Math.max(0, t), mirrored };
  }
  return null;
}

/** h_n rows of the engine's full module matched to its chain's final states: row i holds chain row perm[i] (-1: none). */
export function hNRowProbe(full: Tensor, chained: Tensor, tol: Tolerance): number[] | null {
  const rows = full.shape[0] ?? 0;
  const w = full.data.length / Math.max(1, rows);
  const row = (t: Tensor, i: number): Tensor => ({ dtype: t.dtype, shape: [w / lanes(t.dtype)], data: t.data.slice(i * w, (i + 1) * w) });
  if (compareTensors(full, chained, tol).ok) return null;
  return Array.from({ length: rows }, (_, i) => {
    if (compareTensors(row(full, i), row(chained, i), tol).ok) return i;
    for (let j = 0; j < rows; j++) if (compareTensors(row(full, i), row(chained, j), tol).ok) return j;
    return -1;
  });
}
