// The high-precision oracle (python/oracle_mp.py) against torch's own double-precision answer, in every
// layout: it must be the same recurrence (agree to ~1e-13 on well-conditioned cases), or the
// comparator's amplified-rounding verdicts for float64/complex128 would rest on a wrong answer.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { buildCase } from '../harness/check/run-check.js';
import { toRefCase, type ConformanceCase } from '../harness/case/index.js';
import { SidecarPool } from '../harness/sidecar/index.js';
import type { RefResult } from '../harness/sidecar/index.js';

let pool: SidecarPool;
beforeAll(async () => {
  pool = await SidecarPool.start(1);
});
afterAll(async () => {
  await pool?.close();
});

test('oracle_mp equals torch float64/complex128 on short, well-conditioned cases of every layout', async () => {
  const seed = 4242;
  const cases: ConformanceCase[] = [];
  for (let i = 0; cases.length < 24 && i < 2000; i++) {
    const c = buildCase({ seed, dtypes: ['float64', 'complex128'], regimes: false }, i);
    const s = c.spec;
    if (!s || s.configMutation || s.inputMutation || s.train || s.special !== 'none' || s.weightScale !== 1 || s.inputScale > 1 || s.seqLen > 6 || s.batch === 0 || (s.nonlinearity === 'relu' && s.dtype === 'complex128')) continue;
    cases.push(c);
  }
  expect(cases.length).toBe(24);
  const results = await pool.run(cases.map((c) => toRefCase(c, true)));
  results.forEach((r: RefResult, k) => {
    const id = `seed ${seed}, case ${cases[k]?.id}`;
    expect(r.kind, id).toBe('ok');
    if (r.kind !== 'ok' || !r.oracle) throw new Error(`${id}: no oracle (${r.kind === 'ok' ? r.oracleUnavailable : ''})`);
    for (const [got, exact] of [
      [r.output, r.oracle.output],
      [r.hN, r.oracle.hN],
    ] as const) {
      expect(exact.shape, id).toEqual(got.shape);
      got.data.forEach((v, i) => expect(Math.abs(v - (exact.data[i] as number)), `${id} element ${i}`).toBeLessThanOrEqual(1e-13 * Math.max(1, Math.abs(v))));
    }
  });
});
