// `precision: 'fast'` against live torch, judged by judgeCase like any engine (assert_close's default
// tolerance, then torch's own float64/complex128 answer for the oracle rule), on random and
// saturating cases: sizes up to 48 (several panels and tiles, odd remainders), tanh and relu, weights
// scaled up to ×10 and inputs to ×3 (saturated tanh, exploding relu) — the cases where a tanh or a
// summation order that is merely "close" would show after the recurrence. Every case must pass.
import { describe, expect, it } from 'vitest';
import { judgeCase, type RefOutcome } from '../harness/compare/index.js';
import { Generator, RNN, zeros, type DType, type Tensor } from '../engine/index.js';
import { fromWire, runTorch, toWire, widenCase, type TorchCase } from './live-torch.js';

const SEED = Number(process.env.RANDOM_SEED ?? Date.now() % 2 ** 31);
const RUNS = Number(process.env.FAST_RUNS ?? 60);
console.log(`fast-vs-torch: RANDOM_SEED=${SEED}, ${RUNS} cases (reproduce with RANDOM_SEED=${SEED})`);

const DTYPES: DType[] = ['float32', 'float64', 'complex64'];

describe('precision fast vs torch (live)', () => {
  it(`passes judgeCase on ${RUNS} random and saturating cases`, () => {
    const g = new Generator(SEED);
    const int = (lo: number, hi: number) => lo + Math.floor(g.nextUnit53() * (hi - lo + 1));
    const built = Array.from({ length: RUNS }, (_, i) => {
      const dtype = DTYPES[i % 3];
      const cplx = dtype === 'complex64';
      const config = {
        input_size: int(1, 48), hidden_size: int(1, 48), num_layers: int(1, 2), nonlinearity: !cplx && int(0, 1) ? 'relu' : 'tanh',
        bias: int(0, 3) > 0, batch_first: int(0, 1) === 1, bidirectional: int(0, 1) === 1, dtype,
      };
      const rnn = RNN.fromTorchConfig(config, { generator: new Generator(SEED + i), precision: 'fast' }).eval();
      // a third of the cases saturate: weights ×4..10 and inputs ×3 (complex stays at ×1: its tanh has poles)
      const scale = !cplx && i % 3 === 1 ? int(4, 10) : 1;
      const sd = rnn.stateDict();
      for (const t of Object.values(sd)) for (let k = 0; k < t.data.length; k++) t.data[k] *= scale;
      rnn.loadStateDict(sd);
      const [T, N] = [int(1, 30), int(1, 6)];
      const x = zeros(dtype, config.batch_first ? [N, T, config.input_size] : [T, N, config.input_size]);
      for (let k = 0; k < x.data.length; k++) x.data[k] = (2 * g.nextUnit53() - 1) * (scale > 1 ? 3 : 1);
      return { config, rnn, x, sd };
    });
    const cases: TorchCase[] = built.map((b) => ({ config: b.config, state: Object.fromEntries(Object.entries(b.sd).map(([k, v]) => [k, toWire(v)])), input: toWire(b.x) }));
    const torch = runTorch(cases);
    const oracleIdx = built.map((_, i) => i).filter((i) => built[i].config.dtype !== 'float64');
    const oracles = new Map(runTorch(oracleIdx.map((i) => widenCase(cases[i], built[i].config.dtype === 'complex64' ? 'complex128' : 'float64'))).map((o, k) => [oracleIdx[k], o]));
    const failures: string[] = [];
    const kinds: Record<string, number> = {};
    built.forEach((b, i) => {
      const [output, hN] = b.rnn.forward(b.x) as [Tensor, Tensor];
      const r = torch[i];
      const o = oracles.get(i);
      if (r.error || !r.output || !r.h_n) throw new Error(`torch refused case ${i}: ${JSON.stringify(r.error)}`);
      const theirs: RefOutcome = {
        output: fromWire(r.output),
        hN: fromWire(r.h_n),
        ...(o?.output && o.h_n ? { oracle: { output: fromWire(o.output), hN: fromWire(o.h_n) } } : {}),
      };
      const v = judgeCase({ output, hN }, theirs, { config: b.rnn.config, unbatched: false });
      kinds[`${b.config.dtype} ${v.kind}`] = (kinds[`${b.config.dtype} ${v.kind}`] ?? 0) + 1;
      if (!v.ok) failures.push(`case ${i} ${JSON.stringify(b.config)} T=${b.x.shape[0]}\n  ${v.message}`);
    });
    console.log(`fast-vs-torch: verdicts ${JSON.stringify(kinds)}`);
    expect(failures, `RANDOM_SEED=${SEED}:\n${failures.join('\n')}`).toEqual([]);
  });
});
