// explain: where and why the engine and torch part on one case. Every layer's and direction's hidden
// sequence from torch (the sidecar's `layers` request) against the engine's own layer chain (free
// running), against the engine's step run from torch's previous state (teacher forcing: the step
// function alone), and both against the oracle; then probes and one verdict line.
import type { RNNConfig } from '../../engine/config.js';
import { isDType, type DType } from '../../engine/dtype.js';
import type { Tensor } from '../../engine/tensor.js';
import { runEngine, realEngine, type EngineFactory } from '../engines/engine-side.js';
import { judge, type CaseVerdict } from '../check/judge.js';
import { toRefCase, type ConformanceCase } from '../case/index.js';
import { resolveTolerance, type Tolerance, type ToleranceOverrides } from '../compare/index.js';
import type { LayerSequence, LayersResult, RefCase, RefResult } from '../sidecar/index.js';
import { LayerEngine, processingOrder, slotName, slots, type Slot } from './engine-steps.js';
import { growthFactor } from './growth.js';
import { explainGradient, explainPacked } from './kinds.js';
import { biasProbe, hNRowProbe, outputLayoutProbe } from './probes.js';
import { concatFeatures, hNLayout, outputLayout, step, toTNF } from './seq.js';
import { stepErrors, type StepError } from './stats.js';
import { LOCAL_ULPS, type SlotReport } from './slot-report.js';
import { verdictOf, type Verdict } from './verdict.js';

export { LOCAL_ULPS, type SlotReport } from './slot-report.js';

/** What explain needs from torch: a Sidecar, or anything that answers the same two requests. */
export interface TorchSide {
  run(cases: readonly RefCase[]): Promise<RefResult[]>;
  layers(c: RefCase): Promise<LayersResult>;
}

export interface ExplainOptions {
  engine?: EngineFactory;
  tolerances?: ToleranceOverrides;
}

export interface Explanation {
  caseId: string;
  dtype: DType;
  config: RNNConfig | null;
  tolerance: Tolerance;
  /** The comparator's verdict on the whole case, as check and replay give it. */
  comparator: CaseVerdict;
  slots: SlotReport[];
  /** torch's layer chain against its full module (trusted only when exact). */
  chain?: { exact: boolean; outputMaxDiff: number | null; hNMaxDiff: number | null };
  oracleKind?: string;
  notes: string[];
  /** A packed or gradient case's own report (kinds.ts). */
  kindLines?: string[];
  verdict: Verdict;
}

function firstPast(errs: readonly StepError[], s: Slot, minUlps = 0): number | null {
  for (const t of processingOrder(s.direction, errs.length)) {
    const e = errs[t];
    if (e && e.inTol > 1 && e.scaledUlp > minUlps) return t;
  }
  return null;
}

function bySlot(seqs: readonly LayerSequence[] | undefined): Map<string, Tensor> {
  return new Map((seqs ?? []).map((s) => [slotName(s), s.hidden]));
}

