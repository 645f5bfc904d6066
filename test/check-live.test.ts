// The conformance loop against real torch: a short run conforms, and deliberately broken engines are
// caught (the gate can fail). Needs torch: a missing torch fails these tests, it never skips them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BREAKS, brokenEngine } from '../harness/engines/broken-engines.js';
import { runStream } from '../harness/check/run-check.js';
import { coveringRows } from '../harness/gen/stream.js';
import { DTYPES } from '../engine/dtype.js';
import { SidecarPool } from '../harness/sidecar/index.js';

const SEED = Number(process.env.RNN_CONFORMANCE_TEST_SEED ?? 20261129);
let pool: SidecarPool;

beforeAll(async () => {
  pool = await SidecarPool.start(2);
});
afterAll(async () => {
  await pool?.close();
});

describe(`check against torch (seed ${SEED}; set RNN_CONFORMANCE_TEST_SEED to vary)`, () => {
  it('covering rows plus random cases conform across all six dtypes', async () => {
    const cases = coveringRows(DTYPES).length + 150;
    const { totals, failures } = await runStream(pool, { seed: SEED, cases });
    const report = failures.map((f) => `case ${f.case.id}: ${f.verdict.message}\n  replay: rnn-conformance check --seed ${SEED} --case ${f.index}`).join('\n');
    expect(report).toBe('');
    expect(totals.passed).toBe(cases);
    expect(Object.keys(totals.byDtype).sort()).toEqual([...DTYPES].sort());
    expect(totals.refusalsMatched).toBeGreaterThan(0);
  });

  for (const kind of BREAKS) {
    it(`catches a broken engine: ${kind}`, async () => {
      // float32 only for the float64-inside engine; bidirectional bugs need bidirectional cases.
      const dtypes = kind === 'float64' ? (['float32'] as const) : DTYPES;
      // packed and gradient cases are a share of the random tail, after the covering rows and the regime block
      const cases = kind === 'packed' || kind === 'gradient' ? 300 : 120;
      const { failures } = await runStream(pool, { seed: SEED, cases, dtypes, engine: brokenEngine(kind) });
      expect(failures.length, `broken engine '${kind}' passed every case (seed ${SEED})`).toBeGreaterThan(0);
    });
  }
});
