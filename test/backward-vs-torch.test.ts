// Live agreement of the backward pass: random configurations over all six dtypes (several layers,
// bidirectional, batch_first, unbatched, hx given or not, bias or not, tanh/relu, training-mode
// dropout, batch 0, the occasional NaN/inf) as gradient cases through the sidecar, as check runs them
// (test/like-torch.ts): rnn.tape(...).backward(...) against torch.autograd.backward, the seeded init bit
// for bit, every gradient judged by check's judge (assert_close's default tolerances, and a mismatch
// by torch's own float64/complex128 answer: the oracle rule, rounding amplified alike). float16/bfloat16 must agree bit for bit: at these sizes every
// kernel torch runs for them is scalar code, the same on every x86 CPU.
// Also: the bias gradients' reduction (kernels/reduce.ts) against torch.sum(t, 0) (python/testing/sum0.py), and torch's
// refusals of mis-shaped or complex/real-mixed upstream gradients, word for word.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareTensors } from '../harness/compare/index.js';
import type { ConformanceCase } from '../harness/case/index.js';
import { bitIdentical } from '../harness/check/run-check.js';
import { columnSums, SUM_WIDTHS } from '../engine/kernels/reduce.js';
import { DTYPES, Generator, RNN, isComplex, roundBF16, roundF16, zeros, type DType, type Tensor } from '../engine/index.js';
import { computedPairs, describeCase, expectLikeTorch, verdictKinds } from './like-torch.js';
import { runTensorTool } from './python-tools.js';

const SEED = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
const RUNS = Number(process.env.FC_RUNS ?? 120);
console.log(`backward-vs-torch: seed ${SEED}, ${RUNS} cases (reproduce with FC_SEED=${SEED})`);

interface Case {
  cfg: Record<string, unknown>;
  dtype: DType;
  T: number;
  N: number | null; // null = unbatched
  withHx: boolean;
  withGHN: boolean;
  train: boolean;
  specials: boolean;
  seed: number;
}

const caseArb: fc.Arbitrary<Case> = fc
  .record({
    dtype: fc.constantFrom(...DTYPES),
    input_size: fc.integer({ min: 1, max: 6 }),
    hidden_size: fc.integer({ min: 1, max: 7 }),
    num_layers: fc.integer({ min: 1, max: 3 }),
    relu: fc.boolean(),
    bias: fc.boolean(),
    batch_first: fc.boolean(),
    bidirectional: fc.boolean(),
    dropout: fc.constantFrom(0, 0, 0.3, 0.7, 1),
    T: fc.integer({ min: 1, max: 7 }),
    N: fc.option(fc.integer({ min: 0, max: 4 }), { nil: null, freq: 4 }),
    withHx: fc.boolean(),
    withGHN: fc.boolean(),
    train: fc.boolean(),
    specials: fc.integer({ min: 0, max: 14 }).map((k) => k === 0),
    seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  })
  .map((r) => {
    const cplx = r.dtype.startsWith('complex');
    return {
      cfg: {
        input_size: r.input_size,
        hidden_size: r.hidden_size,
        num_layers: r.num_layers,
        nonlinearity: r.relu && !cplx ? 'relu' : 'tanh', // torch refuses relu on complex at forward
        bias: r.bias,
        batch_first: r.batch_first,
        dropout: cplx && r.dropout !== 0 ? 1 : r.dropout, // and complex dropout with 0 < p < 1
        bidirectional: r.bidirectional,
        dtype: r.dtype,
      },
      dtype: r.dtype,
      T: r.T,
      N: r.N,
      withHx: r.withHx,
      withGHN: r.withGHN,
      train: r.train,
      specials: r.specials,
      seed: r.seed,
    };
  });

/** Values in [-2, 2) rounded to the dtype (complex [-0.7, 0.7): nearer tanh's poles complex64 amplifies rounding far past tolerance, in torch too); specials: the odd NaN/±inf. */
function fill(t: Tensor, seed: number, specials: boolean): Tensor {
  let s = seed >>> 0 || 1;
  const rnd = (): number => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const round = t.dtype === 'float16' ? roundF16 : t.dtype === 'bfloat16' ? roundBF16 : (x: number): number => x;
  const scale = isComplex(t.dtype) ? 0.7 : 2;
  for (let i = 0; i < t.data.length; i++) {
    const u = rnd();
    t.data[i] = specials && u < 0.04 ? [NaN, Infinity, -Infinity][i % 3] : round((rnd() * 2 - 1) * scale);
  }
  return t;
}

