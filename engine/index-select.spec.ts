// indexSelect against torch.index_select(t, dim, index) on CPU, torch 2.13: what it returns for 0-d, 1-d, 2-d and
// 3-d tensors (complex too), and its refusals in torch's words and order, empty tensors and empty indices
// included. PackedSequence reaches only part of this (its indices are always a permutation); every expected
// answer below is torch's (printed by torch 2.13.0+cpu in .venv: shape, flattened values, or `type: message`).
import { describe, expect, it } from 'vitest';
import { TorchError } from './errors.js';
import { indexSelect, type Index } from './index-select.js';
import { tensor, zeros, type Tensor } from './tensor.js';

const run = (t: Tensor, dim: 0 | 1, index: Index | readonly number[]): string => {
  try {
    const r = indexSelect(t, dim, index);
    return `${JSON.stringify(r.shape)} ${JSON.stringify([...r.data])}`;
  } catch (e) {
    if (e instanceof TorchError) return String(e);
    throw e;
  }
};
const arange = (shape: number[]): Tensor => {
  const n = shape.reduce((a, b) => a * b, 1);
  return tensor('float32', shape, Array.from({ length: n }, (_, i) => i));
};

describe('indexSelect: 0-d and 1-d tensors', () => {
  it('a 0-d tensor takes exactly one index, 0 (a 0-d index too), and wraps dims like a 1-d one', () => {
    const s = tensor('float32', [], [2.5]); // torch.tensor(2.5)
    expect(run(s, 0, [0])).toBe('[] [2.5]');
    expect(run(s, 0, { values: [0], dims: 0 })).toBe('[] [2.5]'); // index torch.tensor(0)
    expect(run(s, 0, [0, 0])).toBe('RuntimeError: index_select(): Index to scalar can have only 1 value, got 2 value(s)');
    expect(run(s, 0, [])).toBe('RuntimeError: index_select(): Index to scalar can have only 1 value, got 0 value(s)');
    expect(run(s, 0, [1])).toBe('IndexError: index out of range in self');
    expect(run(s, 0, [-1])).toBe('IndexError: index out of range in self');
    expect(run(s, 1, [0])).toBe('IndexError: Dimension out of range (expected to be in range of [-1, 0], but got 1)');
    expect(run(s, 0, { values: [0], dims: 2 })).toBe('IndexError: index_select(): Index is supposed to be a vector');
  });

  it('a 1-d tensor: repeated indices, out-of-range ones either side, an empty tensor, an empty index', () => {
    const v = tensor('float32', [3], [1, 2, 3]);
    expect(run(v, 0, [2, 0, 2])).toBe('[3] [3,1,3]');
    expect(run(v, 0, [])).toBe('[0] []');
    expect(run(v, 0, [3])).toBe('IndexError: index out of range in self');
    expect(run(v, 0, [-1])).toBe('IndexError: index out of range in self');
    expect(run(v, 1, [0])).toBe('IndexError: Dimension out of range (expected to be in range of [-1, 0], but got 1)');
    expect(run(zeros('float32', [0]), 0, [0])).toBe('IndexError: index out of range in self');
    expect(run(zeros('float32', [0]), 0, [-1])).toBe('IndexError: index out of range in self');
    // torch.tensor([1+2j, 3+4j, 5+6j], dtype=torch.complex64), index [2, 0]
    expect(run(tensor('complex64', [3], [1, 2, 3, 4, 5, 6]), 0, [2, 0])).toBe('[2] [5,6,1,2]');
  });
});

describe('indexSelect: 2-d and 3-d tensors', () => {
  it('rows and columns of torch.arange(6.).reshape(2, 3), a middle dim of a 3-d one, empty indices', () => {
    const m = arange([2, 3]);
    expect(run(m, 0, [1, 0, 1])).toBe('[3,3] [3,4,5,0,1,2,3,4,5]');
    expect(run(m, 1, [2, 0])).toBe('[2,2] [2,0,5,3]');
    expect(run(m, 1, [])).toBe('[2,0] []');
    expect(run(m, 0, [])).toBe('[0,3] []');
    expect(run(m, 0, { values: [0], dims: 2 })).toBe('IndexError: index_select(): Index is supposed to be a vector');
    const t3 = arange([2, 3, 2]);
    expect(run(t3, 1, [2, 0])).toBe('[2,2,2] [4,5,0,1,10,11,6,7]');
    expect(run(t3, 0, [1])).toBe('[1,3,2] [6,7,8,9,10,11]');
  });

  it('dim 0 refuses with an IndexError, dim 1 with the first index out of DATA bounds, negative ones included', () => {
    const m = arange([2, 3]);
    expect(run(m, 0, [2])).toBe('IndexError: index out of range in self');
    expect(run(m, 0, [-1])).toBe('IndexError: index out of range in self');
    expect(run(m, 1, [3])).toBe('RuntimeError: INDICES element is out of DATA bounds, id=3 axis_dim=3');
    expect(run(m, 1, [-1])).toBe('RuntimeError: INDICES element is out of DATA bounds, id=-1 axis_dim=3');
    expect(run(m, 1, [0, 5, -1])).toBe('RuntimeError: INDICES element is out of DATA bounds, id=5 axis_dim=3');
    expect(run(m, 1, [0, -1, 5])).toBe('RuntimeError: INDICES element is out of DATA bounds, id=-1 axis_dim=3');
  });

  it('a tensor with no elements: an axis of 0 refuses any index, another checks every index, an empty index passes', () => {
    const e20 = zeros('float32', [2, 0]), e03 = zeros('float32', [0, 3]);
    expect(run(e20, 1, [0])).toBe('RuntimeError: index_select(): self indexing axis dim should be positive');
    expect(run(e20, 1, [])).toBe('[2,0] []');
    expect(run(e03, 0, [0])).toBe('RuntimeError: index_select(): self indexing axis dim should be positive');
    expect(run(e03, 1, [1])).toBe('[0,1] []');
    expect(run(e03, 1, [3])).toBe('RuntimeError: INDICES element is out of DATA bounds, id=3 axis_dim=3');
    expect(run(e03, 1, [-1])).toBe('RuntimeError: INDICES element is out of DATA bounds, id=-1 axis_dim=3');
    expect(run(e20, 0, [1, 0])).toBe('[2,0] []');
    expect(run(e20, 0, [2])).toBe('RuntimeError: INDICES element is out of DATA bounds, id=2 axis_dim=2');
    expect(run(e20, 0, [-1])).toBe('RuntimeError: INDICES element is out of DATA bounds, id=-1 axis_dim=2');
  });
});
