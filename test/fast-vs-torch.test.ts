// `precision: 'fast'` (check --engine builtin-fast) against live torch through the sidecar, judged by
// check's judge like any engine (assert_close's default tolerance, then torch's own float64/complex128
// answer for the oracle rule), on random and
// saturating cases: sizes up to 48 (several panels and tiles, odd remainders), tanh and relu, weights
// scaled up to ×10 and inputs to ×3 (saturated tanh, exploding relu) — the cases where a tanh or a
// summation order that is merely "close" would show after the recurrence. Every case must pass.
import { describe, expect, it } from 'vitest';
import { Generator, RNN, zeros, type DType } from '../engine/index.js';
import type { ConformanceCase } from '../harness/case/index.js';
import { fastEngine } from '../harness/engines/select.js';
import { expectLikeTorch, verdictKinds } from './like-torch.js';

const SEED = Number(process.env.RANDOM_SEED ?? Date.now() % 2 ** 31);
const RUNS = Number(process.env.FAST_RUNS ?? 60);
console.log(`fast-vs-torch: RANDOM_SEED=${SEED}, ${RUNS} cases (reproduce with RANDOM_SEED=${SEED})`);

const DTYPES: DType[] = ['float32', 'float64', 'complex64'];

describe('precision fast vs torch (live)', () => {
  it(`passes check's judge on ${RUNS} random and saturating cases`, async () => {
    const g = new Generator(SEED);
    const int = (lo: number, hi: number) => lo + Math.floor(g.nextUnit53() * (hi - lo + 1));
    const cases = Array.from({ length: RUNS }, (_, i): ConformanceCase => {
      const dtype = DTYPES[i % 3] as DType;
      const cplx = dtype === 'complex64';
      const config = {
        input_size: int(1, 48), hidden_size: int(1, 48), num_layers: int(1, 2), nonlinearity: !cplx && int(0, 1) ? 'relu' : 'tanh',
        bias: int(0, 3) > 0, batch_first: int(0, 1) === 1, bidirectional: int(0, 1) === 1, dtype,
      };
      const sd = RNN.fromTorchConfig(config, { generator: new Generator(SEED + i) }).stateDict();
      // a third of the cases saturate: weights ×4..10 and inputs ×3 (complex stays at ×1: its tanh has poles)
      const scale = !cplx && i % 3 === 1 ? int(4, 10) : 1;
      for (const t of Object.values(sd)) for (let k = 0; k < t.data.length; k++) t.data[k] *= scale;
      const [T, N] = [int(1, 30), int(1, 6)];
      const x = zeros(dtype, config.batch_first ? [N, T, config.input_size] : [T, N, config.input_size]);
      for (let k = 0; k < x.data.length; k++) x.data[k] = (2 * g.nextUnit53() - 1) * (scale > 1 ? 3 : 1);
      return { id: `${SEED}:${i}`, config, seed: SEED + i, stateDict: sd, input: x, hx: null, train: false };
    });
    const judged = await expectLikeTorch(cases, { engine: fastEngine, reproduce: `RANDOM_SEED=${SEED}` });
    expect(judged.every((j) => j.verdict.refusal !== true), 'no case is a refusal').toBe(true);
    console.log(`fast-vs-torch: verdicts ${JSON.stringify(verdictKinds(judged))}`);
  });
});
