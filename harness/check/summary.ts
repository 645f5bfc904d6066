// The end of a check run: a human summary and the machine-readable one (`--json`).
import type { Handshake } from '../sidecar/index.js';
import { formatRate } from './progress.js';
import type { CheckTotals } from './run-check.js';

/** casesPerS: the progress's own figure (its last line), so the two never disagree. */
export function summaryText(t: CheckTotals, durationS: number, restarts: number, quarantined = 0, casesPerS = t.cases / Math.max(durationS, 1e-9)): string {
  const rows = Object.entries(t.byDtype)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([d, c]) => `  ${d.padEnd(10)} ${String(c.cases).padStart(6)} cases  ${String(c.passed).padStart(6)} passed  ${String(c.failed).padStart(4)} failed${c.unavailable ? `  ${c.unavailable} unavailable` : ''}`);
  return [
    ...rows,
    `${t.passed} passed, ${t.failed} failed${quarantined ? ` (${quarantined} quarantined: reported, not failing the run)` : ''}${t.unavailable ? `, ${t.unavailable} reference-unavailable` : ''} (${t.refusalsMatched} matched refusals, ${t.amplified} excused by the float64 oracle) in ${durationS.toFixed(1)} s, ${formatRate(casesPerS)}${restarts ? `, ${restarts} sidecar restart(s)` : ''}`,
  ].join('\n');
}

export interface SummaryJsonInput {
  totals: CheckTotals;
  durationS: number;
  /** The progress's figure (cases while they ran), as the text summary prints it. */
  casesPerS?: number;
  restarts: number;
  hello: Handshake;
  seed: number;
  dtypes: string[];
  /** Failures that fail the run (quarantined ones are under `quarantined`). */
  failures: unknown[];
  shard?: { index: number; count: number } | null;
  configFile?: string | null;
  quarantined?: unknown[];
  rerun?: unknown[];
  exitCode?: number;
}

export function summaryJson(a: SummaryJsonInput) {
  const t = a.totals;
  return {
    torch_version: a.hello.torch,
    cpu_capability: a.hello.cpuCapability,
    seed: a.seed,
    dtypes: a.dtypes,
    shard: a.shard ?? null,
    config_file: a.configFile ?? null,
    cases: t.cases,
    passed: t.passed,
    /** Every failed verdict, quarantined or not. */
    failed: t.failed,
    quarantined_failures: (a.quarantined ?? []).filter((q) => (q as { status?: string }).status === 'failed').length,
    reference_unavailable: t.unavailable,
    by_dtype: t.byDtype,
    refusals_matched: t.refusalsMatched,
    oracle_excused: t.amplified,
    duration_s: Number(a.durationS.toFixed(3)),
    cases_per_s: Number((a.casesPerS ?? t.cases / Math.max(a.durationS, 1e-9)).toFixed(1)),
    sidecar_restarts: a.restarts,
    exit_code: a.exitCode ?? null,
    failures: a.failures,
    quarantined: a.quarantined ?? [],
    rerun: a.rerun ?? [],
  };
}
