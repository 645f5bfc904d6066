// `check --summary FILE`: Markdown for a CI job summary (GitHub's $GITHUB_STEP_SUMMARY renders it):
// the verdict, counts by dtype and by feature, the worst cases with their replay commands, quarantine.
import { type CaseResult, countOutcomes, FEATURES, failureKind, featuresOf, headline, noOutcomes, type OutcomeCounts, severity } from '../check/case-result.js';
import type { CheckResult } from '../check/check.js';
import { uncovered } from '../check/coverage.js';
import { EXIT } from '../check/exit-codes.js';
import { staleLine, type StaleQuarantine } from '../check/quarantine.js';
import { formatShard } from '../check/shard.js';

export interface SummaryRun {
  verdict: string;
  facts: readonly string[];
  reproduce: string;
  /** Quarantine entries whose cases all pass now. */
  stale?: readonly StaleQuarantine[];
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const code = (s: string) => `\`${s.replace(/`/g, "'")}\``;

function table(title: string, rows: [string, OutcomeCounts][]): string[] {
  // The unsupported column appears only for an engine that does not claim everything.
  const u = rows.some(([, r]) => r.unsupported > 0);
  return [
    `| ${title} | cases | passed | failed | quarantined | unavailable |${u ? ' unsupported |' : ''}`,
    `|---|---:|---:|---:|---:|---:|${u ? '---:|' : ''}`,
    ...rows.map(([k, r]) => `| ${cell(k)} | ${r.cases} | ${r.passed} | ${r.failed ? `**${r.failed}**` : 0} | ${r.quarantined} | ${r.unavailable} |${u ? ` ${r.unsupported} |` : ''}`),
  ];
}

export const WORST_SHOWN = 10;

export function jobSummaryMarkdown(results: readonly CaseResult[], run: SummaryRun): string {
  const out: string[] = [`## rnn-conformance check: ${run.verdict}`, '', run.facts.join(' · '), '', `Reproduce: ${code(run.reproduce)}`, ''];
  const all = countOutcomes(results).get('all') ?? noOutcomes();
  const refusals = results.filter((r) => r.status === 'passed' && r.refusal).length;
  const oracle = results.filter((r) => r.status === 'passed' && r.amplified).length;
  out.push(`**${all.cases} cases: ${all.passed} passed, ${all.failed} failed, ${all.quarantined} quarantined, ${all.unavailable} reference-unavailable${all.unsupported ? `, ${all.unsupported} unsupported by the engine` : ''}** (${refusals} matched refusals, ${oracle} excused by the float64 oracle)`, '');

  out.push('### By dtype', '', ...table('dtype', [...countOutcomes(results, (r) => [r.dtype])].sort(([a], [b]) => a.localeCompare(b))), '');
  const byFeature = countOutcomes(results, (r) => featuresOf(r));
  out.push('### By feature', '', ...table('feature', FEATURES.map((f) => [f, byFeature.get(f) ?? noOutcomes()])), '');
  out.push('A case counts under every feature it has; `refusal` = an invalid config or input, or any case torch refused: both sides must refuse with the same exception and words.', '');

  const failed = results.filter((r) => r.status === 'failed' && r.quarantined === undefined).sort((a, b) => severity(b) - severity(a));
  if (failed.length > 0) {
    out.push(`### Worst cases (${Math.min(failed.length, WORST_SHOWN)} of ${failed.length})`, '');
    for (const r of failed.slice(0, WORST_SHOWN)) {
      out.push(`- **${code(r.id)}** ${cell(r.description)}${r.rerun ? ' _(failed in an earlier run too)_' : ''} — ${failureKind(r.message)}: ${cell(headline(r.message))}`);
      out.push(`  - replay: ${code(r.replay)}`);
      if (r.shrunk) out.push(`  - shrunk to ${cell(r.shrunk.description)}: ${code(r.shrunk.replay)}`);
      if (r.file) out.push(`  - case file: ${code(r.file)} (${code(r.fileReplay ?? `rnn-conformance replay ${r.file}`)})`);
      out.push('', '  <details><summary>message</summary>', '', '  ```text', ...r.message.split('\n').map((l) => `  ${l}`), '  ```', '  </details>', '');
    }
  }
  const unavailable = results.filter((r) => r.status === 'unavailable');
  if (unavailable.length > 0) {
    out.push(`### Reference unavailable (${unavailable.length}): not checked`, '');
    for (const r of unavailable.slice(0, WORST_SHOWN)) out.push(`- ${code(r.id)} ${cell(r.description)}: ${cell(headline(r.message))} — ${code(r.replay)}`);
    out.push('');
  }
  const quarantined = results.filter((r) => r.quarantined !== undefined);
  if (quarantined.length > 0) {
    out.push(`### Quarantined (${quarantined.length}): reported, not counted`, '', '| case | reason | this run | replay |', '|---|---|---|---|');
    for (const r of quarantined) out.push(`| ${code(r.id)} ${cell(r.description)} | ${cell(r.quarantined ?? '')} | ${r.status === 'failed' ? `failed: ${cell(headline(r.message))}` : `${r.status} — can it leave quarantine?`} | ${code(r.replay)} |`);
    out.push('');
  }
  const stale = run.stale ?? [];
  if (stale.length > 0) {
    out.push(`### Stale quarantine entries (${stale.length}): their cases pass now`, '');
    for (const q of stale) out.push(`- ${cell(staleLine(q))}`);
    out.push('');
  }
  const rerun = results.filter((r) => r.rerun);
  if (rerun.length > 0) {
    out.push(`### Re-run first (${rerun.length} earlier failure(s))`, '');
    for (const r of rerun) out.push(`- ${code(r.id)}: ${r.status === 'passed' ? 'passes now (dropped from the list)' : r.status}`);
    out.push('');
  }
  return `${out.join('\n')}\n`;
}

