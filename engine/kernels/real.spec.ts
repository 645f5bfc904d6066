// real.ts's step: relu(s) is torch's clamp_min(s, 0), which returns -0 for s = -0 (torch 2.13:
// torch.relu(torch.tensor(-0.0)) has its sign bit set in every real dtype). In float16, s is -0 when
// both x·W_ih and h·W_hh are negative products that round to -0.
import { describe, expect, it } from 'vitest';
import { RNN } from '../rnn.js';
import { tensor } from '../tensor.js';

const signed = (a: ArrayLike<number>): string[] => Array.from(a, (v) => (Object.is(v, -0) ? '-0' : String(v)));

describe('relu keeps a negative zero, as torch does', () => {
  it('float16: x·W_ih and h·W_hh round to -0, h1 = relu(-0 + -0) = -0, h2 = relu(+0 + -0) = +0', () => {
    const sub = 2 ** -24; // float16's least subnormal
    const rnn = new RNN({ inputSize: 1, hiddenSize: 1, nonlinearity: 'relu', bias: false, dtype: 'float16' });
    rnn.loadStateDict({ weight_ih_l0: tensor('float16', [1, 1], [-sub]), weight_hh_l0: tensor('float16', [1, 1], [-sub]) });
    const [out] = rnn.forward(tensor('float16', [2, 1, 1], [sub, sub]), tensor('float16', [1, 1, 1], [sub]));
    // printed by torch 2.13 (/work/main/.venv, Python 3.11): nn.RNN(1, 1, nonlinearity='relu', bias=False,
    // dtype=torch.float16), both weights -2**-24, x = [[[2**-24]], [[2**-24]]], h0 = [[[2**-24]]]:
    // out.flatten().tolist() -> [-0.0, 0.0]
    expect(signed(out.data)).toEqual(['-0', '0']);
  });
});
