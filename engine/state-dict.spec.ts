// load_state_dict's copy into parameters of another dtype (Tensor.copy_), engine only; the expected values
// were printed by torch 2.13 (Python 3.11): m = nn.RNN(1, 2, dtype=torch.float16, bias=False);
// m.load_state_dict({float32 tensors below}); m.state_dict()[k].float().tolist().
import { describe, expect, it } from 'vitest';
import { RNN } from './rnn.js';
import { tensor } from './tensor.js';

describe('load_state_dict casts into the parameters dtype', () => {
  it('float32 into float16 rounds to half: 0.1, a subnormal, 1/3, overflow to inf, underflow to -0', () => {
    const rnn = new RNN({ inputSize: 1, hiddenSize: 2, bias: false, dtype: 'float16' });
    rnn.loadStateDict({
      weight_ih_l0: tensor('float32', [2, 1], [0.1, -1e-6]),
      weight_hh_l0: tensor('float32', [2, 2], [1 / 3, 70000, -2.5e-8, 0.5]),
    });
    const sd = rnn.stateDict();
    expect(sd.weight_ih_l0.dtype).toBe('float16');
    expect([...sd.weight_ih_l0.data]).toEqual([0.0999755859375, -1.0132789611816406e-6]);
    expect([...sd.weight_hh_l0.data]).toEqual([0.333251953125, Infinity, -0, 0.5]);
    expect(Object.is(sd.weight_hh_l0.data[2], -0)).toBe(true);
  });
});
