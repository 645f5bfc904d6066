// The conformance matrix: several engines over the same cases, each cell (engine, dtype, feature)
// one of conforms / diverges / refuses differently / unsupported / no cases.
import { DTYPES } from '../../engine/dtype.js';
import { failureKind, headline } from './case-result.js';
import type { CaseRecord } from './run-check.js';
import { FEATURE_NAMES, FEATURES, type Capabilities } from '../engines/adapter.js';
import { caseDtype, caseFeatures } from '../engines/features.js';

export type CellStatus = 'conforms' | 'diverges' | 'refuses differently' | 'unsupported' | 'no cases';
export const ROWS = ['all', ...FEATURE_NAMES] as const;

export interface Cell {
  status: CellStatus;
  cases: number;
  passed: number;
  failed: number;
  unsupported: number;
  /** The first failing case of the cell: its replay command (shrunk where shrinking ran) and headline. */
  replay?: string;
  message?: string;
}

export interface EngineColumn {
  engine: string;
  name: string;
  capabilities: Capabilities;
  cells: Record<string, Record<string, Cell>>;
  totals: { cases: number; passed: number; failed: number; unsupported: number; unavailable: number };
}

/** How a failed case is classed: a refusal that differs (one side refused, or other words), or values. */
export const isRefusalFailure = (message: string) => failureKind(message) === 'refusal-differs';

export function buildColumn(engine: string, name: string, capabilities: Capabilities, records: readonly CaseRecord[], replayOf: (r: CaseRecord) => string): EngineColumn {
  const cells: Record<string, Record<string, Cell>> = {};
  const totals = { cases: 0, passed: 0, failed: 0, unsupported: 0, unavailable: 0 };
  for (const d of DTYPES) {
    cells[d] = {};
    for (const f of ROWS) {
      const claimed = capabilities.dtypes.includes(d) && (f === 'all' || f === 'seeded_init' || capabilities.features.includes(f));
      (cells[d] as Record<string, Cell>)[f] = { status: claimed ? 'no cases' : 'unsupported', cases: 0, passed: 0, failed: 0, unsupported: 0 };
    }
  }
  for (const r of records) {
    totals.cases++;
    const v = r.verdict.status;
    if (v === 'passed') totals.passed++;
    else if (v === 'failed') totals.failed++;
    else if (v === 'unsupported') totals.unsupported++;
    else totals.unavailable++;
    const row = cells[caseDtype(r.case)];
    if (!row) continue;
    for (const f of ['all', ...caseFeatures(r.case)]) {
      const cell = row[f] as Cell;
      cell.cases++;
      if (v === 'passed') cell.passed++;
      else if (v === 'unsupported') cell.unsupported++;
      else if (v === 'failed') {
        cell.failed++;
        const refusal = isRefusalFailure(r.verdict.message);
        // A value divergence outranks a refusal difference; the first failing case is the one shown.
        if (cell.status !== 'diverges' && !(cell.status === 'refuses differently' && refusal)) {
          cell.status = refusal ? 'refuses differently' : 'diverges';
          cell.replay = replayOf(r);
          cell.message = headline(r.verdict.message);
        }
      }
      if (cell.status === 'no cases' && v === 'passed') cell.status = 'conforms';
    }
  }
  return { engine, name, capabilities, cells, totals };
}

const MARK: Record<CellStatus, string> = { conforms: '✅', diverges: '❌', 'refuses differently': '⚠️', unsupported: '—', 'no cases': '·' };

export function matrixMarkdown(m: { seed: number; cases: number; torch: string; cpu: string; columns: EngineColumn[] }): string {
  const out = [
    '# rnn-conformance matrix',
    '',
    `${m.cases} cases per engine, seed ${m.seed}, torch ${m.torch} (${m.cpu}). Reproduce: \`rnn-conformance matrix --engines ${m.columns.map((c) => c.engine).join(',')} --cases ${m.cases} --seed ${m.seed}\``,
    '',
    `${MARK.conforms} conforms (passed/cases) · ${MARK.diverges} diverges (failed/cases) · ${MARK['refuses differently']} refuses differently · ${MARK.unsupported} unsupported (not claimed) · ${MARK['no cases']} no case drawn. A case counts in its dtype's column under every feature it has.`,
    '',
  ];
  const notes: string[] = [];
  for (const col of m.columns) {
    const t = col.totals;
    out.push(`## ${col.engine}: ${col.name}`, '', `${t.cases} cases: ${t.passed} passed, ${t.failed} failed, ${t.unsupported} unsupported${t.unavailable ? `, ${t.unavailable} reference-unavailable` : ''}.`, '');
    out.push(`| feature | ${DTYPES.join(' | ')} |`, `|---|${DTYPES.map(() => ':---:').join('|')}|`);
    for (const f of ROWS) {
      const cells = DTYPES.map((d) => {
        const c = col.cells[d]?.[f] as Cell;
        const n = c.status === 'conforms' ? ` ${c.passed}/${c.passed + c.failed}` : c.status === 'diverges' || c.status === 'refuses differently' ? ` ${c.failed}/${c.passed + c.failed}` : '';
        return `${MARK[c.status]}${n}`;
      });
      out.push(`| ${f === 'all' ? '**all**' : `\`${f}\``} | ${cells.join(' | ')} |`);
    }
    out.push('');
    const seen = new Set<string>();
    for (const d of DTYPES)
      for (const f of ROWS) {
        const c = col.cells[d]?.[f] as Cell;
        if (!c.replay || seen.has(c.replay)) continue;
        seen.add(c.replay);
        notes.push(`- **${col.engine}**, ${d}${f === 'all' ? '' : ` / ${f}`}: ${c.status}: ${c.message ?? ''} — \`${c.replay}\``);
      }
  }
  if (notes.length) out.push('## First failure of each cell', '', ...notes, '');
  out.push('## Features', '', ...Object.entries(FEATURES).map(([f, d]) => `- \`${f}\`: ${d}`), '');
  return `${out.join('\n')}\n`;
}
