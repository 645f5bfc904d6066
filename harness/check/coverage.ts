// The regime table of a check run: which numeric regimes (harness/gen/regimes.ts) the cases reached,
// and how the cases that reached each one fared, with how many of them were gradient cases. Expected
// are the regimes the run's own regime-block cases are built to reach (a shard or a short run expects
// only those it includes), and, apart, those its gradient block cases are built to reach by a gradient
// case (every regime where a backward applies: harness/gen/regime-block.ts gradientApplies).
import type { DType } from '../../engine/dtype.js';
import { kindOfCase } from '../case/index.js';
import { REGIMES } from '../gen/regimes.js';
import { caseOrigin, regimeBlockFor } from '../gen/stream.js';
import type { CaseRecord } from './run-check.js';

export interface RegimeCount {
  cases: number;
  passed: number;
  failed: number;
  /** Of those cases, the gradient ones (forward, then the backward through the regime). */
  gradient: number;
}

export interface Coverage {
  /** Regimes this run's regime-block cases are built to reach. */
  expected: string[];
  /** Regimes this run's gradient regime-block cases are built to reach by a gradient case. */
  expectedGradient: string[];
  counts: Map<string, RegimeCount>;
}

export function emptyCoverage(dtypes: readonly DType[], indices: readonly number[]): Coverage {
  const block = regimeBlockFor(dtypes);
  const expected = new Set<string>();
  const gradient = new Set<string>();
  for (const i of indices) {
    const o = caseOrigin(dtypes, i);
    const e = o.kind === 'regime' ? block[o.at] : undefined;
    for (const t of e?.targets ?? []) (e?.fixed.gradient ? gradient : expected).add(t);
  }
  for (const t of gradient) expected.add(t);
  const names = REGIMES.map((r) => r.name);
  return { expected: names.filter((n) => expected.has(n)), expectedGradient: names.filter((n) => gradient.has(n)), counts: new Map() };
}

/** Per dtype: elements compared and bit-identical to torch's. */
export type ExactByDtype = Record<string, { elements: number; identical: number }>;

export function tallyExact(t: ExactByDtype, r: CaseRecord): void {
  const e = r.verdict.exact;
  if (!e || e.elements === 0) return;
  const d = (t[e.dtype] ??= { elements: 0, identical: 0 });
  d.elements += e.elements;
  d.identical += e.identical;
}

export function exactText(t: ExactByDtype): string {
  const parts = Object.entries(t)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([d, c]) => `${d} ${((100 * c.identical) / c.elements).toFixed(1)}%`);
  return `bit-identical to torch (elements of output and h_n): ${parts.length ? parts.join(', ') : 'nothing compared'}`;
}

export function exactJson(t: ExactByDtype) {
  return Object.fromEntries(Object.entries(t).sort(([a], [b]) => a.localeCompare(b)).map(([d, c]) => [d, { elements: c.elements, identical: c.identical, fraction: Number((c.identical / c.elements).toFixed(6)) }]));
}

export function tallyCoverage(cov: Coverage, r: CaseRecord): void {
  for (const name of r.verdict.regimes ?? []) {
    const c = cov.counts.get(name) ?? { cases: 0, passed: 0, failed: 0, gradient: 0 };
    c.cases++;
    if (r.verdict.status === 'passed') c.passed++;
    if (r.verdict.status === 'failed') c.failed++;
    if (kindOfCase(r.case) === 'gradient') c.gradient++;
    cov.counts.set(name, c);
  }
}

/** Expected regimes no case reached. */
export function missed(cov: Coverage): string[] {
  return cov.expected.filter((n) => !cov.counts.has(n));
}

/** Regimes expected of a gradient case that no gradient case reached. */
export function missedByGradient(cov: Coverage): string[] {
  return cov.expectedGradient.filter((n) => !cov.counts.get(n)?.gradient);
}

/** Everything `--require-coverage` holds a run to: each missed regime, and each missed by gradient cases. */
export function uncovered(cov: Coverage): string[] {
  return [...missed(cov), ...missedByGradient(cov).map((n) => `${n} (by a gradient case)`)];
}

export function coverageText(cov: Coverage): string {
  const names = REGIMES.map((r) => r.name).filter((n) => cov.counts.has(n) || cov.expected.includes(n));
  const width = Math.max(6, ...names.map((n) => n.length));
  const [m, g] = [missed(cov), missedByGradient(cov)];
  const lines = [
    `regimes: ${cov.expected.length - m.length} of ${cov.expected.length} expected reached${m.length ? ` (MISSED: ${m.join('; ')})` : ''}; ` +
      `by gradient cases: ${cov.expectedGradient.length - g.length} of ${cov.expectedGradient.length}${g.length ? ` (MISSED: ${g.join('; ')})` : ''}`,
  ];
  lines.push(`  ${'regime'.padEnd(width)}  cases  passed  failed  gradient`);
  const gradientCell = (n: string, c: RegimeCount | undefined): string => (c?.gradient ? String(c.gradient) : cov.expectedGradient.includes(n) ? 'MISSED' : '0').padStart(9);
  for (const n of names) {
    const c = cov.counts.get(n);
    lines.push(c ? `  ${n.padEnd(width)} ${String(c.cases).padStart(6)} ${String(c.passed).padStart(7)} ${String(c.failed).padStart(7)} ${gradientCell(n, c)}` : `  ${n.padEnd(width)}  MISSED`);
  }
  return lines.join('\n');
}

export function coverageJson(cov: Coverage) {
  return {
    expected: cov.expected.length,
    reached: cov.expected.length - missed(cov).length,
    missed: missed(cov),
    /** The same for gradient cases alone: regimes expected of one, reached by one, missed by every one. */
    gradient: { expected: cov.expectedGradient.length, reached: cov.expectedGradient.length - missedByGradient(cov).length, missed: missedByGradient(cov) },
    regimes: Object.fromEntries(REGIMES.map((r) => r.name).filter((n) => cov.counts.has(n)).map((n) => [n, cov.counts.get(n)])),
  };
}
