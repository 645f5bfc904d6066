// The regime table of a check run: which numeric regimes (harness/gen/regimes.ts) the cases reached,
// and how the cases that reached each one fared. Expected are the regimes the run's own regime-block
// cases are built to reach (a shard or a short run expects only those it includes).
import type { DType } from '../../engine/dtype.js';
import { REGIMES } from '../gen/regimes.js';
import { caseOrigin, regimeBlockFor } from '../gen/stream.js';
import type { CaseRecord } from './run-check.js';

export interface RegimeCount {
  cases: number;
  passed: number;
  failed: number;
}

export interface Coverage {
  /** Regimes this run's regime-block cases are built to reach. */
  expected: string[];
  counts: Map<string, RegimeCount>;
}

export function emptyCoverage(dtypes: readonly DType[], indices: readonly number[]): Coverage {
  const block = regimeBlockFor(dtypes);
  const expected = new Set<string>();
  for (const i of indices) {
    const o = caseOrigin(dtypes, i);
    if (o.kind === 'regime') for (const t of block[o.at]?.targets ?? []) expected.add(t);
  }
  return { expected: REGIMES.map((r) => r.name).filter((n) => expected.has(n)), counts: new Map() };
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
    const c = cov.counts.get(name) ?? { cases: 0, passed: 0, failed: 0 };
    c.cases++;
    if (r.verdict.status === 'passed') c.passed++;
    if (r.verdict.status === 'failed') c.failed++;
    cov.counts.set(name, c);
  }
}

/** Expected regimes no case reached. */
export function missed(cov: Coverage): string[] {
  return cov.expected.filter((n) => !cov.counts.has(n));
}

export function coverageText(cov: Coverage): string {
  const names = REGIMES.map((r) => r.name).filter((n) => cov.counts.has(n) || cov.expected.includes(n));
  const width = Math.max(6, ...names.map((n) => n.length));
  const lines = [`regimes: ${cov.expected.length - missed(cov).length} of ${cov.expected.length} expected reached${missed(cov).length ? ` (MISSED: ${missed(cov).join('; ')})` : ''}`];
  lines.push(`  ${'regime'.padEnd(width)}  cases  passed  failed`);
  for (const n of names) {
    const c = cov.counts.get(n);
    lines.push(c ? `  ${n.padEnd(width)} ${String(c.cases).padStart(6)} ${String(c.passed).padStart(7)} ${String(c.failed).padStart(7)}` : `  ${n.padEnd(width)}  MISSED`);
  }
  return lines.join('\n');
}

export function coverageJson(cov: Coverage) {
  return {
    expected: cov.expected.length,
    reached: cov.expected.length - missed(cov).length,
    missed: missed(cov),
    regimes: Object.fromEntries(REGIMES.map((r) => r.name).filter((n) => cov.counts.has(n)).map((n) => [n, cov.counts.get(n)])),
  };
}