export async function explainCase(c: ConformanceCase, torch: TorchSide, opts: ExplainOptions = {}): Promise<Explanation> {
  const make = opts.engine ?? realEngine;
  const engine = runEngine(c, make);
  const [ref] = await torch.run([toRefCase(c, true)]);
  if (!ref) throw new Error('the sidecar returned no result');
  const comparator = judge(c, engine, ref, opts.tolerances ? { tolerances: opts.tolerances } : {});
  const dtype: DType = engine.kind === 'ok' ? engine.rnn.config.dtype : isDType(c.config.dtype) ? c.config.dtype : 'float32';
  const tolerance = resolveTolerance(dtype, opts.tolerances);
  const base = { caseId: c.id, dtype, tolerance, comparator, slots: [] as SlotReport[], notes: [] as string[] };
  if (engine.kind !== 'ok' || ref.kind !== 'ok') {
    return { ...base, config: engine.kind === 'ok' ? engine.rnn.config : null, verdict: verdictOf({ ...base, config: null, layout: null, probe: null }) };
  }
  const cfg = engine.rnn.config;
  if (c.lengths || c.gradOutput) {
    // the per-layer chain runs padded forward input only: these kinds are explained from the final tensors
    // a packed gradient case gets both reports: the forward's parts first, else the gradients'
    const reports = [c.lengths ? explainPacked(c, cfg, engine, ref, tolerance) : null, c.gradOutput ? explainGradient(c, cfg, engine.grads ?? {}, ref.grads ?? {}, tolerance) : null].filter((r) => r !== null);
    const line = reports.find((r) => r.verdict)?.verdict;
    const v = verdictOf({ ...base, config: cfg, layout: null, probe: null });
    return { ...base, config: cfg, kindLines: reports.flatMap((r) => r.lines), verdict: line ? { ...v, line } : v };
  }
  const layers = await torch.layers({ ...toRefCase(c), oracle: true });
  if (layers.kind !== 'ok' || !layers.layers) {
    const why = layers.kind === 'ok' ? (layers.layersUnavailable ?? 'no layers') : layers.kind === 'refused' ? `${layers.type}: ${layers.message}` : layers.reason;
    base.notes.push(`torch's per-layer sequences are unavailable: ${why}`);
    const v = verdictOf({ ...base, config: cfg, layout: null, probe: null });
    return { ...base, config: cfg, verdict: { ...v, line: `${v.line} (${why})` } };
  }
  const notes = base.notes;
  if (layers.chain && !layers.chain.exact) {
    notes.push(`torch's single-layer chain differs from its full module (output by ${layers.chain.outputMaxDiff}, h_n by ${layers.chain.hNMaxDiff}): per-layer numbers are approximate`);
  }
  if (layers.oracleUnavailable) notes.push(`no oracle: ${layers.oracleUnavailable}`);
  const sd = c.stateDict ?? layers.stateDict ?? ref.stateDict;
  if (!sd) throw new Error('no weights: the case has none and torch returned none');

  const x = toTNF(c.input, cfg.batchFirst);
  const [, N = 0] = x.shape;
  const unbatched = c.input.shape.length === 2;
  const eng = new LayerEngine(cfg, sd, make);
  const chained = eng.chain(x, c.hx);
  const torchSeq = bySlot(layers.layers);
  const oracleSeq = bySlot(layers.oracle?.layers);
  const all = slots(cfg);
  const reports: SlotReport[] = [];
  let probe: { slot: Slot; t: number; culprit: string } | null = null;
  for (const [row, s] of all.entries()) {
    const name = slotName(s);
    const th = torchSeq.get(name);
    const eh = chained.get(name);
    if (!th || !eh) throw new Error(`torch sent no sequence for ${name}`);
    const layerIn = s.layer === 0 ? x : concatFeatures(all.filter((p) => p.layer === s.layer - 1).map((p) => torchSeq.get(slotName(p)) as Tensor));
    const forced = eng.teacherForced(s, layerIn, th, eng.h0(c.hx, row, N));
    const free = stepErrors(dtype, eh, th, tolerance);
    const local = stepErrors(dtype, forced, th, tolerance);
    const oh = oracleSeq.get(name);
    const whh = sd[`weight_hh_l${s.layer}${s.direction === 'reverse' ? '_reverse' : ''}`];
    const report: SlotReport = {
      ...s,
      free,
      local,
      ...(oh ? { engineVsOracle: stepErrors(dtype, eh, oh, tolerance), torchVsOracle: stepErrors(dtype, th, oh, tolerance) } : {}),
      growth: whh ? growthFactor(th, whh, cfg.nonlinearity, s.direction) : { factor: 1, perStep: 1, steps: 1 },
      firstFree: firstPast(free, s),
      firstLocal: firstPast(local, s, LOCAL_ULPS),
    };
    reports.push(report);
    if (!probe && report.firstLocal !== null) {
      const t = report.firstLocal;
      const order = processingOrder(s.direction, th.shape[0] ?? 0);
      const k = order.indexOf(t);
      const prev = k === 0 ? eng.h0(c.hx, row, N) : step(th, order[k - 1] ?? 0);
      const culprit = cfg.bias ? biasProbe(make, cfg, sd, s, { input: step(layerIn, t), prev, torch: step(th, t) }, tolerance) : null;
      probe = { slot: s, t, culprit: culprit ?? '' };
    }
  }
  // The engine's full module against its own chain: a difference there is plumbing, not arithmetic.
  const D = cfg.bidirectional ? 2 : 1;
  const last = all.filter((s) => s.layer === cfg.numLayers - 1).map((s) => chained.get(slotName(s)) as Tensor);
  const chainOut = outputLayout(last, cfg.batchFirst, unbatched);
  const chainHN = hNLayout(all.map((s) => ({ direction: s.direction, hidden: chained.get(slotName(s)) as Tensor })), unbatched);
  const out = outputLayoutProbe(toTNF(engine.output, cfg.batchFirst), toTNF(chainOut, cfg.batchFirst), D, cfg.hiddenSize, tolerance);
  const rows = hNRowProbe(engine.hN, chainHN, tolerance);
  // Amplified rounding also parts a full module from its own chain (other kernel paths, other row
  // counts): only a structural match (mirrored, permuted), or a clean chain under a failing full
  // module, is plumbing.
  const clean = reports.every((r) => r.firstFree === null) && comparator.status === 'failed';
  const permuted = rows !== null && rows.every((j) => j >= 0) && new Set(rows).size === rows.length;
  const outLayout = out && (out.mirrored || clean) ? out : null;
  const rowLayout = rows && (permuted || clean) ? rows : null;
  const layout = outLayout || rowLayout ? { output: outLayout, hNRows: rowLayout, layers: cfg.numLayers, D } : null;
  return {
    ...base,
    config: cfg,
    slots: reports,
    ...(layers.chain ? { chain: layers.chain } : {}),
    ...(layers.oracle ? { oracleKind: layers.oracle.kind } : {}),
    verdict: verdictOf({ ...base, config: cfg, slots: reports, layout, probe }),
  };
}
