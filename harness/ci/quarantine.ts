// Quarantined cases: known failures that are reported (stdout, JUnit, summary, annotations, JSON) but
// do not fail the run. Matched by case id (SEED:INDEX) or by index (any seed).
import type { QuarantineEntry } from './config-file.js';

export function quarantineReason(entries: readonly QuarantineEntry[] | undefined, c: { id: string; index: number }): string | undefined {
  for (const q of entries ?? []) {
    if (q.id !== undefined ? q.id === c.id : q.index === c.index) return q.reason;
  }
  return undefined;
}
