// Shrinking a failing case to a minimal one with fast-check: field-wise shrinking of the case
// description, each candidate judged against torch. Also replays a (seed, index, path) triple.
import fc from 'fast-check';
import type { CaseSpec } from '../case/index.js';
import { materialize } from '../gen/materialize.js';
import { caseArbitraryAt, caseSeed, type StreamOptions } from '../gen/stream.js';
import type { SidecarPool } from '../sidecar/index.js';
import type { CaseRecord, CheckOptions } from './run-check.js';
import { caseId, judgeCases } from './run-check.js';

export interface Shrunk {
  record: CaseRecord;
  /** fast-check's path to the minimal case: `check --seed S --case I --path P` replays it. */
  path: string;
  steps: number;
}

/** The case at (seed, index) or, with a path, the shrunk case that path leads to. */
export async function specAt(opts: StreamOptions, index: number, path?: string): Promise<CaseSpec> {
  let seen: CaseSpec | undefined;
  await fc.check(
    fc.asyncProperty(caseArbitraryAt(opts, index), async (spec) => {
      seen = spec;
      return false; // stop at the first value: the one at `path`
    }),
    { seed: caseSeed(opts.seed, index), numRuns: 1, ...(path ? { path } : {}), endOnFailure: true },
  );
  if (!seen) throw new Error(`no case at seed ${opts.seed}, index ${index}${path ? `, path ${path}` : ''}`);
  return seen;
}

export async function shrinkFailure(pool: SidecarPool, opts: CheckOptions, index: number, timeLimitMs = 60_000): Promise<Shrunk | null> {
  let last: CaseRecord | null = null;
  let steps = 0;
  const result = await fc.check(
    fc.asyncProperty(caseArbitraryAt(opts, index), async (spec) => {
      steps++;
      const c = materialize(spec, `${caseId(opts.seed, index)}~${steps}`);
      const [verdict] = await judgeCases(pool, [c], opts);
      if (verdict?.status === 'failed') {
        last = { index, case: c, verdict };
        return false;
      }
      return true;
    }),
    { seed: caseSeed(opts.seed, index), numRuns: 1, interruptAfterTimeLimit: timeLimitMs, markInterruptAsFailure: false },
  );
  if (!result.failed || !last || result.counterexamplePath === null) return null;
  return { record: last, path: result.counterexamplePath, steps };
}
