// `check --json FILE`: the run's result, machine-readable (the schema the README's CLI section gives); an interrupted run writes
// its partial counts instead.
import { countOutcomes, counts, noOutcomes, type OutcomeCounts } from '../check/case-result.js';
import type { CheckResult } from '../check/check.js';
import { coverageJson, exactJson } from '../check/coverage.js';
import type { StaleQuarantine } from '../check/quarantine.js';
import type { CheckTotals } from '../check/run-check.js';
import type { Handshake } from '../sidecar/index.js';

/** The JSON document of a run: the whole summary, or (interrupted) how far it got. */
export function checkJson(r: CheckResult): object {
  const { results, plan } = r;
  const s = plan.settings;
  const all = countOutcomes(results).get('all') ?? noOutcomes();
  const byDtype = countOutcomes(results, (c) => [c.dtype]);
  const byKind = countOutcomes(results, (c) => [c.kind]);
  if (r.interrupted) {
    return {
      interrupted: r.interrupted,
      torch_version: plan.hello.torch,
      seed: s.seed,
      cases: plan.total,
      cases_done: r.done,
      passed: all.passed,
      failed: all.failed,
      quarantined_failures: all.quarantined,
      reference_unavailable: all.unavailable,
      by_dtype: Object.fromEntries(byDtype),
      by_kind: Object.fromEntries(byKind),
    };
  }
  return summaryJson({
    totals: r.totals,
    all,
    byDtype,
    byKind,
    stale: r.stale,
    durationS: r.durationS,
    casesPerS: r.casesPerS,
    restarts: r.restarts,
    hello: plan.hello,
    engine: plan.engine.name,
    engineName: plan.engine.engineName,
    seed: s.seed,
    dtypes: s.dtypes,
    failures: results.filter(counts).map((c) => ({ id: c.id, replay: c.shrunk?.replay ?? c.replay, ...(c.file ? { file: c.file } : {}), message: c.shrunk?.message ?? c.message })),
    shard: s.flags.shard ?? null,
    configFile: s.config?.path ?? null,
    quarantined: results.filter((c) => c.quarantined !== undefined).map((c) => ({ id: c.id, reason: c.quarantined, status: c.status, message: c.message })),
    rerun: results.filter((c) => c.rerun).map((c) => ({ id: c.id, status: c.status })),
    exitCode: r.exitCode,
    coverage: coverageJson(r.coverage),
    exactByDtype: exactJson(r.exactByDtype),
  });
}

export interface SummaryJsonInput {
  totals: CheckTotals;
  all: OutcomeCounts;
  byDtype: Map<string, OutcomeCounts>;
  byKind: Map<string, OutcomeCounts>;
  stale: readonly StaleQuarantine[];
  durationS: number;
  /** The progress's figure (cases while they ran), as the text summary prints it. */
  casesPerS?: number;
  restarts: number;
  hello: Handshake;
  /** The implementation under the gate (`--engine` as given) and, for an adapter, the name it declares. */
  engine?: string;
  engineName?: string;
  seed: number;
  dtypes: string[];
  /** Failures that fail the run (quarantined ones are under `quarantined`). */
  failures: unknown[];
  shard?: { index: number; count: number } | null;
  configFile?: string | null;
  quarantined?: unknown[];
  rerun?: unknown[];
  exitCode?: number;
  /** The regime table (coverage.ts coverageJson). */
  coverage?: unknown;
  /** Per dtype, elements compared and bit-identical to torch's (coverage.ts exactJson). */
  exactByDtype?: unknown;
}

export function summaryJson(a: SummaryJsonInput) {
  const t = a.totals;
  return {
    engine: a.engine ?? 'builtin',
    engine_name: a.engineName ?? a.engine ?? 'builtin',
    torch_version: a.hello.torch,
    cpu_capability: a.hello.cpuCapability,
    seed: a.seed,
    dtypes: a.dtypes,
    shard: a.shard ?? null,
    config_file: a.configFile ?? null,
    cases: a.all.cases,
    passed: a.all.passed,
    /** Failures that fail the run; quarantined ones are counted apart, as in every other output. */
    failed: a.all.failed,
    quarantined_failures: a.all.quarantined,
    reference_unavailable: a.all.unavailable,
    /** Cases outside the engine's claimed capabilities: neither passed nor failed. */
    unsupported: a.all.unsupported,
    /** What those cases needed (`dtype:NAME` or a feature); a case may count under several. */
    unsupported_by_feature: t.unsupportedByFeature,
    by_dtype: Object.fromEntries([...a.byDtype].sort(([x], [y]) => x.localeCompare(y))),
    /** forward, packed and gradient cases counted apart, as by_dtype counts them (quarantined failures apart) */
    by_kind: Object.fromEntries([...a.byKind].sort(([x], [y]) => x.localeCompare(y))),
    refusals_matched: t.refusalsMatched,
    oracle_excused: t.amplified,
    duration_s: Number(a.durationS.toFixed(3)),
    cases_per_s: Number((a.casesPerS ?? t.cases / Math.max(a.durationS, 1e-9)).toFixed(1)),
    sidecar_restarts: a.restarts,
    exit_code: a.exitCode ?? null,
    coverage: a.coverage ?? null,
    exact_by_dtype: a.exactByDtype ?? null,
    failures: a.failures,
    quarantined: a.quarantined ?? [],
    stale_quarantine: a.stale,
    rerun: a.rerun ?? [],
  };
}
