// pack_sequence's pad_sequence step: every sequence cast into the first one's dtype and broadcast into
// its trailing shape. Expected data printed by torch 2.13 (Python 3.11, .venv):
// torch.nn.utils.rnn.pack_sequence([torch.tensor(a, dtype=...), torch.tensor(b, dtype=...)]).data,
// each element's .item() (complex: (real, imag)), and str(exception) of its refusals.
import { describe, expect, it } from 'vitest';
import type { DType } from './dtype.js';
import { TorchError } from './errors.js';
import { packSequence } from './pack-sequence.js';
import { tensor, zeros } from './tensor.js';

const data = (a: DType, av: number[], b: DType, bv: number[]): number[] => {
  const lane = (d: DType): number => (d.startsWith('complex') ? 2 : 1);
  const p = packSequence([tensor(a, [av.length / lane(a)], av), tensor(b, [bv.length / lane(b)], bv)]);
  expect(p.data.dtype).toBe(a);
  expect(p.batchSizes).toEqual([2, 1]);
  return [...p.data.data];
};

describe('pack_sequence casts every sequence to the first one\'s dtype (torch 2.13)', () => {
  it('real dtypes: 0.1, 0.2 then 0.3 as the first dtype rounds them', () => {
    expect(data('float16', [0.1, 0.2], 'float64', [0.3])).toEqual([0.0999755859375, 0.300048828125, 0.199951171875]);
    expect(data('bfloat16', [0.1, 0.2], 'float64', [0.3])).toEqual([0.10009765625, 0.30078125, 0.2001953125]);
    expect(data('float32', [0.1, 0.2], 'float64', [0.3])).toEqual([0.10000000149011612, 0.30000001192092896, 0.20000000298023224]);
    expect(data('float64', [0.1, 0.2], 'float32', [0.3])).toEqual([0.1, 0.30000001192092896, 0.2]);
  });

  it('complex: complex128 into complex64, real into complex (imaginary 0), complex into real (real part)', () => {
    expect(data('complex64', [0.1, 0.7, 0.2, -0.9], 'complex128', [0.3, 0.4])).toEqual([
      0.10000000149011612, 0.699999988079071, 0.30000001192092896, 0.4000000059604645, 0.20000000298023224, -0.8999999761581421,
    ]);
    expect(data('complex128', [0.1, 0.7, 0.2, -0.9], 'float32', [0.3])).toEqual([0.1, 0.7, 0.30000001192092896, 0, 0.2, -0.9]);
    // torch also warns here ("Casting complex values to real discards the imaginary part")
    expect(data('float32', [0.1, 0.2], 'complex128', [0.3, 0.4])).toEqual([0.10000000149011612, 0.30000001192092896, 0.20000000298023224]);
  });

  it('complex sequences with a trailing dimension, one broadcast from 1', () => {
    const a = tensor('complex128', [2, 2], [1, 2, 3, 4, 5, 6, 7, 8]);
    const same = packSequence([a, tensor('complex128', [1, 2], [9, 10, 11, 12])]);
    expect(same.data.shape).toEqual([3, 2]);
    expect([...same.data.data]).toEqual([1, 2, 3, 4, 9, 10, 11, 12, 5, 6, 7, 8]);
    const broadcast = packSequence([a, tensor('complex128', [2, 1], [9, 10, 11, 12])]);
    expect(broadcast.batchSizes).toEqual([2, 2]);
    expect([...broadcast.data.data]).toEqual([1, 2, 3, 4, 9, 10, 9, 10, 5, 6, 7, 8, 11, 12, 11, 12]);
  });

  it('a trailing dimension of 1 does not take a longer one (copy_ into the first sequence\'s shape)', () => {
    let message = 'no refusal';
    try {
      packSequence([zeros('float32', [2, 1]), zeros('float32', [1, 3])]);
    } catch (e) {
      if (!(e instanceof TorchError)) throw e;
      message = String(e);
    }
    expect(message).toBe("RuntimeError: output with shape [1, 1] doesn't match the broadcast shape [1, 3]");
  });
});
