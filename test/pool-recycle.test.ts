// A long run's memory stays bounded: each worker is replaced by a fresh sidecar after `recycleAfter`
// cases (planned, counted apart from fault restarts), and no case is lost or answered twice.
import { expect, test } from 'vitest';
import { buildCase } from '../harness/check/run-check.js';
import { toRefCase } from '../harness/case/index.js';
import { SidecarPool } from '../harness/sidecar/index.js';

test('workers are recycled after recycleAfter cases; every case still gets its own result', async () => {
  const pool = await SidecarPool.start(1, { recycleAfter: 5, batchSize: 5 });
  try {
    const first = pool.pids[0];
    const cases = Array.from({ length: 17 }, (_, i) => toRefCase(buildCase({ seed: 3, dtypes: ['float32'] }, i)));
    const results = await pool.run(cases);
    expect(results.map((r) => r.id)).toEqual(cases.map((c) => c.id));
    expect(results.filter((r) => r.kind === 'unavailable')).toEqual([]);
    expect(pool.recycled).toBe(3); // after cases 5, 10 and 15
    expect(pool.restarts).toBe(0);
    expect(pool.pids[0]).not.toBe(first);
  } finally {
    await pool.close();
  }
});
