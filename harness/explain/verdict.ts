// The one line a person acts on, from the per-step evidence:
//   local        the engine's step function is wrong: teacher-forced from torch's own previous state it
//                still misses torch by more than the tolerance (first such step named, culprit if a probe
//                finds one);
//   layout       every step is right but the full module puts results in the wrong place (reverse
//                outputs in processing order, h_n rows permuted);
//   precision    every step is right, torch drifts from the exact answer and the engine does not: it is
//                not rounding like the dtype;
//   accumulated  every step within a few ULP, the recurrence amplifying the rounding;
//   conforms     nothing past the tolerance anywhere;
//   refusal / unexplained  what the comparator said, when no per-step evidence applies.
import type { RNNConfig } from '../../engine/config.js';
import type { CaseVerdict } from '../check/judge.js';
import type { Slot } from './engine-steps.js';
import { slotName } from './engine-steps.js';
import { LOCAL_ULPS, type SlotReport } from './slot-report.js';
import { maxOf } from './stats.js';

export type VerdictKind = 'local' | 'layout' | 'precision' | 'accumulated' | 'conforms' | 'refusal' | 'unexplained';

export interface Verdict {
  kind: VerdictKind;
  line: string;
  /** Where it starts (absent for conforms/refusal). */
  at?: { layer: number; direction: 'forward' | 'reverse'; t: number; tensor?: 'output' | 'h_n' };
}

export interface VerdictInput {
  comparator: CaseVerdict;
  config: RNNConfig | null;
  slots: readonly SlotReport[];
  layout: { output: { direction: 'forward' | 'reverse'; t: number; mirrored: boolean } | null; hNRows: number[] | null; layers: number; D: number } | null;
  probe: { slot: Slot; t: number; culprit: string } | null;
}

/** 2.3e4, 12, 1.5: short numbers for a verdict line. */
export function short(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x !== 0 && (Math.abs(x) >= 1e4 || Math.abs(x) < 1e-2)) return x.toExponential(1).replace('e+', 'e');
  return String(Number(x.toPrecision(2)));
}

function rowName(r: number, D: number): string {
  return `row ${r} (layer ${Math.floor(r / D)} ${r % D === 0 ? 'forward' : 'reverse'})`;
}

