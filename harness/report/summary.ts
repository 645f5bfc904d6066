// check on the terminal (stdout): the header, each failure as it is reported (shrinking first), and
// the end: regime table, exactness, counts, and why a run that looks green is not.
import { describeSpec } from '../case/index.js';
import { countOutcomes, headline, noOutcomes, type OutcomeCounts } from '../check/case-result.js';
import type { CheckFailure, CheckObserver, CheckPlan, CheckResult } from '../check/check.js';
import { coverageText, exactText, uncovered } from '../check/coverage.js';
import { EXIT } from '../check/exit-codes.js';
import { failingPath } from '../check/failing-list.js';
import { staleLine, type StaleQuarantine } from '../check/quarantine.js';
import type { CheckTotals } from '../check/run-check.js';
import { formatShard } from '../check/shard.js';
import { formatRate } from './progress.js';

/** The run's header: what runs, against which torch, how to reproduce it (JUnit's log repeats it). */
export function headerLines(plan: CheckPlan): string[] {
  const { settings: s, hello: h } = plan;
  const { shard, indices, breakKind } = s.flags;
  const reference = `reference: torch ${h.torch} (${h.cpuCapability}, ${h.cpuModel}), python ${h.python}`;
  if (plan.oneCase) return [`rnn-conformance check: 1 case, seed ${s.seed}, dtypes ${s.dtypes.join(',')}, ${s.workers} worker(s)`, reference, plan.engine.header];
  const quarantined = s.quarantine.length;
  return [
    `rnn-conformance check: ${shard ? `shard ${formatShard(shard)}: ${plan.here} of ${s.cases}` : indices ? indices.length : s.cases} cases, seed ${s.seed}, dtypes ${s.dtypes.join(',')}, ${s.workers} worker(s)`,
    reference,
    plan.engine.header,
    `reproduce: ${plan.reproduce}`,
    ...(s.config ? [`config: ${s.config.path}${quarantined ? ` (${quarantined} quarantined case(s))` : ''}`] : []),
    ...(plan.previous.length ? [`re-running first: ${plan.previous.length} case(s) that failed in an earlier run (${failingPath(s.reportDir ?? '')})`] : []),
    ...(breakKind ? [`self-test: the engine is deliberately broken (--break ${breakKind}); this run must fail`] : []),
    ...(plan.dropoutNote ? [`note: ${plan.dropoutNote}`] : []),
  ];
}

/** A failure as the terminal shows it: the case (shrunk when smaller), the comparator's words, replays. */
export function failureLines(f: CheckFailure): string {
  const { result: res, shown } = f;
  if (res.quarantined !== undefined) return `QUARANTINED case ${res.id}: ${res.description}\n  reason: ${res.quarantined}\n  ${headline(res.message)}\n  replay: ${res.replay}`;
  const lines = [
    `FAIL case ${shown.case.id}${shown.case.spec ? `: ${describeSpec(shown.case.spec)}` : ''}`,
    ...shown.verdict.message.split('\n').map((l) => `  ${l}`),
    `  replay: ${res.shrunk?.replay ?? res.replay}`,
  ];
  if (res.file) {
    lines.push(`  saved:  ${res.file}  (${res.fileReplay ?? ''})`);
    lines.push(`  standalone scripts: rnn-conformance replay ${res.file} --emit-python repro.py --emit-js repro.mjs  (torch's side, the engine's side)`);
  }
  return lines.join('\n');
}

/** The one case of `--case I --path P`: its failure, or its status. */
export function replayedLine(one: CheckFailure): string {
  const { result: r, shown } = one;
  if (r.status === 'failed') return failureLines(one);
  return `case ${shown.case.id} (${r.description}): ${r.status}${r.status === 'unsupported' ? ` (${r.message})` : ''}`;
}

/** The end of a run: regimes, exactness, counts, and the reasons a run without failures still fails. */
export function endLines(r: CheckResult): string[] {
  const kindsAndAll = countOutcomes(r.results).get('all') ?? noOutcomes();
  const byDtype = countOutcomes(r.results, (c) => [c.dtype]);
  const byKind = countOutcomes(r.results, (c) => [c.kind]);
  const breakKind = r.plan.settings.flags.breakKind;
  return [
    coverageText(r.coverage),
    exactText(r.exactByDtype),
    summaryText({ totals: r.totals, all: kindsAndAll, byDtype, byKind, durationS: r.durationS, casesPerS: r.casesPerS, restarts: r.restarts, stale: r.stale }),
    ...(r.untriggered ? [`self-test did not trigger: the engine broken by --break ${breakKind} passed all ${r.totals.cases} case(s); this run cannot tell it from the real engine (try more --cases or other --dtypes)`] : []),
    ...(r.uncovered ? [`--require-coverage: ${uncovered(r.coverage).length} regime(s) missed (exit ${EXIT.coverage})`] : []),
  ];
}

/** Ctrl-C / SIGTERM: how far the run got (stderr). */
export function interruptedLine(r: CheckResult): string {
  const so = countOutcomes(r.results).get('all') ?? noOutcomes();
  return `\ninterrupted (${r.interrupted ?? ''}) after ${r.done} of ${r.plan.total} cases (${so.passed} passed, ${so.failed} failed${so.quarantined ? `, ${so.quarantined} quarantined` : ''}): stopping the torch sidecars`;
}

/** The terminal reporter: the header first, then each failure as the run reports it. */
export function terminalReporter(out: (line: string) => void): CheckObserver {
  return {
    start: (plan) => headerLines(plan).forEach(out),
    shrinking: (r) => out(`shrinking case ${r.id} (${r.description})…`),
    failure: (f) => out(failureLines(f)),
  };
}

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
