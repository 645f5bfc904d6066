import { describe, expect, it } from 'vitest';
import { RNN } from './rnn.js';
import { TorchError } from './errors.js';
import { numel, shapeList, shapeTuple, tensor, zeros } from './tensor.js';

describe('zeros', () => {
  it('refuses a tensor too large to allocate with a RuntimeError naming the size, before touching memory', () => {
    expect(() => zeros('float32', [1 << 20, 1 << 20])).toThrow(TorchError);
    expect(() => zeros('float32', [1 << 20, 1 << 20])).toThrow("can't allocate memory: you tried to allocate 4398046511104 bytes for a float32 tensor of shape [1048576, 1048576]");
  });
  it("names torch's byte count for every dtype (its element size, not the engine's storage)", () => {
    // torch.empty((1 << 20, 1 << 20), dtype=d) refuses: 'you tried to allocate N bytes', torch 2.13
    const bytes = { float16: 2199023255552, bfloat16: 2199023255552, float32: 4398046511104, float64: 8796093022208, complex64: 8796093022208, complex128: 17592186044416 } as const;
    for (const [d, n] of Object.entries(bytes)) {
      expect(() => zeros(d as keyof typeof bytes, [1 << 20, 1 << 20])).toThrow(`you tried to allocate ${n} bytes for a ${d} tensor`);
    }
  });
  it('so does an RNN whose parameters cannot exist', () => {
    expect(() => new RNN({ inputSize: 1 << 20, hiddenSize: 1 << 20 })).toThrow(/^can't allocate memory/);
  });
});

describe('tensor, numel and shapes', () => {
  it('tensor() wraps exactly numel × lanes values, and refuses another count', () => {
    expect([...tensor('complex64', [2], [1, 2, 3, 4]).data]).toEqual([1, 2, 3, 4]);
    expect(() => tensor('complex64', [2], [1, 2])).toThrow('tensor(): 2 values for shape [2] of complex64 (need 4)');
    expect(() => tensor('float64', [2, 2], [1, 2, 3, 4, 5])).toThrow('tensor(): 5 values for shape [2, 2] of float64 (need 4)');
    expect([numel([]), numel([3, 0, 2]), numel([2, 3, 4])]).toEqual([1, 0, 24]);
  });

  it('shapes as torch prints them: a list in messages, a Python tuple (a 1-tuple keeps its comma)', () => {
    expect([shapeList([]), shapeList([3]), shapeList([1, 3, 3])]).toEqual(['[]', '[3]', '[1, 3, 3]']);
    // tuple(torch.zeros(()).shape), tuple(torch.zeros(3).shape), tuple(torch.zeros(2, 3).shape)
    expect([shapeTuple([]), shapeTuple([3]), shapeTuple([2, 3])]).toEqual(['()', '(3,)', '(2, 3)']);
  });
});
