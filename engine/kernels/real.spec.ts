// real.ts's step: relu(s) is torch's clamp_min(s, 0), which returns -0 for s = -0 (torch 2.13:
// torch.relu(torch.tensor(-0.0)) has its sign bit set in every real dtype). In float16, s is -0 when
// both x·W_ih and h·W_hh are negative products that round to -0.
import { describe, expect, it } from 'vitest';
import { roundBF16 } from '../half.js';
import { RNN } from '../rnn.js';
import { tensor } from '../tensor.js';
import { projectReal, type RealLayout } from './real.js';

const signed = (a: ArrayLike<number>): string[] => Array.from(a, (v) => (Object.is(v, -0) ? '-0' : String(v)));

describe('relu keeps a negative zero, as torch does', () => {
  it('float16: x·W_ih and h·W_hh round to -0, h1 = relu(-0 + -0) = -0, h2 = relu(+0 + -0) = +0', () => {
    const sub = 2 ** -24; // float16's least subnormal
    const rnn = new RNN({ inputSize: 1, hiddenSize: 1, nonlinearity: 'relu', bias: false, dtype: 'float16' });
    rnn.loadStateDict({ weight_ih_l0: tensor('float16', [1, 1], [-sub]), weight_hh_l0: tensor('float16', [1, 1], [-sub]) });
    const [out] = rnn.forward(tensor('float16', [2, 1, 1], [sub, sub]), tensor('float16', [1, 1, 1], [sub]));
    // printed by torch 2.13 (the project's .venv, Python 3.11): nn.RNN(1, 1, nonlinearity='relu', bias=False,
    // dtype=torch.float16), both weights -2**-24, x = [[[2**-24]], [[2**-24]]], h0 = [[[2**-24]]]:
    // out.flatten().tolist() -> [-0.0, 0.0]
    expect(signed(out.data)).toEqual(['-0', '0']);
  });
});

describe('the input projection at input_size 1 (K = 1, where float32 fuses the bias)', () => {
  it('float32 without a bias', () => {
    const rnn = new RNN({ inputSize: 1, hiddenSize: 2, nonlinearity: 'relu', bias: false });
    rnn.loadStateDict({ weight_ih_l0: tensor('float32', [2, 1], [1.5, -0.5]), weight_hh_l0: tensor('float32', [2, 2], [0.25, 0.5, 1, -2]) });
    const [out] = rnn.forward(tensor('float32', [2, 2, 1], [1, 2, 3, -1]));
    // printed by torch 2.13 (the project's .venv, Python 3.11): nn.RNN(1, 2, nonlinearity='relu', bias=False), these
    // weights, x = [[[1], [2]], [[3], [-1]]]: out.flatten().tolist() -> [1.5, 0.0, 3.0, 0.0, 4.875, 0.0, 0.0, 3.5]
    expect(Array.from(out.data)).toEqual([1.5, 0, 3, 0, 4.875, 0, 0, 3.5]);
  });
  it('bfloat16 with a bias: x·W_ih + b_ih rounded to bfloat16 before the step adds h·W_hh + b_hh', () => {
    const rnn = new RNN({ inputSize: 1, hiddenSize: 2, nonlinearity: 'relu', dtype: 'bfloat16' });
    rnn.loadStateDict({
      weight_ih_l0: tensor('bfloat16', [2, 1], [1, 1]), weight_hh_l0: tensor('bfloat16', [2, 2], [0, 0, 0, 0]),
      bias_ih_l0: tensor('bfloat16', [2], [3 * 2 ** -9, 3 * 2 ** -9]), bias_hh_l0: tensor('bfloat16', [2], [-(2 ** -9), 0]),
    });
    const [out] = rnn.forward(tensor('bfloat16', [1, 2, 1], [1, 1]));
    // printed by torch 2.13 (the project's .venv, Python 3.11): nn.RNN(1, 2, nonlinearity='relu', dtype=torch.bfloat16),
    // W_ih = [[1], [1]], W_hh = 0, b_ih = [3·2^-9, 3·2^-9], b_hh = [-2^-9, 0], x = [[[1], [1]]]:
    // out.flatten().tolist() -> [1.0078125, 1.0078125, 1.0078125, 1.0078125]
    expect(Array.from(out.data)).toEqual([1.0078125, 1.0078125, 1.0078125, 1.0078125]);
  });
});

describe('projectReal writes P[r, j] for r < rows and nothing after', () => {
  // The engine passes a P of exactly rows × H; here P is longer, and what follows the block must stay.
  const SENTINEL = -1234.5;
  const cases: [string, RealLayout, 'f32' | 'f64', number][] = [
    ['float32, K = 1 (bias fused)', { f32: true, store: null, relu: false }, 'f32', 1],
    ['float32, K = 2', { f32: true, store: null, relu: false }, 'f32', 2],
    ['bfloat16', { f32: true, store: roundBF16, relu: false }, 'f32', 2],
    ['float64', { f32: false, store: null, relu: false }, 'f64', 2],
  ];
  for (const [name, L, kind, K] of cases) {
    it(name, () => {
      const rows = 3, H = 2;
      const make = (n: number): Float32Array | Float64Array => (kind === 'f32' ? new Float32Array(n) : new Float64Array(n));
      const x = make(rows * K), W = make(H * K), b = make(H), P = make(rows * H + 2 * H);
      x.fill(1); W.fill(0.5); b.fill(0.25); P.fill(SENTINEL);
      projectReal(L, x, rows, K, W, b, H, P, false);
      expect(Array.from(P.subarray(rows * H))).toEqual(new Array(2 * H).fill(SENTINEL));
    });
  }
});
