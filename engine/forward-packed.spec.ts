// nn.RNN on a PackedSequence. torch's contract (torch.nn.utils.rnn's PackedSequence): each sequence behaves as if
// run alone, from its own hx column, the reverse direction starting at its own last step, h_n in the
// caller's order, padded outputs 0. Checked here against the engine's padded forward on each
// sequence alone, in the dtypes whose kernels sum the same way for any row count (float64,
// complex128, the 16-bit ones), bit for bit; test/packed-vs-torch.test.ts compares with torch live.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DType } from './dtype.js';
import { TorchError } from './errors.js';
import { roundBF16, roundF16 } from './half.js';
import { packPaddedSequence, padPackedSequence } from './packed.js';
import { Generator } from './random.js';
import { RNN } from './rnn.js';
import { tensor, zeros, type Tensor } from './tensor.js';

function filled(dtype: DType, shape: number[], seed: number): Tensor {
  const t = zeros(dtype, shape);
  let s = seed >>> 0 || 1;
  const round = dtype === 'float16' ? roundF16 : dtype === 'bfloat16' ? roundBF16 : (x: number): number => x;
  for (let i = 0; i < t.data.length; i++) t.data[i] = round(((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32) * 2 - 1);
  return t;
}

/** Sequence b of a (T, B, F) tensor, its first n steps, as an unbatched (n, F) tensor. */
function column(t: Tensor, b: number, n: number): Tensor {
  const [, B, F] = t.shape;
  const lane = t.data.length / t.shape.reduce((x, y) => x * y, 1);
  const out = zeros(t.dtype, [n, F]);
  for (let s = 0; s < n; s++) out.data.set(t.data.subarray((s * B + b) * F * lane, (s * B + b + 1) * F * lane), s * F * lane);
  return out;
}

describe('packed forward: every sequence as if run alone (bit for bit)', () => {
  const arb = fc.record({
    dtype: fc.constantFrom<DType>('float64', 'complex128', 'float16', 'bfloat16'),
    layers: fc.integer({ min: 1, max: 3 }),
    bidirectional: fc.boolean(),
    relu: fc.boolean(),
    bias: fc.boolean(),
    withHx: fc.boolean(),
    enforceSorted: fc.boolean(),
    lengths: fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 20 }),
    seed: fc.integer({ min: 1, max: 1 << 30 }),
  });
  it('random configurations (seed printed on failure)', () => {
    fc.assert(
      fc.property(arb, (c) => {
        const lengths = c.enforceSorted ? [...c.lengths].sort((a, b) => b - a) : c.lengths;
        const B = lengths.length;
        const T = Math.max(...lengths);
        const D = c.bidirectional ? 2 : 1;
        const cfg = {
          input_size: 3, hidden_size: 4, num_layers: c.layers, bidirectional: c.bidirectional, bias: c.bias,
          nonlinearity: c.relu && c.dtype !== 'complex128' ? 'relu' : 'tanh', dtype: c.dtype,
        };
        const rnn = RNN.fromTorchConfig(cfg, { generator: new Generator(c.seed) }).eval();
        const x = filled(c.dtype, [T, B, 3], c.seed + 1);
        const hx = c.withHx ? filled(c.dtype, [c.layers * D, B, 4], c.seed + 2) : null;
        const [packedOut, hN] = rnn.forward(packPaddedSequence(x, lengths, { enforceSorted: c.enforceSorted }), hx);
        const [out] = padPackedSequence(packedOut);
        expect(hN.shape).toEqual([c.layers * D, B, 4]);
        for (let b = 0; b < B; b++) {
          const [alone, aloneHN] = rnn.forward(column(x, b, lengths[b]), hx ? column(hx, b, c.layers * D) : null);
          const mine = column(out, b, T);
          const lane = c.dtype === 'complex128' ? 2 : 1;
          const row = D * 4 * lane;
          expect([...mine.data.subarray(0, lengths[b] * row)]).toEqual([...alone.data]);
          expect([...mine.data.subarray(lengths[b] * row)].every((v) => v === 0)).toBe(true); // padded steps
          expect([...column(hN, b, c.layers * D).data]).toEqual([...aloneHN.data]);
        }
      }),
      { seed: Number(process.env.FC_SEED ?? 15), numRuns: 120 },
    );
  });
});

