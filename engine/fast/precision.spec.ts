// The `precision` option itself, cheaply (fast.spec compares the fast path with the exact path at length,
// and is left out of `npm run mutate`'s suite for its cost: vitest.mutate.config.ts): dtypes with no fast
// kernels run the exact kernels bit for bit under precision 'fast', and an unknown precision is refused.
import { describe, expect, it } from 'vitest';
import { Generator, uniform_ } from '../random.js';
import { RNN } from '../rnn.js';
import { zeros } from '../tensor.js';

const SEED = Number(process.env.RANDOM_SEED ?? Date.now() % 2 ** 31);
console.log(`precision: RANDOM_SEED=${SEED} (set RANDOM_SEED to replay)`);

describe('dtypes without fast kernels', () => {
  it.each(['float16', 'bfloat16', 'complex128'] as const)('%s runs the exact kernels under precision fast (bit for bit)', (dtype) => {
    const g = new Generator(SEED);
    const rnn = new RNN({ inputSize: 5, hiddenSize: 6, dtype, bidirectional: true, numLayers: 2 }, { generator: new Generator(SEED) });
    const x = uniform_(zeros(dtype, [7, 3, 5]), -1, 1, g);
    const hx = uniform_(zeros(dtype, [4, 3, 6]), -1, 1, g);
    rnn.precision = 'exact';
    const exact = rnn.forward(x, hx);
    rnn.precision = 'fast';
    const fast = rnn.forward(x, hx);
    for (let i = 0; i < 2; i++) expect([...fast[i].data].every((v, k) => Object.is(v, exact[i].data[k]))).toBe(true);
  });
});

describe('the precision option', () => {
  it('is taken from the options and from init, exact by default', () => {
    expect(new RNN({ inputSize: 2, hiddenSize: 2 }).precision).toBe('exact');
    expect(new RNN({ inputSize: 2, hiddenSize: 2, precision: 'fast' }).precision).toBe('fast');
    expect(new RNN({ inputSize: 2, hiddenSize: 2 }, { precision: 'fast' }).precision).toBe('fast');
  });

  it('refuses an unknown precision with a clear error', () => {
    expect(() => new RNN({ inputSize: 2, hiddenSize: 2, precision: 'quick' as never })).toThrow(`precision must be 'exact' or 'fast', got "quick"`);
    expect(() => new RNN({ inputSize: 2, hiddenSize: 2 }, { precision: 'quick' as never })).toThrow(`precision must be 'exact' or 'fast', got "quick"`);
  });
});
