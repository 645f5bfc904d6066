// The --report directory's layout, and DIR/failing.json: the cases that failed in earlier runs with `--report DIR`, re-run first by the next
// run (each with its own seed, index and dtypes) and dropped once they pass.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { DTYPES, type DType } from '../../engine/dtype.js';
import { readJsonFile, writeFileAtomic } from '../files/index.js';

export const FAILING_FILE_NAME = 'failing.json';

const entrySchema = z.strictObject({
  id: z.string(),
  seed: z.number().int(),
  index: z.number().int().min(0),
  dtypes: z.array(z.enum(DTYPES)).min(1),
  first_failed: z.string(),
  last_failed: z.string(),
  message: z.string(),
});
const fileSchema = z.strictObject({ version: z.literal(1), cases: z.array(entrySchema) });

export type FailingEntry = z.output<typeof entrySchema>;

export function failingPath(reportDir: string): string {
  return join(reportDir, FAILING_FILE_NAME);
}

/** Where a run saves a failing case of `--report DIR`: names are built from numbers only, so a report
 * can never escape its directory. */
export function caseFilePath(reportDir: string, seed: number, index: number): string {
  return join(reportDir, `case-${seed}-${index}.safetensors`);
}

export function readFailing(reportDir: string): FailingEntry[] {
  const path = failingPath(reportDir);
  return existsSync(path) ? readJsonFile(path, fileSchema).cases : [];
}

export function writeFailing(reportDir: string, cases: readonly FailingEntry[]): void {
  writeFileAtomic(failingPath(reportDir), `${JSON.stringify({ version: 1, cases }, null, 2)}\n`);
}

/** Re-runs group by (seed, dtypes): one runStream call each, since a stream is one seed and dtype list. */
export function groupBySeed(entries: readonly FailingEntry[]): { seed: number; dtypes: DType[]; indices: number[] }[] {
  const groups = new Map<string, { seed: number; dtypes: DType[]; indices: number[] }>();
  for (const e of entries) {
    const key = `${e.seed}|${e.dtypes.join(',')}`;
    const g = groups.get(key) ?? { seed: e.seed, dtypes: [...e.dtypes], indices: [] };
    if (!g.indices.includes(e.index)) g.indices.push(e.index);
    groups.set(key, g);
  }
  return [...groups.values()];
}

type CaseKey = { seed: number; index: number; dtypes: readonly DType[] };
const key = (e: CaseKey) => `${e.seed}|${e.index}|${e.dtypes.join(',')}`;

/**
 * The list after a run: earlier entries that still fail stay (first_failed kept), entries that passed
 * are dropped, entries that could not be checked (reference unavailable) stay as they were, new
 * failures are added.
 */
export function nextFailing(previous: readonly FailingEntry[], failures: readonly (CaseKey & { id: string; message: string })[], now: string, unchecked: readonly CaseKey[] = []): FailingEntry[] {
  const before = new Map(previous.map((e) => [key(e), e]));
  const out = new Map<string, FailingEntry>();
  for (const u of unchecked) {
    const e = before.get(key(u));
    if (e) out.set(key(u), e);
  }
  for (const f of failures) {
    const k = key(f);
    out.set(k, { id: f.id, seed: f.seed, index: f.index, dtypes: [...f.dtypes], first_failed: before.get(k)?.first_failed ?? now, last_failed: now, message: f.message.split('\n', 1)[0] ?? '' });
  }
  return [...out.values()];
}