describe('packed forward: dropout, hx order, refusals', () => {
  // what the call raised, as Python prints it (a TorchError prints `Type: message`)
  const refusal = (f: () => unknown): string => {
    try {
      return `no refusal: ${String(f())}`;
    } catch (e) {
      return e instanceof TorchError ? String(e) : `not a TorchError: ${String(e)}`;
    }
  };
  const rnn = (extra: Record<string, unknown> = {}) => RNN.fromTorchConfig({ input_size: 2, hidden_size: 3, ...extra }, { generator: new Generator(0) });
  const x = filled('float32', [4, 3, 2], 3);

  it('training-mode dropout draws one random64 per element of the packed data (not of the padded batch)', () => {
    const lengths = [4, 2, 1];
    const gen = new Generator(9);
    rnn({ num_layers: 3, dropout: 0.5, bidirectional: true }).train().forward(packPaddedSequence(x, lengths), null, { generator: gen });
    const expected = new Generator(9);
    const elements = 7 * 2 * 3; // sum of lengths × D·H
    for (let i = 0; i < 2 * elements * 2; i++) expected.nextU32(); // two words each, after each of the 2 non-final layers
    expect(gen.nextU32()).toBe(expected.nextU32());
  });

  it('hx follows the caller order: with enforceSorted false it is index_select-ed by sorted_indices (extra rows ignored)', () => {
    const m = rnn();
    const hx5 = filled('float32', [1, 5, 3], 4);
    const hx3 = zeros('float32', [1, 3, 3]);
    hx3.data.set(hx5.data.subarray(0, 9));
    const p = packPaddedSequence(x, [2, 4, 1], { enforceSorted: false });
    expect([...m.forward(p, hx5)[1].data]).toEqual([...m.forward(p, hx3)[1].data]);
  });

  it('complex64 sums in float32: products past 3.4e38 that cancel in double are inf - inf = NaN (torch 2.13)', () => {
    // torch 2.13: m = nn.RNN(2, 1, dtype=torch.complex64), weight_ih [[1e20+1e20j, -1e20-1e20j]], weight_hh [[0.5-0.25j]],
    // bias_ih [0.125+0.5j], bias_hh [-0.25]; x = torch.full((2, 2, 2), 1e20+1e20j), lengths [2, 1]: out.data and h_n all nan+nanj
    // (in double the two products cancel to 0: a complex128 sum would give finite numbers)
    const m = RNN.fromTorchConfig({ input_size: 2, hidden_size: 1, dtype: 'complex64' });
    m.loadStateDict({
      weight_ih_l0: tensor('complex64', [1, 2], [1e20, 1e20, -1e20, -1e20]),
      weight_hh_l0: tensor('complex64', [1, 1], [0.5, -0.25]),
      bias_ih_l0: tensor('complex64', [1], [0.125, 0.5]),
      bias_hh_l0: tensor('complex64', [1], [-0.25, 0]),
    });
    const big = tensor('complex64', [2, 2, 2], new Array<number>(16).fill(1e20));
    const [out, hN] = m.forward(packPaddedSequence(big, [2, 1]));
    expect([...out.data.data].map(Number.isNaN)).toEqual(new Array<boolean>(6).fill(true));
    expect([...hN.data].map(Number.isNaN)).toEqual(new Array<boolean>(4).fill(true));
  });

  it('complex64 packed data of one row: addmm adds an infinite bias as it is, tanh gives ±1 - 0i (torch 2.13)', () => {
    // torch 2.13: m = nn.RNN(2, 3, dtype=torch.complex64), weight_ih [[0.5+0.25j, -0.75+0.5j], [0.25-0.5j, 1], [-0.5-0.5j, 0.125+0.75j]],
    // weight_hh eye(3) * (0.5-0.25j), bias_ih [inf, 0.25+0.5j, -inf], bias_hh [-0.25, 0.5-0.125j, 0.375+0.25j];
    // x [[[1+2j, -0.5+0.25j]]], lengths [1]: out.data [[1-0j, 0.9648358821868896+0.09139806032180786j, -1-0j]], h_n the same.
    // (mm then add_ would scale the bias by 1 + 0i as a complex multiply: inf·0 = nan in its imaginary part)
    const m = RNN.fromTorchConfig({ input_size: 2, hidden_size: 3, dtype: 'complex64' });
    m.loadStateDict({
      weight_ih_l0: tensor('complex64', [3, 2], [0.5, 0.25, -0.75, 0.5, 0.25, -0.5, 1, 0, -0.5, -0.5, 0.125, 0.75]),
      weight_hh_l0: tensor('complex64', [3, 3], [0.5, -0.25, 0, 0, 0, 0, 0, 0, 0.5, -0.25, 0, 0, 0, 0, 0, 0, 0.5, -0.25]),
      bias_ih_l0: tensor('complex64', [3], [Infinity, 0, 0.25, 0.5, -Infinity, 0]),
      bias_hh_l0: tensor('complex64', [3], [-0.25, 0, 0.5, -0.125, 0.375, 0.25]),
    });
    const [out, hN] = m.forward(packPaddedSequence(tensor('complex64', [1, 1, 2], [1, 2, -0.5, 0.25]), [1]));
    const expected = [1, -0, 0.9648358821868896, 0.09139806032180786, -1, -0];
    expect([...out.data.data]).toEqual(expected);
    expect([...hN.data]).toEqual(expected);
  });

  it("refuses as torch's packed forward does (texts from torch 2.13)", () => {
    const unsorted = packPaddedSequence(x, [2, 4, 1], { enforceSorted: false });
    expect(refusal(() => rnn().forward(unsorted, zeros('float32', [1, 2, 3])))).toBe('RuntimeError: INDICES element is out of DATA bounds, id=2 axis_dim=2');
    expect(refusal(() => rnn().forward(unsorted, zeros('float32', [3])))).toBe('IndexError: Dimension out of range (expected to be in range of [-1, 0], but got 1)');
    expect(refusal(() => rnn().forward(packPaddedSequence(x, [4, 2, 1]), zeros('float32', [1, 5, 3])))).toBe('RuntimeError: Expected hidden size (1, 3, 3), got [1, 5, 3]');
    // a 2-D hx whose dims match the first two expected ones (batch 3 = hidden 3): the rank alone tells it apart
    expect(refusal(() => rnn().forward(packPaddedSequence(x, [4, 2, 1]), zeros('float32', [1, 3])))).toBe('RuntimeError: Expected hidden size (1, 3, 3), got [1, 3]');
    expect(refusal(() => rnn().forward(packPaddedSequence(zeros('float32', [4, 3]), [4, 2, 1])))).toBe('RuntimeError: input must have 2 dimensions, got 1');
    expect(refusal(() => rnn({ num_layers: 2, bidirectional: true }).forward(packPaddedSequence(x, [5, 2, 1])))).toBe(
      'RuntimeError: start (7) + length (1) exceeds dimension size (7).',
    );
    expect(refusal(() => rnn({ num_layers: true }).forward(packPaddedSequence(x, [4, 2, 1])))).toMatch(
      /^TypeError: rnn_tanh\(\) received an invalid combination of arguments - got \(Tensor, Tensor, Tensor, list, bool, bool, float, bool, bool\)/,
    );
  });
});
