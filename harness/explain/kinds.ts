// explain on the other kinds of case, from the two sides' final tensors (the per-layer chain runs
// padded forward input only). Packed: each sequence's time steps (padded ones marked) and its h_n
// rows. Gradient: the gradients in the order the backward pass completes them (last layer first,
// input and hx last), and for the input's gradient the backward time step where it first parts.
import type { RNNConfig } from '../../engine/config.js';
import { isComplex, lanes, type DType } from '../../engine/dtype.js';
import type { Tensor } from '../../engine/tensor.js';
import type { Tolerance } from '../compare/index.js';
import type { ConformanceCase } from '../case/index.js';
import { sparklineOf } from './sparkline.js';
import { short } from './verdict.js';

/** Error of one element in tolerances (0 when identical or both NaN). */
function inTol(dtype: DType, a: Tensor, e: Tensor, i: number, tol: Tolerance): number {
  const cx = isComplex(dtype);
  const [ar, ai, er, ei] = cx ? [a.data[2 * i] ?? 0, a.data[2 * i + 1] ?? 0, e.data[2 * i] ?? 0, e.data[2 * i + 1] ?? 0] : [a.data[i] ?? 0, 0, e.data[i] ?? 0, 0];
  const nanA = Number.isNaN(ar) || Number.isNaN(ai);
  const nanE = Number.isNaN(er) || Number.isNaN(ei);
  if ((nanA && nanE) || (ar === er && ai === ei)) return 0;
  if (nanA || nanE) return Infinity;
  const err = Math.hypot(ar - er, ai - ei) / (tol.atol + tol.rtol * Math.hypot(er, ei));
  // A finite value against an infinite one, or +inf against -inf: inf / inf is NaN, and no tolerance covers it.
  return Number.isNaN(err) ? Infinity : err;
}

/** Worst error over the elements of a (T, N, F) or (N, T, F) tensor at step t of batch entry n. */
function cell(dtype: DType, a: Tensor, e: Tensor, t: number, n: number, batchFirst: boolean, tol: Tolerance): number {
  const [d0 = 0, d1 = 0, F = 0] = e.shape;
  const [T, N] = batchFirst ? [d1, d0] : [d0, d1];
  if (t >= T || n >= N) return 0;
  let worst = 0;
  const row = batchFirst ? n * T + t : t * N + n;
  for (let f = 0; f < F; f++) worst = Math.max(worst, inTol(dtype, a, e, row * F + f, tol));
  return worst;
}

export interface KindReport {
  lines: string[];
  /** The verdict line, or null when nothing parts. */
  verdict: string | null;
}

export function explainPacked(c: ConformanceCase, cfg: RNNConfig, eng: { output: Tensor; hN: Tensor }, torch: { output: Tensor; hN: Tensor }, tol: Tolerance): KindReport {
  const lengths = c.lengths ?? [];
  const dtype = cfg.dtype;
  const bf = cfg.batchFirst;
  const T = Math.max(0, ...lengths);
  const D = cfg.bidirectional ? 2 : 1;
  const rows = cfg.numLayers * D;
  const H = cfg.hiddenSize;
  const N = lengths.length;
  const lines = [`packed: ${N} sequences, lengths [${lengths.join(', ')}], enforce_sorted=${c.enforceSorted ?? true}; output error per time step in tolerances (· exact, ▁ <1e-3 … ▅ ≥1 past tolerance … █ ≥1e3; ░ a padded step, 0 on both sides; ! a padded step not 0)`];
  let firstOut: { n: number; t: number } | null = null;
  const badHN: number[] = [];
  for (let n = 0; n < N; n++) {
    const L = lengths[n] ?? 0;
    const errs = Array.from({ length: T }, (_, t) => cell(dtype, eng.output, torch.output, t, n, bf, tol));
    const spark = errs.map((x, t) => (t < L ? sparklineOf(x) : x === 0 ? '░' : '!')).join('');
    if (!firstOut) {
      const t = errs.findIndex((x) => x > 1);
      if (t >= 0) firstOut = { n, t };
    }
    let hWorst = 0;
    for (let r = 0; r < rows; r++) for (let j = 0; j < H; j++) hWorst = Math.max(hWorst, inTol(dtype, eng.hN, torch.hN, (r * N + n) * H + j, tol));
    if (hWorst > 1) badHN.push(n);
    lines.push(`  seq ${String(n).padStart(2)} (length ${String(L).padStart(3)})  ${spark}  h_n ${hWorst > 1 ? `past tolerance (${short(hWorst)})` : 'within tolerance'}`);
  }
  if (!firstOut && badHN.length === 0) return { lines, verdict: null };
  const short_ = badHN.filter((n) => (lengths[n] ?? 0) < T);
  let verdict = firstOut ? `packed: first parts at sequence ${firstOut.n} (length ${lengths[firstOut.n]}), t=${firstOut.t}` : `packed: outputs agree, h_n parts for sequence(s) ${badHN.join(', ')}`;
  if (badHN.length > 0 && short_.length === badHN.length && lengths.some((l) => l === T && !badHN.includes(lengths.indexOf(l)))) {
    verdict += `; h_n parts only for sequences shorter than the longest (${short_.map((n) => `${n}: length ${lengths[n]}`).join(', ')}): padded steps fed into the recurrence?`;
  }
  return { lines, verdict };
}

