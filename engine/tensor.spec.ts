import { describe, expect, it } from 'vitest';
import { RNN } from './rnn.js';
import { TorchError } from './errors.js';
import { zeros } from './tensor.js';

describe('zeros', () => {
  it('refuses a tensor too large to allocate with a RuntimeError naming the size, before touching memory', () => {
    expect(() => zeros('float32', [1 << 20, 1 << 20])).toThrow(TorchError);
    expect(() => zeros('float32', [1 << 20, 1 << 20])).toThrow("can't allocate memory: you tried to allocate 4398046511104 bytes for a float32 tensor of shape [1048576, 1048576]");
  });
  it('so does an RNN whose parameters cannot exist', () => {
    expect(() => new RNN({ inputSize: 1 << 20, hiddenSize: 1 << 20 })).toThrow(/^can't allocate memory/);
  });
});