/** The verdict line, one per exit code (README: the CLI's exit codes). */
export function markdownVerdict(r: Pick<CheckResult, 'exitCode' | 'untriggered' | 'interrupted' | 'done' | 'totals' | 'coverage' | 'plan'>, all: OutcomeCounts): string {
  if (r.untriggered) return `❌ self-test did not trigger (--break ${r.plan.settings.flags.breakKind})`;
  switch (r.exitCode) {
    case EXIT.conforms:
      return `✅ conforms${all.quarantined ? ` (${all.quarantined} quarantined failure(s))` : ''}`;
    case EXIT.divergence:
      return `❌ ${all.failed} divergence(s)`;
    case EXIT.coverage: {
      const gone = uncovered(r.coverage);
      return `❌ every case conformed, but ${gone.length} numeric regime(s) were missed (--require-coverage): ${gone.join('; ')}`;
    }
    case EXIT.interrupted:
      return `⏹️ interrupted (${r.interrupted ?? 'signal'}) after ${r.done} of ${r.plan.total} cases: ${all.failed} failed so far`;
    default:
      return `⚠️ ${r.totals.unavailable} case(s) not checked: reference unavailable`;
  }
}

/** A run's Markdown summary: its verdict line and facts over jobSummaryMarkdown. */
export function checkMarkdown(r: CheckResult): string {
  const { plan, results } = r;
  const s = plan.settings;
  const { shard } = s.flags;
  const all = countOutcomes(results).get('all') ?? noOutcomes();
  const code = r.exitCode;
  const verdict = markdownVerdict(r, all);
  const facts = [`seed ${s.seed}`, `dtypes ${s.dtypes.join(', ')}`, ...(shard ? [`shard ${formatShard(shard)}`] : []), `torch ${plan.hello.torch} (${plan.hello.cpuCapability})`, `${results.length} cases in ${r.durationS.toFixed(1)} s`, `exit ${code}`];
  return jobSummaryMarkdown(results, { verdict, facts, stale: r.stale, reproduce: plan.reproduce });
}