/** A gradient case as check runs it: torch.manual_seed(seed) -> nn.RNN(**config) (the seeded init,
 * compared bit for bit) -> forward with autograd -> torch.autograd.backward. */
function build(c: Case, i: number): ConformanceCase {
  const I = c.cfg.input_size as number;
  const H = c.cfg.hidden_size as number;
  const D = c.cfg.bidirectional ? 2 : 1;
  const L = c.cfg.num_layers as number;
  const N = c.N ?? 1;
  const inShape = c.N === null ? [c.T, I] : c.cfg.batch_first ? [N, c.T, I] : [c.T, N, I];
  const outShape = c.N === null ? [c.T, D * H] : c.cfg.batch_first ? [N, c.T, D * H] : [c.T, N, D * H];
  const hShape = c.N === null ? [L * D, H] : [L * D, N, H];
  return {
    id: `${SEED}:${i}`, config: c.cfg, seed: c.seed, stateDict: null, train: c.train,
    input: fill(zeros(c.dtype, inShape), c.seed + 1, c.specials),
    hx: c.withHx ? fill(zeros(c.dtype, hShape), c.seed + 2, false) : null,
    gradOutput: fill(zeros(c.dtype, outShape), c.seed + 3, false),
    gradHN: c.withGHN ? fill(zeros(c.dtype, hShape), c.seed + 4, false) : null,
  };
}

describe('backward vs torch (live)', () => {
  it(`agrees with torch.autograd.backward on ${RUNS} random configurations`, async () => {
    const sampled = fc.sample(caseArb, { seed: SEED, numRuns: RUNS });
    const judged = await expectLikeTorch(sampled.map(build), { reproduce: `seed ${SEED} (FC_SEED=${SEED})` });
    const failures: string[] = [];
    const bits: Record<string, [number, number]> = {};
    judged.forEach((j, i) => {
      const c = sampled[i] as Case;
      if (j.verdict.refusal) failures.push(`case ${j.case.id} ${describeCase(j.case)}: both refused (${j.verdict.message})`);
      if (c.specials) return;
      const half = c.dtype === 'float16' || c.dtype === 'bfloat16';
      for (const [name, e, t] of computedPairs(j)) {
        const { elements, identical } = bitIdentical([e], [t]);
        const bt = (bits[c.dtype] ??= [0, 0]);
        bt[0] += identical;
        bt[1] += elements;
        // every kernel torch runs for float16/bfloat16 at these sizes is scalar code: the same on every x86 CPU
        if (half && identical !== elements) failures.push(`case ${j.case.id} ${describeCase(j.case)}\n  ${name}: not bit-identical to torch's ${c.dtype}`);
      }
    });
    for (const [d, [n, total]] of Object.entries(bits)) {
      console.log(`backward-vs-torch: bit-exact ${d}: ${n}/${total} (${((100 * n) / Math.max(1, total)).toFixed(1)}%)`);
    }
    console.log(`backward-vs-torch: verdicts ${JSON.stringify(verdictKinds(judged))}`);
    expect(failures, `seed ${SEED}:\n${failures.join('\n')}`).toEqual([]);
  });
});

