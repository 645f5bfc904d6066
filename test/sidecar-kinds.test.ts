// The sidecar's packed and gradient cases: every layout and dtype judged against the engine as check
// judges them (test/like-torch.ts), the stages of torch's refusals (`pack`, `forward`, `backward`),
// the oracle's gradients, and what it cannot give.
import { beforeAll, describe, expect, test } from 'vitest';
import { Generator, RNN, zeros, type DType, type Tensor } from '../engine/index.js';
import type { ConformanceCase } from '../harness/case/index.js';
import type { RefCase, RefResult, SidecarPool } from '../harness/sidecar/index.js';
import { expectLikeTorch, torchPool } from './like-torch.js';

let sidecar: SidecarPool;
beforeAll(async () => {
  sidecar = await torchPool();
});

function fill(t: Tensor, seed: number): Tensor {
  let s = seed >>> 0 || 1;
  for (let i = 0; i < t.data.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    t.data[i] = Math.fround((s / 2 ** 32) * 2 - 1);
  }
  return t;
}

interface Setup {
  config: Record<string, unknown>;
  state: Record<string, Tensor>;
  input: Tensor;
  hx: Tensor | null;
}

function setup(dtype: DType, o: { bi?: boolean; layers?: number; batchFirst?: boolean; hx?: boolean; T?: number; N?: number }): Setup {
  const config = { input_size: 3, hidden_size: 4, num_layers: o.layers ?? 1, bidirectional: o.bi ?? false, batch_first: o.batchFirst ?? false, dtype };
  const rnn = RNN.fromTorchConfig(config, { generator: new Generator(7) });
  const T = o.T ?? 5;
  const N = o.N ?? 3;
  const D = o.bi ? 2 : 1;
  const input = fill(zeros(dtype, o.batchFirst ? [N, T, 3] : [T, N, 3]), 11);
  const hx = o.hx ? fill(zeros(dtype, [(o.layers ?? 1) * D, N, 4]), 13) : null;
  return { config, state: rnn.stateDict(), input, hx };
}

/** The setup as a case of check's (its weights loaded; eval mode). */
function asCase(s: Setup, kind: Partial<ConformanceCase>, id = 'case'): ConformanceCase {
  return { id, config: s.config, seed: 7, stateDict: s.state, input: s.input, hx: s.hx, train: false, ...kind };
}
const ok = (r: RefResult): Extract<RefResult, { kind: 'ok' }> => {
  if (r.kind !== 'ok') throw new Error(`expected ok, got ${JSON.stringify(r).slice(0, 300)}`);
  return r;
};

// ---- packed ----------------------------------------------------------------------------------------

describe('packed cases', () => {
  const variants: [string, DType, Parameters<typeof setup>[1], number[], boolean][] = [
    ['sorted lengths', 'float32', {}, [5, 3, 1], true],
    ['unsorted, enforce_sorted=False, hx, bidirectional, 2 layers', 'float32', { bi: true, layers: 2, hx: true }, [2, 5, 4], false],
    ['all equal, batch_first', 'float64', { batchFirst: true }, [5, 5, 5], true],
    ['length 1 beside long ones, float16', 'float16', { hx: true }, [1, 5, 1], false],
    ['bfloat16, bidirectional', 'bfloat16', { bi: true }, [4, 4, 2], true],
    ['complex64 with hx', 'complex64', { hx: true }, [3, 5, 2], false],
    ['complex128, batch_first, bidirectional', 'complex128', { batchFirst: true, bi: true }, [5, 2, 3], false],
  ];
  test.each(variants.map((v, i) => [v[0], i] as const))('%s: output and h_n are judged like check\'s', async (_name, i) => {
    const [, dtype, o, lengths, enforceSorted] = variants[i] as (typeof variants)[number];
    const s = setup(dtype, o);
    await expectLikeTorch(asCase(s, { lengths, enforceSorted }));
  });

  test('refusals come back with their stage: pack_padded_sequence (pack), the forward (forward)', async () => {
    const s = setup('float32', {});
    const base = { config: s.config, stateDict: s.state, input: s.input };
    const cases: [RefCase, string][] = [
      [{ ...base, id: 'unsorted', lengths: [2, 5, 4] }, 'pack'],
      [{ ...base, id: 'zero', lengths: [5, 0, 1], enforceSorted: false }, 'pack'],
      [{ ...base, id: 'count', lengths: [5, 4] }, 'pack'],
      [{ ...base, id: 'too long', lengths: [7, 4, 1] }, 'forward'],
      [{ ...base, id: '2-d', lengths: [[5, 4, 1]] }, 'pack'],
    ];
    const got = await sidecar.run(cases.map(([c]) => c));
    cases.forEach(([c, stage], i) => {
      const r = got[i] as RefResult;
      expect(r.kind, c.id).toBe('refused');
      if (r.kind !== 'refused') return;
      expect(r.stage, c.id).toBe(stage);
    });
    // and word for word the engine's refusals (the 2-d lengths: packed-vs-torch's odd-rank table)
    const listed = cases.filter(([c]) => !Array.isArray(c.lengths?.[0]));
    const judged = await expectLikeTorch(listed.map(([c]) => asCase(s, { lengths: c.lengths as number[], enforceSorted: c.enforceSorted ?? true }, c.id)));
    for (const j of judged) expect(j.verdict.refusal, j.case.id).toBe(true);
  });

  test('the oracle of a packed case: widened for float32, 40 digits per sequence for float64', async () => {
    const s32 = setup('float32', { hx: true, bi: true });
    const s64 = setup('float64', { hx: true, bi: true });
    const lengths = [3, 5, 1];
    const [r32, r64] = await sidecar.run([
      { id: 'a', config: s32.config, stateDict: s32.state, input: s32.input, hx: s32.hx as Tensor, lengths, enforceSorted: false, oracle: true },
      { id: 'b', config: s64.config, stateDict: s64.state, input: s64.input, hx: s64.hx as Tensor, lengths, enforceSorted: false, oracle: true },
    ]);
    for (const r of [ok(r32 as RefResult), ok(r64 as RefResult)]) {
      const o = r.oracle;
      expect(o?.output.shape).toEqual(r.output.shape);
      expect(o?.hN.shape).toEqual(r.hN.shape);
      // padded steps are zeros in the oracle too; the rest is close to torch's answer
      for (let i = 0; i < r.output.data.length; i++) expect(Math.abs((o?.output.data[i] ?? NaN) - (r.output.data[i] as number))).toBeLessThan(1e-5);
      for (let i = 0; i < r.hN.data.length; i++) expect(Math.abs((o?.hN.data[i] ?? NaN) - (r.hN.data[i] as number))).toBeLessThan(1e-5);
    }
  });
});

