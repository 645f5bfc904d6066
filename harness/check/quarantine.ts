// Quarantined cases: known failures that are reported (stdout, JUnit, summary, annotations, JSON) but
// do not fail the run. Matched by case id (SEED:INDEX) or by index (any seed). An entry whose cases all
// pass now is stale: every output names it, so it can leave the list.
import type { QuarantineEntry } from './config-file.js';

const matches = (q: QuarantineEntry, c: { id: string; index: number }): boolean => (q.id !== undefined ? q.id === c.id : q.index === c.index);

export function quarantineReason(entries: readonly QuarantineEntry[] | undefined, c: { id: string; index: number }): string | undefined {
  return entries?.find((q) => matches(q, c))?.reason;
}

export interface StaleQuarantine {
  /** How the config names it: `id 1:25` or `index 25`. */
  entry: string;
  reason: string;
  /** The cases it matched in this run, all passed. */
  cases: string[];
}

/** Entries that matched at least one case of this run, every one of which passed. */
export function staleQuarantine(entries: readonly QuarantineEntry[], results: readonly { id: string; index: number; status: string }[]): StaleQuarantine[] {
  return entries.flatMap((q) => {
    const hit = results.filter((r) => matches(q, r));
    if (hit.length === 0 || hit.some((r) => r.status !== 'passed')) return [];
    return [{ entry: q.id !== undefined ? `id ${q.id}` : `index ${q.index}`, reason: q.reason, cases: hit.map((r) => r.id) }];
  });
}

/** One line naming a stale entry, the same words in every output. */
export const staleLine = (s: StaleQuarantine): string => `quarantine entry ${s.entry} (${s.reason}) is stale: its case(s) ${s.cases.join(', ')} pass now; remove it from the config`;