/** The gradients in the order the backward pass completes them: the last layer's parameters first
 * (its backward runs first), down to layer 0, then the input's and hx's. */
function backwardOrder(cfg: RNNConfig, names: readonly string[]): string[] {
  const order: string[] = [];
  for (let l = cfg.numLayers - 1; l >= 0; l--) {
    for (const sfx of [`l${l}`, `l${l}_reverse`]) for (const k of ['weight_hh', 'bias_hh', 'weight_ih', 'bias_ih']) order.push(`${k}_${sfx}`);
  }
  order.push('input', 'hx');
  return order.filter((k) => names.includes(k));
}

export function explainGradient(c: ConformanceCase, cfg: RNNConfig, eng: Record<string, Tensor>, torch: Record<string, Tensor>, tol: Tolerance): KindReport {
  const dtype = cfg.dtype;
  const names = backwardOrder(cfg, Object.keys(torch));
  const worst = (k: string): number => {
    const e = eng[k];
    const t = torch[k];
    if (!e || !t || e.shape.join() !== t.shape.join()) return Infinity;
    let w = 0;
    for (let i = 0; i < t.data.length / lanes(dtype); i++) w = Math.max(w, inTol(dtype, e, t, i, tol));
    return w;
  };
  const lines = [`gradient${c.gradHN ? ' (grad_h_n given)' : ' (no grad_h_n: zeros)'}: each gradient's worst element in tolerances, in the order the backward pass completes them`];
  const errs = names.map((k) => [k, worst(k)] as const);
  for (const [k, w] of errs) lines.push(`  grad.${k.padEnd(22)} ${w === 0 ? 'exact' : w > 1 ? `past tolerance (${short(w)})` : `within (${short(w)})`}`);
  // The input's gradient by time step, in backward order (t = T-1 first): where it first parts.
  const gi = torch.input;
  const ge = eng.input;
  let firstStep: number | null = null;
  if (gi && ge && gi.shape.join() === ge.shape.join() && gi.shape.length >= 2) {
    const unbatched = gi.shape.length === 2;
    const T = unbatched || !cfg.batchFirst ? (gi.shape[0] ?? 0) : (gi.shape[1] ?? 0);
    const N = unbatched ? 1 : cfg.batchFirst ? (gi.shape[0] ?? 0) : (gi.shape[1] ?? 0);
    const view = (x: Tensor): Tensor => (unbatched ? { ...x, shape: [T, 1, x.shape[1] ?? 0] } : x);
    const steps = Array.from({ length: T }, (_, k) => {
      const t = T - 1 - k;
      let w = 0;
      for (let n = 0; n < N; n++) w = Math.max(w, cell(dtype, view(ge), view(gi), t, n, !unbatched && cfg.batchFirst, tol));
      return w;
    });
    lines.push(`  grad.input by backward step (t=${T - 1} first): ${steps.map(sparklineOf).join('')}`);
    const k = steps.findIndex((w) => w > 1);
    if (k >= 0) firstStep = k;
    if (firstStep !== null) lines.push(`  grad.input first past tolerance at backward step ${firstStep} (t=${T - 1 - firstStep})`);
  }
  const first = errs.find(([, w]) => w > 1);
  if (!first) return { lines, verdict: null };
  const where = firstStep !== null ? `; the input's gradient first parts at backward step ${firstStep} (t=${(torch.input?.shape.length === 2 || !cfg.batchFirst ? torch.input?.shape[0] ?? 0 : torch.input?.shape[1] ?? 0) - 1 - firstStep})` : '';
  const hint = firstStep === 0 && c.gradHN ? ' — where grad_h_n enters the backward: is it dropped or misrouted?' : '';
  return { lines, verdict: `gradient: first parts in grad.${first[0]} (in the backward pass's order)${where}${hint}` };
}
