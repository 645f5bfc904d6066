// Tensors in the sidecar's wire blob: raw bytes (engine/tensor-bytes.ts, the one tensor codec, which
// safetensors files use too) at 64-byte aligned offsets, described in the JSON header as
// {dtype, shape, offset, nbytes}.
import { z } from 'zod';
import { DTYPES } from '../../engine/dtype.js';
import { numel, type Tensor } from '../../engine/tensor.js';
import { ITEMSIZE, LITTLE_ENDIAN, tensorBytes, tensorFromBytes } from '../../engine/tensor-bytes.js';

export const ALIGN = 64;

if (!LITTLE_ENDIAN) throw new Error('the sidecar protocol needs a little-endian host');

const dim = z.number().int().nonnegative();
export const TensorDescSchema = z.strictObject({
  dtype: z.enum(DTYPES),
  shape: z.array(dim),
  offset: dim,
  nbytes: dim,
});
export type TensorDesc = z.infer<typeof TensorDescSchema>;

/** A fresh, aligned copy of a tensor described in a blob; throws on a descriptor that does not fit. */
export function tensorFromBlob(d: TensorDesc, blob: Uint8Array): Tensor {
  const n = numel(d.shape);
  if (!Number.isSafeInteger(n) || d.nbytes !== n * ITEMSIZE[d.dtype] || d.offset + d.nbytes > blob.length) {
    throw new Error(`tensor ${JSON.stringify(d)} does not fit a blob of ${blob.length} bytes`);
  }
  return tensorFromBytes(d.dtype, d.shape, blob.subarray(d.offset, d.offset + d.nbytes));
}

/** Lays tensors out at aligned offsets of one blob. */
export class BlobBuilder {
  private parts: Uint8Array[] = [];
  private size = 0;
  add(t: Tensor): TensorDesc {
    const bytes = tensorBytes(t);
    const offset = Math.ceil(this.size / ALIGN) * ALIGN;
    if (offset > this.size) this.parts.push(new Uint8Array(offset - this.size));
    this.parts.push(bytes);
    this.size = offset + bytes.length;
    return { dtype: t.dtype, shape: [...t.shape], offset, nbytes: bytes.length };
  }
  bytes(): Buffer {
    return Buffer.concat(this.parts, this.size);
  }
}
