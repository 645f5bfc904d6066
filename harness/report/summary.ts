// The end of a check run: a human summary and the machine-readable one (`--json`).
import type { OutcomeCounts } from '../check/case-result.js';
import { staleLine, type StaleQuarantine } from '../check/quarantine.js';
import type { Handshake } from '../sidecar/index.js';
import { formatRate } from './progress.js';
import type { CheckTotals } from '../check/run-check.js';

export interface SummaryTextInput {
  totals: CheckTotals;
  /** The run's cases counted as every output counts them (quarantined failures apart), overall and by dtype. */
  all: OutcomeCounts;
  byDtype: Map<string, OutcomeCounts>;
  /** The same counts by case kind (forward, packed, gradient). */
  byKind: Map<string, OutcomeCounts>;
  durationS: number;
  /** The progress's own figure (its last line), so the two never disagree. */
  casesPerS: number;
  restarts: number;
  stale: readonly StaleQuarantine[];
}

export function summaryText(a: SummaryTextInput): string {
  const t = a.totals;
  const row = (label: string, c: OutcomeCounts) =>
    `  ${label.padEnd(10)} ${String(c.cases).padStart(6)} cases  ${String(c.passed).padStart(6)} passed  ${String(c.failed).padStart(4)} failed${c.quarantined ? `  ${c.quarantined} quarantined` : ''}${c.unavailable ? `  ${c.unavailable} unavailable` : ''}${c.unsupported ? `  ${c.unsupported} unsupported` : ''}`;
  const rows = [...a.byDtype].sort(([x], [y]) => x.localeCompare(y)).map(([d, c]) => row(d, c));
  const kinds = [...a.byKind].filter(([k]) => k !== 'forward').sort(([x], [y]) => x.localeCompare(y)).map(([k, c]) => row(`(${k})`, c));
  const o = a.all;
  const unsupported = Object.entries(t.unsupportedByFeature)
    .sort(([, x], [, y]) => y - x)
    .map(([f, n]) => `${f} ${n}`)
    .join(', ');
  return [
    ...rows,
    ...kinds,
    `${o.passed} passed, ${o.failed} failed${o.quarantined ? `, ${o.quarantined} quarantined (failed, reported, not failing the run)` : ''}${o.unavailable ? `, ${o.unavailable} reference-unavailable` : ''}${o.unsupported ? `, ${o.unsupported} unsupported by the engine (${unsupported})` : ''} (${t.refusalsMatched} matched refusals, ${t.amplified} excused by the float64 oracle) in ${a.durationS.toFixed(1)} s, ${formatRate(a.casesPerS)}${a.restarts ? `, ${a.restarts} sidecar restart(s)` : ''}`,
    ...a.stale.map(staleLine),
  ].join('\n');
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