// ---- gradients ---------------------------------------------------------------------------------------

describe('gradient cases', () => {
  const variants: [string, DType, Parameters<typeof setup>[1], boolean][] = [
    ['float32, hx, 2 layers, bidirectional, grad_h_n', 'float32', { hx: true, layers: 2, bi: true }, true],
    ['float16, batch_first', 'float16', { batchFirst: true }, false],
    ['bfloat16, hx', 'bfloat16', { hx: true }, true],
    ['float64', 'float64', { layers: 2 }, true],
    ['complex64, hx, bidirectional', 'complex64', { hx: true, bi: true }, true],
    ['complex128', 'complex128', {}, false],
  ];
  const built = variants.map(([, dtype, o, withGHN]) => {
    const s = setup(dtype, o);
    const D = o.bi ? 2 : 1;
    const [T, N] = [5, 3];
    const gOut = fill(zeros(dtype, o.batchFirst ? [N, T, D * 4] : [T, N, D * 4]), 17);
    const gHN = withGHN ? fill(zeros(dtype, [(o.layers ?? 1) * D, N, 4]), 19) : null;
    return { s, gOut, gHN, dtype };
  });
  test.each(variants.map((v, i) => [v[0], i] as const))('%s: every gradient is judged like check\'s; the oracle\'s gradients', async (_name, i) => {
    const { s, gOut, gHN, dtype } = built[i] as (typeof built)[number];
    await expectLikeTorch(asCase(s, { gradOutput: gOut, gradHN: gHN }));
    const [r] = await sidecar.run([{ id: 'g', config: s.config, stateDict: s.state, input: s.input, ...(s.hx ? { hx: s.hx } : {}), gradOutput: gOut, ...(gHN ? { gradHN: gHN } : {}), oracle: true }]);
    const got = ok(r as RefResult);
    // the oracle's gradients, every one torch has: float64/complex128 for the narrower dtypes, the
    // 40-digit BPTT for the double dtypes (torch's own to 1e-9 here: nothing amplifies rounding)
    expect(Object.keys(got.oracle?.grads ?? {})).toEqual(Object.keys(got.grads ?? {}));
    expect(got.oracleUnavailable).toBeUndefined();
    expect(got.oracle?.grads?.input?.dtype).toBe(dtype.startsWith('complex') ? 'complex128' : 'float64');
    if (dtype !== 'float64' && dtype !== 'complex128') return;
    for (const [k, g] of Object.entries(got.grads ?? {})) {
      const o = got.oracle?.grads?.[k] as Tensor;
      g.data.forEach((v, j) => expect(Math.abs((o.data[j] as number) - v), k).toBeLessThan(1e-9));
    }
  });

  test('torch.autograd.backward\'s refusal comes back at stage backward', async () => {
    const s = setup('float32', {});
    const [j] = await expectLikeTorch(asCase(s, { gradOutput: zeros('float32', [5, 3, 5]) }));
    expect(j?.verdict.refusal, 'both refuse, word for word').toBe(true);
    expect(j?.torch.kind === 'refused' && j.torch.stage).toBe('backward');
  });

  test('packed and gradient together: the gradient of the padded-back output reaches the padded input', async () => {
    const s = setup('float64', { hx: true });
    const gOut = fill(zeros('float64', [5, 3, 4]), 23);
    const [r] = await sidecar.run([{ id: 'pg', config: s.config, stateDict: s.state, input: s.input, hx: s.hx as Tensor, lengths: [5, 2, 4], enforceSorted: false, gradOutput: gOut }]);
    const got = ok(r as RefResult);
    const gIn = got.grads?.input as Tensor;
    expect(gIn.shape).toEqual([5, 3, 3]);
    // steps past a sequence's length never touch the recurrence: their input gradient is exactly 0
    for (let t = 2; t < 5; t++) for (let f = 0; f < 3; f++) expect(gIn.data[(t * 3 + 1) * 3 + f]).toBe(0);
    expect(gIn.data.some((v) => v !== 0)).toBe(true);
  });
});