describe('bias gradient reduction = torch.sum(t, 0)', () => {
  // The register widths are the AVX2 build's (torch's vectorized sum takes other column groups on
  // AVX512): bit for bit where torch runs its AVX2 kernels, within tolerance elsewhere.
  // rows and columns that take every path of torch's cascade sum (single running sum, four partial
  // sums, vector-register groups, the contiguous single column)
  const SHAPES = [[1, 5], [3, 1], [17, 1], [40, 1], [5, 3], [16, 4], [17, 7], [33, 9], [40, 16], [100, 33], [70, 40], [300, 7], [20, 70]];
  const KINDS: [DType, keyof typeof SUM_WIDTHS][] = [['float16', 'half'], ['bfloat16', 'half'], ['float32', 'float32'], ['float64', 'float64'], ['complex64', 'complex64'], ['complex128', 'complex128']];
  it('is bit-identical to torch (where torch runs its AVX2 kernels) in every dtype, values of wide range', () => {
    const tensors: Tensor[] = [];
    for (const [dtype] of KINDS) {
      for (const [R, C] of SHAPES) {
        const t = fill(zeros(dtype, [R, C]), R * 131 + C, false);
        // a wide dynamic range, so the summation order shows in float32 and float64
        for (let i = 0; i < t.data.length; i++) t.data[i] = (dtype === 'float16' ? roundF16 : dtype === 'bfloat16' ? roundBF16 : (x: number) => x)(t.data[i] * 2 ** ((i * 7) % 13));
        tensors.push(t);
      }
    }
    const { tensors: sumsByKey, meta } = runTensorTool('sum0.py', Object.fromEntries(tensors.map((t, i) => [String(i), t])));
    const capability = meta.capability as string;
    const sums = tensors.map((_, i) => sumsByKey[String(i)] as Tensor);
    console.log(`backward-vs-torch: torch's sum ran its ${capability} kernels`);
    let k = 0;
    const failures: string[] = [];
    for (const [dtype, w] of KINDS) {
      for (const [R, C] of SHAPES) {
        const t = tensors[k];
        const want = sums[k++];
        const got = zeros(dtype, [C]);
        columnSums(t.data, R, C, isComplex(dtype) ? 2 : 1, SUM_WIDTHS[w], dtype !== 'float64' && dtype !== 'complex128', got.data);
        const round = dtype === 'float16' ? roundF16 : dtype === 'bfloat16' ? roundBF16 : null;
        if (round) for (let i = 0; i < got.data.length; i++) got.data[i] = round(got.data[i]);
        const same = want.data.every((x, i) => Object.is(x, got.data[i]));
        if (!same && (capability === 'AVX2' || !compareTensors(got, want).ok)) {
          failures.push(`${dtype} (${R}, ${C}): ${Array.from(got.data).join(',')} vs torch ${Array.from(want.data).join(',')}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });
});

describe('torch.autograd.backward refusals (live)', () => {
  const cfg = { input_size: 2, hidden_size: 3, num_layers: 2, bidirectional: true, dtype: 'float32' };
  const refusals: [string, number[] | null, number[] | null, DType?][] = [
    ['output grad of another shape', [4, 2, 5], null],
    ['output grad of another rank', [8, 6], null],
    ['h_n grad of another, broadcastable shape', [4, 2, 6], [4, 1, 3]],
    ['h_n grad of a shape that does not broadcast with the output grad', [4, 2, 6], [4, 2, 5]],
    ['h_n grad and output grad of one element each', [1, 1, 6], [4, 1, 1]],
    ['complex output grad for a real module', [4, 2, 6], null, 'complex64'],
  ];
  const stateDict = RNN.fromTorchConfig(cfg, { generator: new Generator(3) }).stateDict();
  const input = fill(zeros('float32', [4, 2, 2]), 5, false);
  const base = { config: cfg, seed: 3, stateDict, input, hx: null, train: false };
  const cases = refusals.map(([what, go, gh, gdt]): ConformanceCase => ({
    ...base, id: what, gradOutput: fill(zeros(gdt ?? 'float32', go ?? [4, 2, 6]), 6, false), gradHN: gh ? fill(zeros('float32', gh), 7, false) : null,
  }));

  it('refuses as torch does, word for word', async () => {
    const judged = await expectLikeTorch(cases);
    for (const j of judged) {
      expect(j.verdict.refusal, `${j.case.id}: both refuse`).toBe(true);
      expect(j.torch.kind === 'refused' && j.torch.stage, j.case.id).toBe('backward');
    }
  });

  it('casts a real upstream gradient of another real dtype as torch does', async () => {
    // a float64 gradient for the float32 module, with values float32 cannot hold
    const gWide = fill(zeros('float64', [4, 2, 6]), 9, false);
    for (let i = 0; i < gWide.data.length; i++) gWide.data[i] += 1e-12 * i;
    const [j] = await expectLikeTorch({ ...base, id: 'float64 grad', gradOutput: gWide });
    expect(j?.verdict.refusal).toBeUndefined();
    expect(Object.keys(j?.torch.kind === 'ok' ? (j.torch.grads ?? {}) : {})).toContain('weight_ih_l0');
  });
});
