// The high-precision oracle (python/oracle_mp.py) against torch's own double-precision answer, in every
// layout: it must be the same recurrence (agree to ~1e-13 on well-conditioned cases), and its BPTT the
// same gradients (gradient cases, packed ones among them), or the comparator's amplified-rounding
// verdicts for float64/complex128 would rest on a wrong answer.
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
  // the first 24 well-conditioned cases of the stream, then more until 10 gradient cases (4 packed)
  const cases: ConformanceCase[] = [];
  const grads = (): number => cases.filter((c) => c.gradOutput).length;
  const packedGrads = (): number => cases.filter((c) => c.gradOutput && c.lengths).length;
  for (let i = 0; i < 6000 && (cases.length < 24 || grads() < 10 || packedGrads() < 4); i++) {
    const c = buildCase({ seed, dtypes: ['float64', 'complex128'], regimes: false }, i);
    const s = c.spec;
    if (!s || s.configMutation || s.inputMutation || s.train || s.special !== 'none' || s.weightScale !== 1 || s.inputScale > 1 || s.seqLen > 6 || s.batch === 0 || (s.nonlinearity === 'relu' && s.dtype === 'complex128')) continue;
    // refused by torch (bad lengths, mis-shaped gradients, a complex input requiring grad at the packing): no oracle
    if (s.packed?.fault || s.gradient?.fault || (s.packed && s.gradient && s.dtype === 'complex128')) continue;
    if (cases.length >= 24 && !(s.gradient && (grads() < 10 || (s.packed && packedGrads() < 4)))) continue;
    cases.push(c);
  }
  expect([grads() >= 10, packedGrads() >= 4]).toEqual([true, true]);
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
    // the BPTT: every gradient torch has, as close (a backward sums over more terms: 1e-11)
    expect(Object.keys(r.oracle.grads ?? {}), id).toEqual(Object.keys(r.grads ?? {}));
    for (const [name, got] of Object.entries(r.grads ?? {})) {
      const exact = r.oracle.grads?.[name];
      expect(exact?.shape, `${id} grad.${name}`).toEqual(got.shape);
      got.data.forEach((v, i) => expect(Math.abs(v - (exact?.data[i] as number)), `${id} grad.${name} element ${i}`).toBeLessThanOrEqual(1e-11 * Math.max(1, Math.abs(v))));
    }
  });
});
