// A dense, contiguous, row-major tensor: shape, dtype and storage. Complex elements are interleaved
// (re, im) in storage, so data.length === numel * lanes(dtype).
import { allocStorage, ITEMSIZE, type DType, type Storage } from './dtype.js';
import { runtimeError } from './errors.js';

export interface Tensor {
  readonly dtype: DType;
  readonly shape: readonly number[];
  readonly data: Storage;
}

export function numel(shape: readonly number[]): number {
  let n = 1;
  for (const s of shape) n *= s;
  return n;
}

export function zeros(dtype: DType, shape: readonly number[]): Tensor {
  const n = numel(shape);
  try {
    return { dtype, shape: [...shape], data: allocStorage(dtype, n) };
  } catch (err) {
    // A typed array beyond the JS engine's limit (or memory): refuse as torch's allocator does, with
    // torch's byte count (its element size: 2 for float16, though the engine stores it in 4).
    if (err instanceof RangeError) {
      const bytes = n * ITEMSIZE[dtype];
      throw runtimeError(`can't allocate memory: you tried to allocate ${bytes} bytes for a ${dtype} tensor of shape ${shapeList(shape)}`);
    }
    throw err;
  }
}

/** Wraps values already rounded to the dtype; for complex pass interleaved re, im. */
export function tensor(dtype: DType, shape: readonly number[], values: ArrayLike<number>): Tensor {
  const t = zeros(dtype, shape);
  if (values.length !== t.data.length) {
    throw new Error(`tensor(): ${values.length} values for shape [${shape.join(', ')}] of ${dtype} (need ${t.data.length})`);
  }
  t.data.set(values);
  return t;
}

/** Shape as torch prints it in messages: [1, 3, 3]. */
export function shapeList(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/** Shape as a Python tuple: (1, 2, 3); a 1-tuple keeps its comma. */
export function shapeTuple(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}
