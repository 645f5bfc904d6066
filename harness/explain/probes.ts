// Small experiments that name a culprit once the pattern points at one: a step from zero input and
// zero state (only the biases act), the reverse half of the output mirrored in time, h_n rows permuted.
import type { RNNConfig } from '../../engine/config.js';
import { lanes } from '../../engine/dtype.js';
import { zeros, type Tensor } from '../../engine/tensor.js';
import { compareTensors, type Tolerance } from '../compare/index.js';
import type { EngineFactory } from '../engines/engine-side.js';
import { roundTo } from '../gen/materialize.js';
import { LayerEngine, suffix, type Slot } from './engine-steps.js';
import { flipTime } from './seq.js';
import { stepErrors } from './stats.js';

/** The same slot's weights with the biases moved: (b_ih + b_hh, 0) or (0, b_ih + b_hh). */
function movedBiases(sd: Record<string, Tensor>, s: Slot, into: 'ih' | 'hh'): Record<string, Tensor> | null {
  const ih = sd[`bias_ih${suffix(s)}`];
  const hh = sd[`bias_hh${suffix(s)}`];
  if (!ih || !hh) return null;
  const round = roundTo(ih.dtype);
  const sum = zeros(ih.dtype, ih.shape);
  for (let i = 0; i < sum.data.length; i++) sum.data[i] = round((ih.data[i] ?? 0) + (hh.data[i] ?? 0));
  const zero = zeros(ih.dtype, ih.shape);
  return { ...sd, [`bias_ih${suffix(s)}`]: into === 'ih' ? sum : zero, [`bias_hh${suffix(s)}`]: into === 'hh' ? sum : zero };
}

/** At the first wrong step, with torch's own input and previous state: does the engine match torch once
 * both biases are moved into one of them? Then it drops the other. (A correct engine is unaffected by
 * the move; one that ignores bias_hh is repaired by moving everything into bias_ih.) */
export function biasProbe(
  make: EngineFactory,
  cfg: RNNConfig,
  sd: Record<string, Tensor>,
  s: Slot,
  at: { input: Tensor; prev: Tensor; torch: Tensor },
  tol: Tolerance,
): string | null {
  const fits = (w: Record<string, Tensor> | null): boolean => {
    if (!w) return false;
    const got = new LayerEngine(cfg, w, make).step(s, at.input, at.prev);
    const [N = 0, H = 0] = at.torch.shape.slice(1);
    return stepErrors(cfg.dtype, { ...got, shape: [1, N, H] }, at.torch, tol).every((e) => e.inTol <= 1);
  };
  if (fits(movedBiases(sd, s, 'ih'))) return 'bias_hh not applied (moving it into bias_ih repairs the step)';
  if (fits(movedBiases(sd, s, 'hh'))) return 'bias_ih not applied (moving it into bias_hh repairs the step)';
  return null;
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
