// Live agreement: random configurations over all six dtypes (multi-layer, bidirectional,
// batch_first, unbatched, hx given or not, batch 0, NaN/inf inputs, training with dropout) run
// through the engine and through real torch, judged by the project's judgeCase: assert_close's
// default tolerances, and for a mismatch torch's own float64/complex128 answer (the oracle rule).
// Every case must pass.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { judgeCase, type RefOutcome } from '../harness/compare/index.js';
import { DTYPES, Generator, RNN, TorchError, isComplex, roundBF16, roundF16, zeros, type DType, type Tensor } from '../engine/index.js';
import { fromWire, runTorch, toWire, widenCase, type TorchCase } from './live-torch.js';

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
    dtype: fc.constantFrom(...DTYPES),
    input_size: fc.integer({ min: 1, max: 5 }),
    hidden_size: fc.integer({ min: 1, max: 6 }),
    num_layers: fc.integer({ min: 1, max: 3 }),
    relu: fc.boolean(),
    bias: fc.boolean(),
    batch_first: fc.boolean(),
    bidirectional: fc.boolean(),
    dropout: fc.constantFrom(0, 0, 0.3, 1),
    T: fc.integer({ min: 1, max: 7 }),
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
      // torch refuses relu on complex at forward time; that refusal is tested in rnn.spec.ts
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

function build(c: Case): { rnn: RNN; input: Tensor; hx: Tensor | null } {
  const rnn = RNN.fromTorchConfig(c.cfg, { generator: new Generator(c.seed) });
  const I = c.cfg.input_size as number;
  const H = c.cfg.hidden_size as number;
  const D = c.cfg.bidirectional ? 2 : 1;
  const L = c.cfg.num_layers as number;
  const inShape = c.N === null ? [c.T, I] : c.cfg.batch_first ? [c.N, c.T, I] : [c.T, c.N, I];
  const input = fill(zeros(c.dtype, inShape), c.seed + 1, c.specials);
  const hx = c.withHx ? fill(zeros(c.dtype, c.N === null ? [L * D, H] : [L * D, c.N, H]), c.seed + 2, false) : null;
  return { rnn, input, hx };
}

describe('engine vs torch (live)', () => {
  it(`agrees on ${RUNS} random configurations`, () => {
    const cases = fc.sample(caseArb, { seed: SEED, numRuns: RUNS });
    const built = cases.map(build);
    const torchCases: TorchCase[] = cases.map((c, i) => ({
      config: c.cfg,
      state: Object.fromEntries(Object.entries(built[i].rnn.stateDict()).map(([k, v]) => [k, toWire(v)])),
      input: toWire(built[i].input),
      hx: built[i].hx ? toWire(built[i].hx as Tensor) : null,
      train: c.train,
      seed: c.seed,
    }));
    const results = runTorch(torchCases);
    // The oracle: the same module and inputs in float64/complex128 (exact widening), where the run
    // is deterministic (eval, or dropout 0 or 1), as the sidecar computes it.
    const oracleIdx = cases.map((c, i) => i).filter((i) => !['float64', 'complex128'].includes(cases[i].dtype) && (!cases[i].train || [0, 1].includes(cases[i].cfg.dropout as number)));
    const oracles = runTorch(oracleIdx.map((i) => widenCase(torchCases[i], isComplex(cases[i].dtype) ? 'complex128' : 'float64')));
    const oracleOf = new Map(oracleIdx.map((i, k) => [i, oracles[k]]));
    const failures: string[] = [];
    const bits: Record<string, [number, number]> = {};
    const kinds: Record<string, number> = {};
    cases.forEach((c, i) => {
      const { rnn, input, hx } = built[i];
      const r = results[i];
      const hxBefore = hx ? hx.data.slice() : null;
      let mine: [Tensor, Tensor] | TorchError;
      try {
        mine = rnn.train(c.train).forward(input, hx, { generator: new Generator(c.seed) });
      } catch (e) {
        if (!(e instanceof TorchError)) throw e;
        mine = e;
      }
      const where = `case ${i} ${JSON.stringify({ ...c, cfg: c.cfg })}`;
      if (hx && hxBefore && !hx.data.every((v, k) => Object.is(v, hxBefore[k]))) failures.push(`${where}: hx was modified`);
      const o = oracleOf.get(i);
      const theirs: RefOutcome = r.error
        ? r.error
        : {
            output: fromWire(need(r.output)),
            hN: fromWire(need(r.h_n)),
            ...(o && !o.error ? { oracle: { output: fromWire(need(o.output)), hN: fromWire(need(o.h_n)) } } : {}),
          };
      const ours = mine instanceof TorchError ? { type: mine.type, message: mine.message } : { output: mine[0], hN: mine[1] };
      const v = judgeCase(ours, theirs, { config: rnn.config, unbatched: c.N === null });
      kinds[`${c.dtype} ${v.kind}`] = (kinds[`${c.dtype} ${v.kind}`] ?? 0) + 1;
      if (!v.ok) failures.push(`${where}\n  ${v.message}`);
      if (!(mine instanceof TorchError) && 'output' in theirs && c.dtype !== 'float64' && c.dtype !== 'complex128' && !c.specials) {
        const b = (bits[c.dtype] ??= [0, 0]);
        for (const [got, exp] of [[mine[0], theirs.output], [mine[1], theirs.hN]] as const) {
          b[1] += got.data.length;
          got.data.forEach((x, k) => (b[0] += Object.is(x, exp.data[k]) ? 1 : 0));
        }
      }
    });
    for (const [d, [n, total]] of Object.entries(bits)) {
      console.log(`engine-vs-torch: bit-exact ${d}: ${n}/${total} (${((100 * n) / Math.max(1, total)).toFixed(1)}%)`);
    }
    console.log(`engine-vs-torch: verdicts ${JSON.stringify(kinds)}`);
    expect(failures, `seed ${SEED}:\n${failures.join('\n')}`).toEqual([]);
  });
});

function need<T>(x: T | undefined): T {
  if (x === undefined) throw new Error('torch returned no tensor');
  return x;
}
