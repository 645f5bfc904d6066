// The suite `npm run mutate` (StrykerJS) runs against every mutant of engine/: golden check (no
// Python) and a fixed-seed sample of check against live torch (the covering rows and the regime block).
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runStream } from '../../harness/check/run-check.js';
import { checkGolden } from '../../harness/golden/check.js';
import { SidecarPool } from '../../harness/sidecar/index.js';
import { repoRoot } from '../../harness/sidecar/paths.js';

const SEED = 20261206;
const CASES = Number(process.env.RNN_MUTATE_CASES ?? 160);

describe('mutation suite', () => {
  it('golden check passes', () => {
    const r = checkGolden(join(repoRoot(), 'golden'));
    expect(r.verdicts.filter((v) => v.status === 'failed').map((v) => `${v.name}: ${v.message}`)).toEqual([]);
  });

  let pool: SidecarPool;
  beforeAll(async () => {
    pool = await SidecarPool.start(1);
  }, 120_000);
  afterAll(async () => {
    await pool.close();
  });
  it(`check --seed ${SEED} --cases ${CASES} conforms`, async () => {
    const { failures } = await runStream(pool, { seed: SEED, cases: CASES });
    expect(failures.map((f) => `${f.case.id}: ${f.verdict.message}`)).toEqual([]);
  }, 600_000);
});
