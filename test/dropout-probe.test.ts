// The handshake's dropout probe: this torch's training-mode masks against the engine's. On this machine
// they agree (so dropout cases are judged); a torch drawing other masks turns dropout failures into
// "reference unavailable, and why", never into a failure of the engine.
import { describe, expect, it } from 'vitest';
import { dropoutMismatch, engineProbeMask } from '../harness/check/dropout-probe.js';
import { brokenEngine } from '../harness/engines/broken-engines.js';
import { judgeCases, buildCase } from '../harness/check/run-check.js';
import { SidecarPool, type Handshake } from '../harness/sidecar/index.js';
import type { ConformanceCase } from '../harness/case/index.js';

describe('dropout probe', () => {
  it("this torch's masks are the engine's", async () => {
    const pool = await SidecarPool.start(1);
    try {
      const probe = pool.hello.dropoutProbe;
      expect(probe?.masks.float32).toHaveLength(probe?.n ?? -1);
      expect(probe?.masks.float32).toBe(engineProbeMask('float32', probe?.seed ?? 0, probe?.p ?? 0, probe?.n ?? 0));
      expect(probe?.masks.float64).toBe(engineProbeMask('float64', probe?.seed ?? 0, probe?.p ?? 0, probe?.n ?? 0));
      expect(dropoutMismatch(pool.hello)).toBeNull();
    } finally {
      await pool.close();
    }
  });

  it('another torch whose masks differ: dropout failures become reference-unavailable with the reason', async () => {
    const pool = await SidecarPool.start(1);
    try {
      const probe = pool.hello.dropoutProbe;
      if (!probe) throw new Error('no dropout probe in the handshake');
      const flipped = probe.masks.float32?.replace(/^./, (c) => (c === '1' ? '0' : '1')) ?? '';
      const other: Handshake = { ...pool.hello, dropoutProbe: { ...probe, masks: { ...probe.masks, float32: flipped } } };
      const why = dropoutMismatch(other);
      expect(why).toMatch(/draws other training-mode dropout masks than the engine .* first differs at element 0/);
      // Pretend this pool's torch is that other one; a broken engine fails the dropout cases, which
      // must now read as unavailable, with the reason.
      Object.defineProperty(pool, 'hello', { value: other });
      const cases: ConformanceCase[] = [];
      for (let i = 0; cases.length < 6 && i < 3000; i++) {
        const c = buildCase({ seed: 77, dtypes: ['float32'], regimes: false }, i);
        const s = c.spec;
        if (s && !s.configMutation && !s.inputMutation && s.train && s.dropout > 0 && s.dropout < 1 && s.num_layers > 1 && s.batch > 0 && s.bias && s.seqLen > 1) cases.push(c);
      }
      expect(cases.length).toBe(6);
      const verdicts = await judgeCases(pool, cases, { engine: brokenEngine('bias') });
      for (const v of verdicts) {
        expect(v.status).toBe('unavailable');
        expect(v.message).toBe(why);
      }
    } finally {
      await pool.close();
    }
  });
});
