import { describe, expect, it } from 'vitest';
import type { Tensor } from '../../engine/tensor.js';
import { judgeCase } from './case-verdict.js';

const t = (values: number[], shape = [values.length, 1, 1]): Tensor => ({ dtype: 'float32', shape, data: Float32Array.from(values) });
const t64 = (values: number[]): Tensor => ({ dtype: 'float64', shape: [values.length, 1, 1], data: Float64Array.from(values) });
const cfg = { hiddenSize: 1, numLayers: 1, bidirectional: false, batchFirst: false };

describe('judgeCase', () => {
  it('passes two refusals only when type and message match character for character', () => {
    const r = { type: 'ValueError', message: "Unknown nonlinearity 'x'. Select from 'tanh' or 'relu'." };
    expect(judgeCase(r, r, { unbatched: false })).toMatchObject({ ok: true, kind: 'refusals-match' });
    const v = judgeCase({ ...r, message: `${r.message} ` }, r, { unbatched: false });
    expect(v).toMatchObject({ ok: false, kind: 'refusals-differ' });
    expect(v.message).toContain(`torch:  ValueError: ${r.message}`);
    expect(judgeCase({ ...r, type: 'TypeError' }, r, { unbatched: false }).ok).toBe(false);
  });

  it('fails when one side refuses, saying which', () => {
    const r = { type: 'RuntimeError', message: 'boom' };
    const c = { output: t([1]), hN: t([1]) };
    expect(judgeCase(r, c, { unbatched: false }).message).toBe('the engine refused what torch computed:\n  engine: RuntimeError: boom');
    expect(judgeCase(c, r, { unbatched: false }).message).toBe('the engine computed what torch refused:\n  torch:  RuntimeError: boom');
  });

  it('names the tensor and locates the worst element', () => {
    const v = judgeCase({ output: t([0, 0.5]), hN: t([0.5], [1, 1, 1]) }, { output: t([0, 0]), hN: t([0.5], [1, 1, 1]) }, { config: cfg, unbatched: false });
    expect(v).toMatchObject({ ok: false, kind: 'mismatch' });
    expect(v.message).toContain('output: Tensor-likes are not close!');
    expect(v.message).toContain('Worst element: output(1, 0, 0): t=1, batch 0, direction forward, unit 0 (layer 0, the last)');
    expect(v.tensors.map((x) => x.status)).toEqual(['fail', 'match']);
  });

  it('without an amplified oracle a mismatch stays a mismatch; a float64 module has no oracle excuse', () => {
    const eng = { output: t([0.5]), hN: t([0.5]) };
    const ref = { output: t([0.4]), hN: t([0.5]) };
    // torch is exact (the oracle agrees with it): the engine is simply wrong
    expect(judgeCase(eng, { ...ref, oracle: { output: t64([0.4]), hN: t64([0.5]) } }, { unbatched: false }).message).toContain(
      "engine further from the exact answer than torch's own error allows",
    );
    expect(judgeCase(eng, { ...ref, oracle: { output: t64([0.5]), hN: t64([0.5]), samePrecision: true } }, { unbatched: false }).ok).toBe(false);
  });

  it('excuses a difference when torch is as far from the exact answer as the engine', () => {
    const eng = { output: t([0.5001]), hN: t([0.5]) };
    const ref = { output: t([0.4999]), hN: t([0.5]) };
    const v = judgeCase(eng, { ...ref, oracle: { output: t64([0.5]), hN: t64([0.5]) } }, { unbatched: false });
    expect(v).toMatchObject({ ok: true, kind: 'amplified' });
    expect(v.message).toContain('amplified rounding, both equally far');
  });

  it('fails an engine that is the exact answer rounded where torch is far off', () => {
    const eng = { output: t([0.5]), hN: t([0.5]) };
    const ref = { output: t([0.4999]), hN: t([0.5]) };
    const v = judgeCase(eng, { ...ref, oracle: { output: t64([0.5]), hN: t64([0.5]) } }, { unbatched: false });
    expect(v.ok).toBe(false);
    expect(v.message).toContain('engine implausibly more exact than float32 allows');
  });
});
