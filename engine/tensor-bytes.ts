// The one tensor codec: a tensor's bytes in torch's memory layout (little-endian; float16/bfloat16 as
// their 16-bit patterns; complex interleaved (re, im), the engine's own layout), and back. safetensors
// files (safetensors.ts) and the sidecar's wire blob (harness/case/codec.ts) both go through it, so
// NaN payloads and -0 survive every road the same way.
import { isComplex, ITEMSIZE, type DType } from './dtype.js';
import { bf16Bits, bf16FromBits, f16Bits, f16FromBits } from './half.js';
import { numel, type Tensor } from './tensor.js';

export const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Bytes per element in torch's layout (dtype.ts holds it: tensor.ts needs it too). */
export { ITEMSIZE } from './dtype.js';

/** Bytes of one storage lane: what a byte swap reverses. */
const laneBytes = (d: DType): number => (d === 'float16' || d === 'bfloat16' ? 2 : d === 'float64' || d === 'complex128' ? 8 : 4);

/**
 * The tensor's bytes in torch's layout. On a little-endian host a float32/float64/complex tensor's
 * bytes are a view of its storage (no copy: do not write to them); 16-bit dtypes are always a new array.
 */
export function tensorBytes(t: Tensor): Uint8Array {
  if (t.dtype === 'float16' || t.dtype === 'bfloat16') {
    const conv = t.dtype === 'float16' ? f16Bits : bf16Bits;
    const bits = new Uint16Array(t.data.length);
    for (let i = 0; i < bits.length; i++) bits[i] = conv(t.data[i] as number);
    const bytes = new Uint8Array(bits.buffer);
    if (!LITTLE_ENDIAN) swapBytes(bytes, 2);
    return bytes;
  }
  const view = new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength);
  if (LITTLE_ENDIAN) return view;
  const bytes = Uint8Array.prototype.slice.call(view);
  swapBytes(bytes, laneBytes(t.dtype));
  return bytes;
}

/** A tensor from bytes in torch's layout: a fresh, aligned copy. Throws a RangeError when the byte
 * count does not fit the shape (callers that know a file or a descriptor name the fault first). */
export function tensorFromBytes(dtype: DType, shape: readonly number[], bytes: Uint8Array): Tensor {
  const n = numel(shape);
  const want = n * ITEMSIZE[dtype];
  if (!Number.isSafeInteger(want) || bytes.length !== want) throw new RangeError(`shape [${shape.join(', ')}] of ${dtype} needs ${want} bytes, got ${bytes.length}`);
  // Uint8Array.prototype.slice: a copy at offset 0 of its own buffer (a Node Buffer's own slice is a view).
  const own = Uint8Array.prototype.slice.call(bytes) as Uint8Array;
  if (!LITTLE_ENDIAN) swapBytes(own, laneBytes(dtype));
  if (dtype === 'float16' || dtype === 'bfloat16') {
    const bits = new Uint16Array(own.buffer, 0, n);
    const conv = dtype === 'float16' ? f16FromBits : bf16FromBits;
    const data = new Float32Array(n);
    for (let i = 0; i < n; i++) data[i] = conv(bits[i] as number);
    return { dtype, shape: [...shape], data };
  }
  const lanes = isComplex(dtype) ? 2 : 1;
  const data = laneBytes(dtype) === 8 ? new Float64Array(own.buffer, 0, n * lanes) : new Float32Array(own.buffer, 0, n * lanes);
  return { dtype, shape: [...shape], data };
}

export function swapBytes(bytes: Uint8Array, width: number): void {
  for (let i = 0; i < bytes.length; i += width) bytes.subarray(i, i + width).reverse();
}
