// torch.index_select(t, dim, index) along dim 0 or 1, with the CPU kernel's refusals in the order it
// makes them. PackedSequence plumbing uses it where torch does: to sort a padded batch
// (pack_padded_sequence with enforce_sorted=False), to permute hx and h_n, and to unsort a padded
// output, so a wrong number of lengths or an hx of the wrong shape fails as in torch.
import { indexError, runtimeError } from './errors.js';
import { lanes } from './dtype.js';
import { zeros, type Tensor } from './tensor.js';

/** maybe_wrap_dim's refusal: a 0-d tensor wraps like a 1-d one. */
export function dimOutOfRange(dim: number, rank: number): Error {
  const r = Math.max(rank, 1);
  return indexError(`Dimension out of range (expected to be in range of [${-r}, ${r - 1}], but got ${dim})`);
}

/** The index tensor: its values and how many dimensions it has (only 0 or 1 are accepted). */
export interface Index {
  readonly values: readonly number[];
  readonly dims?: number;
}

export function indexSelect(t: Tensor, dim: 0 | 1, index: Index | readonly number[]): Tensor {
  const { values: idx, dims = 1 }: Index = isList(index) ? { values: index } : index;
  const r = t.shape.length;
  if (dim >= Math.max(r, 1)) throw dimOutOfRange(dim, r);
  if (dims > 1) throw indexError('index_select(): Index is supposed to be a vector');
  const n = idx.length;
  if (r === 0 && n !== 1) throw runtimeError(`index_select(): Index to scalar can have only 1 value, got ${n} value(s)`);
  const shape = r === 0 ? [] : t.shape.map((s, i) => (i === dim ? n : s));
  if (r > 1) {
    if (n === 0) return zeros(t.dtype, shape);
    const axis = t.shape[dim];
    const dataBounds = (): void => {
      // check_indexarray_range: every index, in order, before anything is copied
      for (const i of idx) if (!(i >= 0 && i < axis)) throw runtimeError(`INDICES element is out of DATA bounds, id=${i} axis_dim=${axis}`);
    };
    if (t.data.length === 0) {
      if (axis <= 0) throw runtimeError('index_select(): self indexing axis dim should be positive');
      dataBounds();
      return zeros(t.dtype, shape);
    }
    // dim 0 of a contiguous tensor takes the fast path and its IndexError; dim 1 checks first.
    if (dim === 0) {
      if (idx.some((i) => !(i >= 0 && i < axis))) throw indexError('index out of range in self');
    } else {
      dataBounds();
    }
  } else {
    const size = r === 0 ? 1 : t.shape[0];
    if (idx.some((i) => !(i >= 0 && i < size))) throw indexError('index out of range in self');
  }
  const out = zeros(t.dtype, shape);
  const inner = t.shape.slice(dim + 1).reduce((a, b) => a * b, 1) * lanes(t.dtype);
  const outer = t.shape.slice(0, dim).reduce((a, b) => a * b, 1);
  const axis = r === 0 ? 1 : t.shape[dim];
  for (let o = 0; o < outer; o++) {
    for (let k = 0; k < n; k++) {
      const from = (o * axis + idx[k]) * inner;
      out.data.set(t.data.subarray(from, from + inner), (o * n + k) * inner);
    }
  }
  return out;
}

const isList = (x: Index | readonly number[]): x is readonly number[] => Array.isArray(x);
