// backwardPadded: torch.autograd.backward([pad_packed_sequence(out)[0], h_n], [gradOutput, gradHN]) after
// rnn(pack_padded_sequence(x, lengths)). Expected answers printed by torch 2.13 (Python 3.11, .venv):
//   rnn = torch.nn.RNN(1, 1, dtype=torch.complex128), every parameter zeroed under no_grad;
//   x = [[[1+2j], [3-1j]], [[2+0j], [5+5j]]] (T=2, B=2, 1), lengths [2, 1] (x doesn't require grad: torch
//   refuses autograd through packing a complex input that does); gradOutput [[[1+1j], [2-1j]], [[-1+3j], [7+7j]]],
//   gradHN [[[0.5+0j], [1-2j]]]; each p.grad.flatten().tolist(), and str(exception) of a mis-shaped gradOutput.
// With zero weights every h is tanh(0) = 0 and tanh' = 1, so every answer is exact in any summation order.
import { describe, expect, it } from 'vitest';
import { TorchError } from './errors.js';
import { packPaddedSequence, padPackedSequence } from './packed.js';
import { backwardPadded } from './packed-backward.js';
import { RNN } from './rnn.js';
import { tensor, zeros, type Tensor } from './tensor.js';

const c128 = (shape: number[], v: number[]): Tensor => tensor('complex128', shape, v);

function setup() {
  const rnn = RNN.fromTorchConfig({ input_size: 1, hidden_size: 1, dtype: 'complex128' });
  const sd = rnn.stateDict();
  rnn.loadStateDict(Object.fromEntries(Object.entries(sd).map(([k, t]) => [k, zeros(t.dtype, t.shape)])));
  const x = c128([2, 2, 1], [1, 2, 3, -1, 2, 0, 5, 5]);
  const tape = rnn.tape(packPaddedSequence(x, [2, 1]));
  const [output] = padPackedSequence(tape.output);
  return { tape, p: { input: x, output, batchFirst: false } };
}

describe('backwardPadded (answers from torch 2.13)', () => {
  it('complex128: the padded gradient gathered into packed rows (the padded step ignored), h_n\'s too', () => {
    const { tape, p } = setup();
    const g = backwardPadded(tape, p, c128([2, 2, 1], [1, 1, 2, -1, -1, 3, 7, 7]), c128([1, 2, 1], [0.5, 0, 1, -2]));
    expect([...g.weight_ih_l0.data]).toEqual([14, -1]);
    expect([...g.weight_hh_l0.data]).toEqual([0, 0]);
    expect([...g.bias_ih_l0.data]).toEqual([3.5, 1]);
    expect([...g.bias_hh_l0.data]).toEqual([3.5, 1]);
  });

  it('refuses a gradOutput shaped unlike the padded output', () => {
    const { tape, p } = setup();
    let message = 'no refusal';
    try {
      backwardPadded(tape, p, zeros('complex128', [3, 2, 1]), c128([1, 2, 1], [0.5, 0, 1, -2]));
    } catch (e) {
      if (!(e instanceof TorchError)) throw e;
      message = String(e);
    }
    expect(message).toBe('RuntimeError: Mismatch in shape: grad_output[0] has a shape of torch.Size([3, 2, 1]) and output[0] has a shape of torch.Size([2, 2, 1]).');
  });
});
