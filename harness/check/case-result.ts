// One judged case as the CI outputs (JUnit, Markdown summary, annotations, failing.json) see it: the
// verdict without the tensors, plus what the gate decided about it (quarantine, re-run, replay).
import type { DType } from '../../engine/dtype.js';
import { describeSpec, kindOfCase, type CaseKind, type CaseSpec } from '../case/index.js';
import type { CaseRecord } from './run-check.js';

export interface CaseResult {
  id: string;
  seed: number;
  index: number;
  dtypes: readonly DType[];
  dtype: string;
  /** forward, packed or gradient (the by_kind rows count by it). */
  kind: CaseKind;
  description: string;
  spec?: CaseSpec;
  status: 'passed' | 'failed' | 'unavailable' | 'unsupported';
  /** The comparator's (or the refusal check's) words; empty when passed. */
  message: string;
  refusal: boolean;
  amplified: boolean;
  /** The quarantine reason: this failure is reported but does not fail the run. */
  quarantined?: string;
  /** Re-run first because it failed in an earlier run (failing.json). */
  rerun?: boolean;
  replay: string;
  /** The smallest failing case shrinking found, and how to replay it. */
  shrunk?: { description: string; message: string; replay: string };
  /** The saved replayable case file, and the command that replays it. */
  file?: string;
  fileReplay?: string;
  /** Seconds the case took: the engine's plus torch's (cases overlap across workers, so no wall time). */
  timeS: number;
}

export function toCaseResult(r: CaseRecord, run: { seed: number; dtypes: readonly DType[]; replay: string }): CaseResult {
  const spec = r.case.spec;
  return {
    id: r.case.id,
    seed: run.seed,
    index: r.index,
    dtypes: run.dtypes,
    dtype: spec?.dtype ?? String(r.case.config.dtype ?? 'float32'),
    kind: kindOfCase(r.case),
    description: spec ? describeSpec(spec) : JSON.stringify(r.case.config),
    ...(spec ? { spec } : {}),
    status: r.verdict.status,
    message: r.verdict.message,
    refusal: r.verdict.refusal === true,
    amplified: r.verdict.amplified === true,
    replay: run.replay,
    timeS: r.verdict.timeS ?? 0,
  };
}

/** Failed and not quarantined: what decides the exit code. */
export const counts = (r: CaseResult): boolean => r.status === 'failed' && r.quarantined === undefined;

/** The one way every output (terminal, Markdown, JSON, JUnit) counts a case: a quarantined failure is
 * `quarantined`, never also `failed`. */
export interface OutcomeCounts {
  cases: number;
  passed: number;
  failed: number;
  quarantined: number;
  unavailable: number;
  /** Outside the engine's claimed capabilities (adapters): neither passed nor failed. */
  unsupported: number;
}

export const noOutcomes = (): OutcomeCounts => ({ cases: 0, passed: 0, failed: 0, quarantined: 0, unavailable: 0, unsupported: 0 });

export function outcomeOf(r: CaseResult): Exclude<keyof OutcomeCounts, 'cases'> {
  return r.status === 'failed' ? (r.quarantined !== undefined ? 'quarantined' : 'failed') : r.status;
}

/** Counts by key (a case counts under each of its keys); keysOf defaults to one row, `all`. */
export function countOutcomes(results: readonly CaseResult[], keysOf: (r: CaseResult) => string[] = () => ['all']): Map<string, OutcomeCounts> {
  const rows = new Map<string, OutcomeCounts>();
  for (const r of results) {
    for (const k of keysOf(r)) {
      const row = rows.get(k) ?? noOutcomes();
      row.cases++;
      row[outcomeOf(r)]++;
      rows.set(k, row);
    }
  }
  return rows;
}

/** The features the Markdown summary counts by; a case has any number of them. */
export const FEATURES = ['bidirectional', 'layers>1', 'batch_first', 'unbatched', 'hx', 'train', 'refusal'] as const;
export type Feature = (typeof FEATURES)[number];

export function featuresOf(r: { spec?: CaseSpec; refusal: boolean }): Feature[] {
  const spec = r.spec;
  if (!spec) return r.refusal ? ['refusal'] : [];
  const has: Record<Feature, boolean> = {
    bidirectional: spec.bidirectional,
    'layers>1': spec.num_layers > 1,
    batch_first: spec.batch_first,
    unbatched: spec.unbatched,
    hx: spec.hx,
    train: spec.train,
    // An invalid config or input (both sides must refuse, in torch's words), or a refusal both made.
    refusal: spec.configMutation !== null || spec.inputMutation !== null || r.refusal,
  };
  return FEATURES.filter((f) => has[f]);
}

/** A short kind for a failure message, used as the JUnit failure type. */
export function failureKind(message: string): string {
  const first = message.split('\n', 1)[0] ?? '';
  if (/not close/i.test(first)) return 'values-not-close';
  if (/^warnings differ/.test(first)) return 'warnings-differ';
  if (/seeded init/.test(first)) return 'seeded-init-differs';
  if (/refus|raised|Error/.test(first)) return 'refusal-differs';
  if (/shape|dtype/.test(first)) return 'shape-or-dtype-differs';
  return 'divergence';
}

/**
 * How bad a failure is, for "worst cases": structural failures (refusals, warnings, shapes) first,
 * then value mismatches by greatest absolute difference over the allowed one.
 */
export function severity(r: CaseResult): number {
  const ratios = [...r.message.matchAll(/Greatest absolute difference: (\S+) at .*?\(up to (\S+) allowed\)/g)].map((m) => Number(m[1]) / Math.max(Number(m[2]), Number.MIN_VALUE));
  if (ratios.length === 0) return Number.POSITIVE_INFINITY;
  const worst = Math.max(...ratios);
  return Number.isNaN(worst) ? Number.POSITIVE_INFINITY : worst;
}

/** The first line worth showing as a one-line message (JUnit message, annotation title). */
export function headline(message: string): string {
  const lines = message.split('\n').map((l) => l.trim()).filter(Boolean);
  const first = lines[0] ?? 'failed';
  const greatest = lines.find((l) => l.startsWith('Greatest absolute difference'));
  return greatest && /not close/.test(first) ? `${first} ${greatest}` : first;
}
