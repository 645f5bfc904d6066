// The conformance loop: generate cases, run each on the engine and on torch (a pool of sidecars),
// judge with the one comparator, re-judge mismatches against torch's float64 oracle, shrink failures.
import { isComplex, type DType } from '../../engine/dtype.js';
import type { Tensor } from '../../engine/tensor.js';
import { materialize } from '../gen/materialize.js';
import { toRefCase, type ConformanceCase } from '../case/index.js';
import { regimesOf } from '../gen/regimes.js';
import { caseAt, type StreamOptions } from '../gen/stream.js';
import type { ToleranceOverrides } from '../compare/index.js';
import type { RefResult, SidecarPool } from '../sidecar/index.js';
import { runEngine, type EngineFactory, type EngineResult } from '../engines/engine-side.js';
import { runAdapter, unsupported, type AdapterOutcome } from '../engines/adapter-side.js';
import type { AdapterHost } from '../engines/worker-host.js';
import { dropoutMismatch } from './dropout-probe.js';
import { judge, type CaseVerdict } from './judge.js';

export interface CheckOptions extends StreamOptions {
  cases: number;
  /** Only these case indices (replay); default 0..cases-1. */
  indices?: readonly number[];
  tolerances?: ToleranceOverrides;
  engine?: EngineFactory;
  /** An adapter engine (`check --engine onnxruntime|tfjs|PATH`): used instead of `engine`. */
  adapter?: AdapterHost;
  /** Cases per pool request. */
  chunk?: number;
  onCase?: (r: CaseRecord) => void;
  /** Record each case's numeric regimes on its verdict (check's regime table). */
  coverage?: boolean;
}

export interface CaseRecord {
  index: number;
  case: ConformanceCase;
  verdict: CaseVerdict;
}

export function caseId(seed: number, index: number): string {
  return `${seed}:${index}`;
}

export function buildCase(opts: StreamOptions, index: number): ConformanceCase {
  return materialize(caseAt(opts, index), caseId(opts.seed, index));
}

const probed = new WeakMap<SidecarPool, string | null>();

/** Whether this pool's torch draws other dropout masks than the engine (computed once per pool). */
function dropoutMismatchOf(pool: SidecarPool): string | null {
  let m = probed.get(pool);
  if (m === undefined) probed.set(pool, (m = dropoutMismatch(pool.hello)));
  return m;
}

/** Runs one list of cases through both sides; mismatches are re-run with the float64 oracle. */
export async function judgeCases(pool: SidecarPool, cases: readonly ConformanceCase[], opts: Pick<CheckOptions, 'tolerances' | 'engine' | 'adapter' | 'coverage'>): Promise<CaseVerdict[]> {
  const { adapter } = opts;
  // Cases an adapter does not claim never reach torch.
  const skipped = cases.map((c) => (adapter ? unsupported(adapter, c) : null));
  const live = cases.filter((_, i) => skipped[i] === null);
  const refs = pool.run(live.map((c) => toRefCase(c)));
  // Let the request reach the sidecar before the engine takes the thread: torch and the engine
  // then work on this chunk at the same time.
  await new Promise((resolve) => setImmediate(resolve));
  // Each case's own time, for JUnit: the engine's measured here, torch's as its sidecar measured it.
  const seconds: number[] = live.map(() => 0);
  const clock = <T>(i: number, t0: number, r: T): T => ((seconds[i] = (performance.now() - t0) / 1000), r);
  const engine: AdapterOutcome[] = adapter
    ? await Promise.all(
        live.map(async (c, i) => {
          const t0 = performance.now();
          return clock(i, t0, await runAdapter(adapter, c));
        }),
      )
    : live.map((c, i) => clock(i, performance.now(), runEngine(c, opts.engine)));
  const torch = await refs;
  torch.forEach((t, i) => (seconds[i] = (seconds[i] ?? 0) + (t.elapsedS ?? 0)));
  // And let the next chunk's request go out before this one is judged: the sidecars stay busy.
  await new Promise((resolve) => setImmediate(resolve));
  const judgeOpts = { tolerances: opts.tolerances, dropoutMismatch: dropoutMismatchOf(pool) };
  const unsupportedVerdict = (features: string[]): CaseVerdict => ({ status: 'unsupported', message: `unsupported by ${adapter?.info.name ?? 'the engine'}: ${features.join(', ')}`, unsupported: features });
  const verdictOf = (c: ConformanceCase, e: AdapterOutcome, t: RefResult): CaseVerdict => {
    if (e.kind === 'unsupported') return unsupportedVerdict(e.features);
    // The engine's own fault (threw, hung, malformed result) is a failure whatever torch said.
    if (e.kind === 'fault') return t.kind === 'unavailable' ? { status: 'unavailable', message: t.reason } : { status: 'failed', message: e.message };
    return judge(c, e as EngineResult, t, judgeOpts);
  };
  const verdicts = live.map((c, i) => verdictOf(c, engine[i] as AdapterOutcome, torch[i] as RefResult));
  const retry = verdicts.flatMap((v, i) => (v.status === 'failed' && v.oracleWanted ? [i] : []));
  if (retry.length > 0) {
    const withOracle = await pool.run(retry.map((i) => toRefCase(live[i] as ConformanceCase, true)));
    retry.forEach((i, k) => {
      const ref = withOracle[k] as RefResult;
      seconds[i] = (seconds[i] ?? 0) + (ref.elapsedS ?? 0);
      verdicts[i] = verdictOf(live[i] as ConformanceCase, engine[i] as AdapterOutcome, ref);
    });
  }
  // The regimes each case reached (coverage.ts), judged on the engine's answer; and how many of its
  // elements were bit-identical to torch's (check's exact_by_dtype).
  if (opts.coverage) verdicts.forEach((v, i) => {
    const e = engine[i] as AdapterOutcome;
    const t = torch[i] as RefResult;
    if (e.kind === 'ok' || e.kind === 'refused') v.regimes = regimesOf(live[i] as ConformanceCase, e);
    if (e.kind === 'ok' && t.kind === 'ok') v.exact = bitIdentical([e.output, e.hN], [t.output, t.hN]);
  });
  let k = 0;
  return skipped.map((s) => (s ? unsupportedVerdict(s.features) : { ...(verdicts[k] as CaseVerdict), timeS: seconds[k++] ?? 0 }));
}

