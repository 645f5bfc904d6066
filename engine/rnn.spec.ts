// The module's own semantics, engine only: devices, train/eval, parameter order, state-dict copies,
// load_state_dict's words. Everything checked against live torch is test/rnn-vs-torch.test.ts.
import { describe, expect, it } from 'vitest';
import { Generator } from './random.js';
import { RNN } from './rnn.js';
import { zeros, type Tensor } from './tensor.js';

describe('devices', () => {
  it('refuses devices other than the CPU with a clear error', () => {
    for (const device of ['cuda', 'cuda:0', 'meta', 'mps']) {
      expect(() => new RNN({ inputSize: 2, hiddenSize: 3, device })).toThrow(/this engine runs on the CPU only/);
    }
  });
});

describe('module semantics', () => {
  it('.grad holds its own copy of the first gradient: changing what backward returned leaves it', () => {
    const rnn = new RNN({ inputSize: 2, hiddenSize: 3 }, { generator: new Generator(1) });
    const x = zeros('float32', [2, 1, 2]);
    x.data.set([0.5, -1, 0.25, 2]);
    const gOut = zeros('float32', [2, 1, 3]);
    gOut.data.fill(1);
    const g = rnn.tape(x).backward(gOut);
    const before = Array.from(rnn.grad.weight_hh_l0.data);
    g.weight_hh_l0.data.fill(7);
    expect(Array.from(rnn.grad.weight_hh_l0.data)).toEqual(before);
  });
  it('reset: false skips reset_parameters: the parameters stay zero and the generator is not drawn from', () => {
    const gen = new Generator(5);
    const rnn = new RNN({ inputSize: 2, hiddenSize: 3 }, { generator: gen, reset: false });
    for (const t of Object.values(rnn.stateDict())) expect(Array.from(t.data).every((v) => v === 0)).toBe(true);
    expect(new RNN({ inputSize: 2, hiddenSize: 3 }, { generator: gen }).stateDict()).toEqual(new RNN({ inputSize: 2, hiddenSize: 3 }, { generator: new Generator(5) }).stateDict());
  });
  it("train(mode) refuses a mode that is not a bool, in torch's words (torch 2.13: train('x'), train(1))", () => {
    const rnn = new RNN({ inputSize: 2, hiddenSize: 3 });
    for (const mode of ['x', 1]) expect(() => rnn.train(mode as never)).toThrow(/^training mode is expected to be boolean$/);
    expect(rnn.training).toBe(true);
  });
  it('train/eval, parameter order, state dict copies, hx untouched', () => {
    const rnn = new RNN({ inputSize: 2, hiddenSize: 3, numLayers: 2, bidirectional: true, bias: false }, { generator: new Generator(3) });
    expect(rnn.training).toBe(true);
    expect(rnn.eval().training).toBe(false);
    expect(rnn.train().training).toBe(true);
    expect(rnn.parameterNames()).toEqual(['weight_ih_l0', 'weight_hh_l0', 'weight_ih_l0_reverse', 'weight_hh_l0_reverse', 'weight_ih_l1', 'weight_hh_l1', 'weight_ih_l1_reverse', 'weight_hh_l1_reverse']);
    const sd = rnn.stateDict();
    sd.weight_ih_l0.data.fill(7);
    expect(rnn.stateDict().weight_ih_l0.data[0]).not.toBe(7);
    const hx = zeros('float32', [4, 1, 3]);
    hx.data.fill(0.5);
    rnn.eval().forward(zeros('float32', [3, 1, 2]), hx);
    expect(Array.from(hx.data).every((v) => v === 0.5)).toBe(true);
  });

  it('load_state_dict: torch words for missing, unexpected and size mismatch; strict=False', () => {
    const rnn = new RNN({ inputSize: 4, hiddenSize: 3 });
    const sd = rnn.stateDict();
    const bad: Record<string, Tensor> = { weight_hh_l0: zeros('float32', [3, 5]), bias_ih_l0: zeros('float32', []), foo: zeros('float32', [1]) };
    expect(() => rnn.loadStateDict(bad)).toThrow(
      'Error(s) in loading state_dict for RNN:\n\tMissing key(s) in state_dict: "weight_ih_l0", "bias_hh_l0". \n\tUnexpected key(s) in state_dict: "foo". \n\t' +
        'size mismatch for weight_hh_l0: copying a param with shape torch.Size([3, 5]) from checkpoint, the shape in current model is torch.Size([3, 3]).\n\t' +
        'size mismatch for bias_ih_l0: copying a param with shape torch.Size([]) from checkpoint, the shape in current model is torch.Size([3]).',
    );
    expect(() => rnn.loadStateDict({ foo: zeros('float32', [1]) }, false)).not.toThrow();
    sd.bias_hh_l0.data.fill(0.25);
    rnn.loadStateDict(sd);
    expect(rnn.stateDict().bias_hh_l0.data[0]).toBe(0.25);
  });
});
