// GitHub Actions workflow commands (`::error title=…::message`) so failures show on the run's page.
// Escaping as @actions/core does it: data escapes % \r \n; properties also : and ,.
import { type CaseResult, headline, severity } from '../check/case-result.js';
import type { CheckResult } from '../check/check.js';
import { staleLine, type StaleQuarantine } from '../check/quarantine.js';

export const escapeData = (s: string): string => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
export const escapeProperty = (s: string): string => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

export function annotation(kind: 'error' | 'warning' | 'notice', title: string, message: string): string {
  return `::${kind} title=${escapeProperty(title)}::${escapeData(message)}`;
}

/** GitHub shows 10 error annotations per step: the worst 10, then one line saying how many more. */
export const MAX_ERROR_ANNOTATIONS = 10;

export function githubAnnotations(results: readonly CaseResult[], stale: readonly StaleQuarantine[] = []): string[] {
  const failed = results.filter((r) => r.status === 'failed' && r.quarantined === undefined).sort((a, b) => severity(b) - severity(a));
  const unavailable = results.filter((r) => r.status === 'unavailable');
  const lines: string[] = [];
  const errors = [
    ...failed.map((r) => annotation('error', `rnn-conformance ${r.id}: ${r.description}`, `${r.message}\nreplay: ${r.shrunk?.replay ?? r.replay}`)),
    ...unavailable.map((r) => annotation('error', `rnn-conformance ${r.id}: reference unavailable`, `${r.message}\nreplay: ${r.replay}`)),
  ];
  lines.push(...errors.slice(0, MAX_ERROR_ANNOTATIONS));
  if (errors.length > MAX_ERROR_ANNOTATIONS) lines.push(annotation('error', 'rnn-conformance', `${errors.length - MAX_ERROR_ANNOTATIONS} more failing case(s): see the job summary or the JUnit report`));
  for (const r of results) if (r.status === 'failed' && r.quarantined !== undefined) lines.push(annotation('warning', `rnn-conformance ${r.id}: quarantined`, `${r.quarantined}\n${headline(r.message)}\nreplay: ${r.replay}`));
  for (const q of stale) lines.push(annotation('notice', `rnn-conformance: stale quarantine entry ${q.entry}`, staleLine(q)));
  return lines;
}

/** A run's annotations: its failures (worst first, capped) and stale quarantine entries. */
export const checkAnnotations = (r: CheckResult): string[] => githubAnnotations(r.results, r.stale);
