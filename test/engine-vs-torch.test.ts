// Live agreement: random configurations over all six dtypes (multi-layer, bidirectional,
// batch_first, unbatched, hx given or not, batch 0, NaN/inf inputs, training with dropout) run
// through the engine and through real torch (the sidecar, as check runs them: test/like-torch.ts),
// judged by check's judge: the seeded init bit for bit, warnings, refusals word for word, assert_close's
// default tolerances, and for a mismatch torch's own float64/complex128 answer (the oracle rule).
// Every case must pass.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { roundBF16, roundF16, zeros, type DType, type Tensor } from '../engine/index.js';
import type { ConformanceCase } from '../harness/case/index.js';
import { bitIdentical } from '../harness/check/run-check.js';
import { computedPairs, expectLikeTorch, verdictKinds } from './like-torch.js';
import { rnnArgsFields } from './rnn-args-arb.js';

const SEED = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
const RUNS = Number(process.env.FC_RUNS ?? 150);
console.log(`engine-vs-torch: seed ${SEED}, ${RUNS} cases (reproduce with FC_SEED=${SEED})`);

interface Case {
  cfg: Record<string, unknown>;
  dtype: DType;
  T: number;
  N: number | null; // null = unbatched
  withHx: boolean;
  train: boolean;
  specials: boolean;
  seed: number;
}

const caseArb: fc.Arbitrary<Case> = fc
  .record({
    ...rnnArgsFields({ input: 5, hidden: 6 }),
    N: fc.option(fc.integer({ min: 0, max: 3 }), { nil: null }),
    withHx: fc.boolean(),
    train: fc.boolean(),
    specials: fc.integer({ min: 0, max: 9 }).map((k) => k === 0),
    seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  })
  .map((r) => ({
    cfg: {
      input_size: r.input_size,
      hidden_size: r.hidden_size,
      num_layers: r.num_layers,
      // torch refuses relu on complex at forward time; that refusal is tested in rnn-vs-torch.test.ts
      nonlinearity: r.relu && !r.dtype.startsWith('complex') ? 'relu' : 'tanh',
      bias: r.bias,
      batch_first: r.batch_first,
      dropout: r.dtype.startsWith('complex') && r.dropout === 0.3 ? 1 : r.dropout,
      bidirectional: r.bidirectional,
      dtype: r.dtype,
    },
    dtype: r.dtype,
    T: r.T,
    N: r.N,
    withHx: r.withHx,
    train: r.train,
    specials: r.specials,
    seed: r.seed,
  }));

/**
 * Deterministic values in [-3, 3) rounded to the dtype (complex: [-1, 1), because complex64 near
 * tanh's poles amplifies float32 rounding far beyond assert_close's tolerance, in torch itself too),
 * with an occasional NaN / ±inf.
 */
function fill(t: Tensor, seed: number, specials: boolean): Tensor {
  let s = seed >>> 0 || 1;
  const rnd = (): number => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const round = t.dtype === 'float16' ? roundF16 : t.dtype === 'bfloat16' ? roundBF16 : (x: number): number => x;
  const scale = t.dtype.startsWith('complex') ? 1 : 3;
  for (let i = 0; i < t.data.length; i++) {
    const u = rnd();
    t.data[i] = specials && u < 0.05 ? [NaN, Infinity, -Infinity][i % 3] : round((rnd() * 2 - 1) * scale);
  }
  return t;
}

function build(c: Case, i: number): ConformanceCase {
  const I = c.cfg.input_size as number;
  const H = c.cfg.hidden_size as number;
  const D = c.cfg.bidirectional ? 2 : 1;
  const L = c.cfg.num_layers as number;
  const inShape = c.N === null ? [c.T, I] : c.cfg.batch_first ? [c.N, c.T, I] : [c.T, c.N, I];
  const input = fill(zeros(c.dtype, inShape), c.seed + 1, c.specials);
  const hx = c.withHx ? fill(zeros(c.dtype, c.N === null ? [L * D, H] : [L * D, c.N, H]), c.seed + 2, false) : null;
  // stateDict null: torch.manual_seed(seed) -> nn.RNN(**config) on both sides, the weights compared bit for bit
  return { id: `${SEED}:${i}`, config: c.cfg, seed: c.seed, stateDict: null, input, hx, train: c.train };
}

describe('engine vs torch (live)', () => {
  it(`agrees on ${RUNS} random configurations`, async () => {
    const cases = fc.sample(caseArb, { seed: SEED, numRuns: RUNS }).map(build);
    const hxBefore = cases.map((c) => c.hx?.data.slice());
    const judged = await expectLikeTorch(cases, { reproduce: `seed ${SEED} (FC_SEED=${SEED})` });
    cases.forEach((c, i) => expect(c.hx?.data.every((v, k) => Object.is(v, hxBefore[i]?.[k])) ?? true, `case ${c.id}: hx was modified`).toBe(true));
    const bits: Record<string, [number, number]> = {};
    for (const j of judged) {
      const dtype = String(j.case.config.dtype);
      if (dtype === 'float64' || dtype === 'complex128' || j.case.input.data.some((x) => !Number.isFinite(x))) continue;
      const pairs = computedPairs(j);
      if (pairs.length === 0) continue;
      const { elements, identical } = bitIdentical(pairs.map((p) => p[1]), pairs.map((p) => p[2]));
      const b = (bits[dtype] ??= [0, 0]);
      b[0] += identical;
      b[1] += elements;
    }
    for (const [d, [n, total]] of Object.entries(bits)) {
      console.log(`engine-vs-torch: bit-exact ${d}: ${n}/${total} (${((100 * n) / Math.max(1, total)).toFixed(1)}%)`);
    }
    console.log(`engine-vs-torch: verdicts ${JSON.stringify(verdictKinds(judged))}`);
  });
});
