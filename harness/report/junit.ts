// `check --junit FILE`: one <testcase> per case, in the Ant JUnit schema every CI reads.
//   passed                -> empty testcase
//   failed                -> <failure type=KIND message=HEADLINE> comparator's message, replay command
//   failed, quarantined   -> <skipped message="quarantined: REASON"> same text (reported, not counted)
//   unsupported           -> <skipped message="unsupported by ENGINE: FEATURES">: outside the adapter's claims
//   reference unavailable -> <error type="reference-unavailable">: the case was not checked at all, and
//                            the run exits 3; <skipped> would let a dead sidecar pass as green.
import { hostname } from 'node:os';
import { type CaseResult, countOutcomes, failureKind, headline, noOutcomes } from '../check/case-result.js';
import type { CheckResult } from '../check/check.js';
import { staleLine } from '../check/quarantine.js';
import { formatShard } from '../check/shard.js';
import { xmlAttr, xmlText } from '../files/xml.js';
import { headerLines } from './summary.js';

export interface JUnitRun {
  suiteName: string;
  started: Date;
  hostname: string;
  durationS: number;
  properties: readonly (readonly [string, string])[];
  /** The run's header lines (torch, seed, reproduce, shard), as <system-out>. */
  log: string;
}

export function failureText(r: CaseResult): string {
  const lines = [`case ${r.id}: ${r.description}`, '', r.message, '', `replay: ${r.replay}`];
  if (r.shrunk) lines.push('', `shrunk to: ${r.shrunk.description}`, r.shrunk.message, `replay shrunk: ${r.shrunk.replay}`);
  if (r.file) lines.push(`saved: ${r.file}  (${r.fileReplay ?? `rnn-conformance replay ${r.file}`})`);
  if (r.rerun) lines.push('(re-run first: it failed in an earlier run)');
  return lines.join('\n');
}

export function toJUnit(results: readonly CaseResult[], run: JUnitRun): string {
  const n = (pred: (r: CaseResult) => boolean) => results.filter(pred).length;
  const failures = n((r) => r.status === 'failed' && r.quarantined === undefined);
  const skipped = n((r) => (r.status === 'failed' && r.quarantined !== undefined) || r.status === 'unsupported');
  const errors = n((r) => r.status === 'unavailable');
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  out.push(
    `<testsuite name="${xmlAttr(run.suiteName)}" timestamp="${run.started.toISOString().slice(0, 19)}" hostname="${xmlAttr(run.hostname || 'localhost')}" tests="${results.length}" failures="${failures}" errors="${errors}" skipped="${skipped}" time="${run.durationS.toFixed(3)}">`,
  );
  out.push('  <properties>');
  for (const [k, v] of run.properties) out.push(`    <property name="${xmlAttr(k)}" value="${xmlAttr(v)}"/>`);
  out.push('  </properties>');
  for (const r of results) {
    // The case's own seconds, engine's plus torch's: cases overlap across sidecars, so not wall time.
    const open = `  <testcase name="${xmlAttr(`${r.id} ${r.description}`)}" classname="rnn-conformance.${xmlAttr(r.dtype)}" time="${r.timeS.toFixed(6)}"`;
    if (r.status === 'passed') {
      out.push(`${open}/>`);
    } else if (r.status === 'unsupported') {
      out.push(`${open}>`, `    <skipped message="${xmlAttr(r.message)}"/>`, '  </testcase>');
    } else if (r.status === 'unavailable') {
      out.push(`${open}>`, `    <error type="reference-unavailable" message="${xmlAttr(`reference unavailable: ${headline(r.message)}`)}">${xmlText(`${r.message}\n\nreplay: ${r.replay}`)}</error>`, '  </testcase>');
    } else if (r.quarantined !== undefined) {
      out.push(`${open}>`, `    <skipped message="${xmlAttr(`quarantined: ${r.quarantined}`)}">${xmlText(`QUARANTINED (${r.quarantined}): this failure does not fail the run\n\n${failureText(r)}`)}</skipped>`, '  </testcase>');
    } else {
      out.push(`${open}>`, `    <failure type="${failureKind(r.message)}" message="${xmlAttr(headline(r.message))}">${xmlText(failureText(r))}</failure>`, '  </testcase>');
    }
  }
  out.push(`  <system-out>${xmlText(run.log)}</system-out>`, '  <system-err></system-err>', '</testsuite>', '');
  return out.join('\n');
}

/** A run's JUnit document: its cases, and the run's facts as <properties> (reproduce, quarantine, torch). */
export function checkJUnit(r: CheckResult): string {
  const { plan, results } = r;
  const s = plan.settings;
  const { shard } = s.flags;
  const h = plan.hello;
  const all = countOutcomes(results).get('all') ?? noOutcomes();
  const properties: [string, string][] = [
    ['engine', plan.engine.name],
    ['seed', String(s.seed)],
    ['dtypes', s.dtypes.join(',')],
    ['cases', String(s.cases)],
    ['shard', shard ? formatShard(shard) : 'none'],
    ['torch', h.torch],
    ['cpu_capability', h.cpuCapability],
    ['python', h.python],
    ['reproduce', plan.reproduce],
    ['config_file', s.config?.path ?? 'none'],
    ['quarantined_failures', String(all.quarantined)],
    ['rerun_cases', String(results.filter((c) => c.rerun).length)],
    ...s.quarantine.map((q): [string, string] => [`quarantine ${q.id ?? `index ${q.index}`}`, q.reason]),
    ...r.stale.map((q): [string, string] => [`stale quarantine ${q.entry}`, staleLine(q)]),
  ];
  const suiteName = `rnn-conformance check seed ${s.seed}${shard ? ` shard ${formatShard(shard)}` : ''}`;
  return toJUnit(results, { suiteName, started: r.started, hostname: hostname(), durationS: r.durationS, properties, log: `${headerLines(plan).join('\n')}\n` });
}