export function verdictOf(v: VerdictInput): Verdict {
  const cmp = v.comparator;
  if (cmp.refusal || v.config === null) {
    if (cmp.status === 'passed') return { kind: 'conforms', line: `conforms: ${cmp.refusal ? 'both refuse, identically' : 'within tolerance'}` };
    const said = cmp.message.split('\n').slice(0, 2).map((l) => l.trim()).join(' ');
    return { kind: cmp.status === 'failed' ? 'refusal' : 'unexplained', line: `${cmp.status === 'failed' ? 'refusal' : 'unexplained'}: ${said}` };
  }
  if (v.slots.length === 0) {
    if (cmp.status === 'passed') return { kind: 'conforms', line: 'conforms: within tolerance (no per-layer evidence)' };
    return { kind: 'unexplained', line: `unexplained: ${cmp.message.split('\n')[0] ?? ''}; no per-layer evidence` };
  }

  // local: the step function itself.
  if (v.probe) {
    const { slot, t, culprit } = v.probe;
    const r = v.slots.find((s) => s.layer === slot.layer && s.direction === slot.direction);
    const bad = r ? r.local.filter((e) => e.inTol > 1 && e.scaledUlp > LOCAL_ULPS).length : 0;
    const w = r?.local[t]?.worst;
    const what = culprit || (w ? `step differs at unit ${w.unit}${r && (r.local.length > 1 || w.n > 0) ? `, batch ${w.n}` : ''}: engine ${w.actual} vs torch ${w.expected}` : 'step differs');
    return { kind: 'local', line: `local: ${slotName(slot)}, t=${t}: ${what} (wrong at ${bad} of ${r?.local.length ?? 0} steps from torch's own state)`, at: { ...slot, t } };
  }

  // layout: the arithmetic is right, the plumbing is not.
  const lay = v.layout;
  if (lay?.output) {
    const o = lay.output;
    const T = v.slots[0]?.free.length ?? 0;
    const layer = lay.layers - 1;
    const why = o.mirrored ? `output t=${o.t} holds t=${T - 1 - o.t}: ${o.direction} outputs stored in processing order (mirrored in time)` : `output t=${o.t} differs from the engine's own layer ${layer} ${o.direction} sequence`;
    return { kind: 'layout', line: `layout: layer ${layer} ${o.direction}, ${why}`, at: { layer, direction: o.direction, t: o.t, tensor: 'output' } };
  }
  if (lay?.hNRows) {
    const rows = lay.hNRows;
    const i = rows.findIndex((j, k) => j !== k);
    const j = rows[i] ?? -1;
    const dirMajor = rows.every((jj, k) => jj === (k % lay.layers) * lay.D + Math.floor(k / lay.layers));
    const why = j < 0 ? `h_n ${rowName(i, lay.D)} matches none of the engine's final states` : `h_n ${rowName(i, lay.D)} holds ${rowName(j, lay.D)}: rows permuted${dirMajor ? ' (stacked direction-major; torch stacks layer-major, row = layer*D + direction)' : ''}`;
    return { kind: 'layout', line: `layout: ${why}`, at: { layer: Math.floor(i / lay.D), direction: i % lay.D === 0 ? 'forward' : 'reverse', t: -1, tensor: 'h_n' } };
  }

  // Rounding of a step at its own scale (ULPs of the largest value), not per element near zero.
  const localUlp = Math.ceil(maxOf(v.slots.flatMap((s) => s.local), (e) => e.scaledUlp));
  const firstFree = v.slots.find((s) => s.firstFree !== null);
  const growth = v.slots.reduce((g, s) => (s.growth.factor > g.factor ? s.growth : g), { factor: 0, perStep: 0, steps: 0 });
  const steps = v.slots[0]?.free.length ?? 0;
  const withOracle = v.slots.filter((s) => s.engineVsOracle && s.torchVsOracle);
  const eE = maxOf(withOracle.flatMap((s) => s.engineVsOracle ?? []), (e) => e.inTol);
  const eT = maxOf(withOracle.flatMap((s) => s.torchVsOracle ?? []), (e) => e.inTol);
  const eUlp = maxOf(withOracle.flatMap((s) => s.engineVsOracle ?? []), (e) => e.maxUlp);

  // precision: torch drifts from the exact answer, the engine tracks it far more closely than rounding allows.
  if (withOracle.length && Number.isFinite(eT) && eT >= 4 && eE * 64 <= eT) {
    const s = withOracle.find((r) => (r.torchVsOracle ?? []).some((e) => e.inTol > 1)) ?? withOracle[0];
    const t = s ? ((s.torchVsOracle ?? []).findIndex((e) => e.inTol > 1) ?? 0) : 0;
    return {
      kind: 'precision',
      line: `precision: the engine stays within ${short(eUlp)} ULP of the exact answer while torch drifts ${short(eT)} tolerances (from ${s ? slotName(s) : '?'}, t=${t}): the engine is not rounding like ${v.config.dtype}`,
      ...(s ? { at: { layer: s.layer, direction: s.direction, t } } : {}),
    };
  }

  const closer = withOracle.length === 0 ? 'no oracle to say who is closer to the exact answer' : eT * 2 < eE ? `torch is closer to the exact answer (engine ${short(eE)}, torch ${short(eT)} tolerances from it)` : `torch is no closer to the exact answer (engine ${short(eE)}, torch ${short(eT)} tolerances from it)`;
  const amp = `amplification ${short(growth.factor)} over ${steps} steps`;
  if (firstFree && firstFree.firstFree !== null) {
    const t = firstFree.firstFree;
    const none = growth.factor < 10 ? ` (none to speak of: one rounding is already past ${v.config.dtype}'s tolerance)` : '';
    return { kind: 'accumulated', line: `accumulated: every step within ${short(localUlp)} ULP; ${amp}${none}; first past tolerance at ${slotName(firstFree)}, t=${t}; ${closer}`, at: { layer: firstFree.layer, direction: firstFree.direction, t } };
  }
  if (cmp.status === 'failed') return { kind: 'unexplained', line: `unexplained: every layer and step is within tolerance, yet the comparator fails: ${cmp.message.split('\n')[0] ?? ''}` };
  const worst = maxOf(v.slots.flatMap((s) => s.free), (e) => e.inTol);
  return { kind: 'conforms', line: `conforms: every step within ${short(localUlp)} ULP; worst drift ${short(worst)} tolerances; ${amp}` };
}