/** Elements (complex: both parts) of the engine's tensors bit-identical to torch's, NaNs alike. */
export function bitIdentical(engine: Tensor[], torch: Tensor[]): { dtype: string; elements: number; identical: number } {
  let elements = 0;
  let identical = 0;
  engine.forEach((a, k) => {
    const b = torch[k];
    if (!b || a.data.length !== b.data.length) return;
    const lanes = isComplex(a.dtype) ? 2 : 1;
    for (let i = 0; i < a.data.length; i += lanes) {
      elements++;
      let same = true;
      for (let z = 0; z < lanes; z++) {
        const x = a.data[i + z] as number;
        const y = b.data[i + z] as number;
        if (!Object.is(x, y) && !(Number.isNaN(x) && Number.isNaN(y))) same = false;
      }
      if (same) identical++;
    }
  });
  return { dtype: engine[0]?.dtype ?? '', elements, identical };
}

export interface CheckTotals {
  cases: number;
  passed: number;
  failed: number;
  unavailable: number;
  /** Cases outside the adapter's claimed capabilities, and by what they need. */
  unsupported: number;
  unsupportedByFeature: Record<string, number>;
  refusalsMatched: number;
  amplified: number;
  byDtype: Record<string, { cases: number; passed: number; failed: number; unavailable: number; unsupported?: number }>;
}

export function emptyTotals(): CheckTotals {
  return { cases: 0, passed: 0, failed: 0, unavailable: 0, unsupported: 0, unsupportedByFeature: {}, refusalsMatched: 0, amplified: 0, byDtype: {} };
}

export function tally(t: CheckTotals, r: CaseRecord): void {
  const dtype = (r.case.spec?.dtype ?? String(r.case.config.dtype ?? 'float32')) as DType;
  const d = (t.byDtype[dtype] ??= { cases: 0, passed: 0, failed: 0, unavailable: 0 });
  t.cases++;
  d.cases++;
  t[r.verdict.status]++;
  if (r.verdict.status === 'unsupported') {
    d.unsupported = (d.unsupported ?? 0) + 1;
    for (const f of r.verdict.unsupported ?? []) t.unsupportedByFeature[f] = (t.unsupportedByFeature[f] ?? 0) + 1;
  } else {
    d[r.verdict.status]++;
  }
  if (r.verdict.status === 'passed' && r.verdict.refusal) t.refusalsMatched++;
  if (r.verdict.status === 'passed' && r.verdict.amplified) t.amplified++;
}

/** Runs the stream in chunks, several requests in flight so torch and the engine overlap. */
export function runStream(pool: SidecarPool, opts: CheckOptions): Promise<{ totals: CheckTotals; failures: CaseRecord[] }> {
  const indices = opts.indices ?? Array.from({ length: opts.cases }, (_, i) => i);
  return runCases(pool, indices, (i) => buildCase(opts, i), opts);
}

/** The loop behind runStream, for any way of building case i (benchmarks pass their own). */
export async function runCases(
  pool: SidecarPool,
  indices: readonly number[],
  build: (index: number) => ConformanceCase,
  opts: Pick<CheckOptions, 'tolerances' | 'engine' | 'adapter' | 'chunk' | 'onCase' | 'coverage'>,
): Promise<{ totals: CheckTotals; failures: CaseRecord[] }> {
  const chunk = opts.chunk ?? 64;
  const totals = emptyTotals();
  const failures: CaseRecord[] = [];
  const chunks: number[][] = [];
  for (let i = 0; i < indices.length; i += chunk) chunks.push(indices.slice(i, i + chunk));
  const start = (ix: number[]) => {
    const cases = ix.map(build);
    return judgeCases(pool, cases, opts).then((verdicts) => verdicts.map((verdict, k) => ({ index: ix[k] as number, case: cases[k] as ConformanceCase, verdict })));
  };
  const inFlight: Promise<CaseRecord[]>[] = [];
  for (let c = 0; c < chunks.length || inFlight.length > 0; ) {
    // Two chunks a worker and one more: each worker runs a batch with the next one already written to
    // it (the pool pipelines) and finds a third queued when the reply comes, while a chunk is judged.
    while (inFlight.length < Math.max(2, 2 * pool.size + 1) && c < chunks.length) inFlight.push(start(chunks[c++] as number[]));
    const done = await (inFlight.shift() as Promise<CaseRecord[]>);
    for (const r of done) {
      tally(totals, r);
      if (r.verdict.status === 'failed') failures.push(r);
      opts.onCase?.(r);
    }
  }
  return { totals, failures };
}

