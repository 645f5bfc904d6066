// The backward of a variable-length batch, live: pack_padded_sequence -> nn.RNN -> pad_packed_sequence
// -> torch.autograd.backward([output, h_n], [grad_output, grad_h_n]) in the engine (check's engine side:
// runEngine) and in real torch (the sidecar), over all six dtypes (layers, directions, relu/tanh, bias,
// batch_first, hx, grad_h_n, sorted and unsorted lengths, training-mode dropout), judged as check judges
// a case: every gradient by the one comparator with torch's default tolerances, a mismatch by torch's
// own float64/complex128 answer (the oracle rule). float16/bfloat16 gradients agree bit for bit (every
// kernel torch runs for them here is scalar code). A complex input that requires grad is refused at the
// packing, in torch's words.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isComplex, roundBF16, roundF16, zeros, type DType, type Tensor } from '../engine/index.js';
import type { ConformanceCase } from '../harness/case/index.js';
import { computedPairs, describeCase, expectLikeTorch, verdictKinds } from './like-torch.js';
import { rnnArgsFields } from './rnn-args-arb.js';

const SEED = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
const RUNS = Number(process.env.FC_RUNS ?? 120);
console.log(`packed-backward-vs-torch: seed ${SEED}, ${RUNS} cases (reproduce with FC_SEED=${SEED})`);

/** Deterministic values in [-scale, scale) rounded to the dtype. */
function fill(t: Tensor, seed: number, scale: number): Tensor {
  let s = seed >>> 0 || 1;
  const round = t.dtype === 'float16' ? roundF16 : t.dtype === 'bfloat16' ? roundBF16 : (x: number): number => x;
  for (let i = 0; i < t.data.length; i++) t.data[i] = round((((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32) * 2 - 1) * scale);
  return t;
}

const caseArb: fc.Arbitrary<ConformanceCase> = fc
  .record({
    ...rnnArgsFields({ input: 4, hidden: 5 }),
    lengths: fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 6 }),
    enforceSorted: fc.boolean(),
    withHx: fc.boolean(),
    withGHN: fc.boolean(),
    train: fc.boolean(),
    seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  })
  .map((r): ConformanceCase => {
    const lengths = r.lengths.map((l) => Math.min(l, r.T));
    if (r.enforceSorted) lengths.sort((a, b) => b - a);
    const T = Math.max(...lengths);
    const B = lengths.length;
    const D = r.bidirectional ? 2 : 1;
    const cplx = isComplex(r.dtype);
    const dtype: DType = r.dtype;
    const H = r.hidden_size;
    const scale = cplx ? 0.7 : 2; // complex nearer tanh's poles amplifies rounding past tolerance, in torch too
    return {
      id: `${SEED}:${r.seed}`,
      config: {
        input_size: r.input_size, hidden_size: H, num_layers: r.num_layers, nonlinearity: r.relu && !cplx ? 'relu' : 'tanh',
        bias: r.bias, batch_first: r.batch_first, dropout: cplx && r.dropout === 0.3 ? 1 : r.dropout, bidirectional: r.bidirectional, dtype,
      },
      seed: r.seed,
      stateDict: null,
      input: fill(zeros(dtype, r.batch_first ? [B, T, r.input_size] : [T, B, r.input_size]), r.seed + 1, scale),
      hx: r.withHx ? fill(zeros(dtype, [r.num_layers * D, B, H]), r.seed + 2, 1) : null,
      train: r.train,
      lengths,
      enforceSorted: r.enforceSorted,
      gradOutput: fill(zeros(dtype, r.batch_first ? [B, T, D * H] : [T, B, D * H]), r.seed + 3, 1),
      gradHN: r.withGHN ? fill(zeros(dtype, [r.num_layers * D, B, H]), r.seed + 4, 1) : null,
    };
  });

describe('packed backward vs torch (live, through the sidecar)', () => {
  it(`agrees with torch.autograd.backward through pack/pad on ${RUNS} random configurations`, async () => {
    const cases = fc.sample(caseArb, { seed: SEED, numRuns: RUNS });
    const judged = await expectLikeTorch(cases, { reproduce: `seed ${SEED} (FC_SEED=${SEED})` });
    const failures: string[] = [];
    const bits: Record<string, [number, number]> = {};
    for (const j of judged) {
      const dtype = j.case.config.dtype as DType;
      const where = `case ${j.case.id} ${describeCase(j.case)}`;
      if (isComplex(dtype)) {
        // torch's autograd refuses a complex input that requires grad, once the packing itself is valid
        if (j.engine.kind !== 'refused' || j.engine.stage !== 'pack' || !/complex dtype/.test(j.engine.message)) failures.push(`${where}\n  expected the complex refusal at pack`);
        continue;
      }
      if (j.engine.kind !== 'ok' || !j.engine.grads) {
        failures.push(`${where}\n  expected the backward to run`);
        continue;
      }
      const b = (bits[dtype] ??= [0, 0]);
      for (const [name, e, t] of computedPairs(j)) {
        if (!name.startsWith('grad.')) continue;
        let same = 0;
        t.data.forEach((x, k) => (same += Object.is(x, e.data[k]) ? 1 : 0));
        b[0] += same;
        b[1] += t.data.length;
        // every kernel torch runs for float16/bfloat16 at these sizes is scalar code: the same on every x86 CPU
        if ((dtype === 'float16' || dtype === 'bfloat16') && same !== t.data.length) failures.push(`${where}\n  ${name}: not bit-identical to torch's ${dtype}`);
      }
    }
    for (const [d, [n, total]] of Object.entries(bits)) console.log(`packed-backward-vs-torch: gradients bit-exact ${d}: ${n}/${total}`);
    console.log(`packed-backward-vs-torch: verdicts ${JSON.stringify(verdictKinds(judged))}`);
    expect(failures, `seed ${SEED}:\n${failures.join('\n')}`).toEqual([]);
    // every real dtype ran its backward
    for (const d of ['float16', 'bfloat16', 'float32', 'float64']) expect(bits[d]?.[1] ?? 0, d).toBeGreaterThan(0);
  });
});
