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

  // (n): NaN and infinity are not rounding (check seed 5 case 196, bfloat16 relu: torch's unfused
  // gemm makes inf - inf = NaN where an FMA chain stays finite; the float64 answer is finite there).
  it('fails an engine that is finite where torch overflowed to NaN or inf while nothing else differs, whatever the exact answer', () => {
    const oracle = { output: t64([1e39, 0.5]), hN: t64([0.5]) };
    const v = judgeCase({ output: t([0, 0.5]), hN: t([0.5]) }, { output: t([NaN, 0.5]), hN: t([0.5]), oracle }, { unbatched: false });
    expect(v).toMatchObject({ ok: false, kind: 'mismatch' });
    expect(v.tensors[0]?.oracle?.outcome).toBe('non-finite');
    expect(v.message).toContain('Oracle: torch NaN where the engine has 0 at index (0, 0, 0), and every element finite on both sides is within tolerance');
    const inf = judgeCase({ output: t([NaN, 0.5]), hN: t([0.5]) }, { output: t([Infinity, 0.5]), hN: t([0.5]), oracle }, { unbatched: false });
    expect(inf.message).toContain('torch Infinity where the engine has NaN at index (0, 0, 0)');
  });

  it('leaves a NaN or inf difference to the exact answer where finite elements differ too (rounding moved the runs apart)', () => {
    const oracle = { output: t64([1e39, 0.5]), hN: t64([0.5]) };
    const v = judgeCase({ output: t([3e38, 0.5001]), hN: t([0.5]) }, { output: t([Infinity, 0.4999]), hN: t([0.5]), oracle }, { unbatched: false });
    expect(v).toMatchObject({ ok: true, kind: 'amplified' });
  });

  it('takes a complex NaN anywhere in both elements as the same NaN (torch.isclose with equal_nan)', () => {
    const c = (v: number[]): Tensor => ({ dtype: 'complex64', shape: [v.length / 2, 1, 1], data: Float32Array.from(v) });
    const c128 = (v: number[]): Tensor => ({ dtype: 'complex128', shape: [v.length / 2, 1, 1], data: Float64Array.from(v) });
    const ref = { output: c([NaN, NaN, 0.4999, 0]), hN: c([0.5, 0]), oracle: { output: c128([0.1, 0, 0.5, 0]), hN: c128([0.5, 0]) } };
    expect(judgeCase({ output: c([NaN, 0, 0.5001, 0]), hN: c([0.5, 0]) }, ref, { unbatched: false })).toMatchObject({ ok: true, kind: 'amplified' });
    const one = judgeCase({ output: c([1, 0, 0.4999, 0]), hN: c([0.5, 0]) }, ref, { unbatched: false });
    expect(one.message).toContain('torch NaN+NaNi where the engine has 1+0i at index (0, 0, 0)');
  });

  it("does not let torch's distance from a NaN exact answer excuse the engine (the distance is unknown, not infinite)", () => {
    // complex64 with an infinite hx on this CPU: torch -1 where the complex128 oracle is NaN
    const oracle = { output: t64([NaN, 0.5]), hN: t64([0.5]) };
    const ref = { output: t([-1, 0.4999]), hN: t([0.5]), oracle };
    const wrong = judgeCase({ output: t([1, 0.5001]), hN: t([0.5]) }, ref, { unbatched: false });
    expect(wrong.ok).toBe(false);
    expect(wrong.message).toContain("engine further from the exact answer than torch's own error allows");
    expect(judgeCase({ output: t([NaN, 0.5001]), hN: t([0.5]) }, ref, { unbatched: false })).toMatchObject({ ok: true, kind: 'amplified' });
  });

  it("does not hold the engine's distance from a NaN exact answer against it either, where it agrees with torch", () => {
    const oracle = { output: t64([NaN, 0.5]), hN: t64([0.5]) };
    const ref = { output: t([-1, 0.4999]), hN: t([0.5]), oracle };
    // the fast path on check seed 20261206 case 26: torch's value where the oracle is NaN, rounding elsewhere
    expect(judgeCase({ output: t([-1, 0.5001]), hN: t([0.5]) }, ref, { unbatched: false })).toMatchObject({ ok: true, kind: 'amplified' });
    const off = judgeCase({ output: t([-0.9, 0.5001]), hN: t([0.5]) }, ref, { unbatched: false });
    expect(off.ok).toBe(false);
  });
  // (l): check seed 13 case 480 (golden grad-complex128-chaotic-near-poles), a complex128 gradient
  // through a chaotic forward near complex tanh's poles: torch 1000x below the exact gradient (no
  // correct bit, 1e7 tolerances), the engine 2e6x above it.
  it("does not let torch's error bound the engine once torch has no correct bit (half the exact value or more away)", () => {
    const c128 = (v: number[]): Tensor => ({ dtype: 'complex128', shape: [v.length / 2, 1, 1], data: Float64Array.from(v) });
    const hN = c128([0.5, 0]);
    const ref = (torch: number) => ({ output: c128([torch, 0, 0.5, 0]), hN, oracle: { output: c128([1e30, 0, 0.5, 0]), hN } });
    const lost = judgeCase({ output: c128([2e36, 0, 0.5, 0]), hN }, ref(1e27), { unbatched: false });
    expect(lost).toMatchObject({ ok: true, kind: 'amplified' });
    expect(lost.tensors[0]?.oracle?.torchLost).toBe(true);
    expect(lost.message).toContain("torch's own result lost");
    // torch 0.4 of the exact value away (4e6 tolerances, under 1/(2·rtol) = 5e6): its error still bounds the engine's
    const kept = judgeCase({ output: c128([2e36, 0, 0.5, 0]), hN }, ref(0.6e30), { unbatched: false });
    expect(kept.ok).toBe(false);
    expect(kept.message).toContain("engine further from the exact answer than torch's own error allows");
    // NaN where the exact answer is finite is not rounding, lost or not
    expect(judgeCase({ output: c128([NaN, 0, 0.5, 0]), hN }, ref(1e27), { unbatched: false }).ok).toBe(false);
  });
});
