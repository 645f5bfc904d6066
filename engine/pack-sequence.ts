// torch.nn.utils.rnn.pack_sequence: pad_sequence (a list of (L_i, *) tensors into one padded batch,
// as ATen's pad_sequence copies them: broadcast and cast into the first sequence's trailing shape and
// dtype), then pack_padded_sequence.
import { lanes, type DType } from './dtype.js';
import { indexError, runtimeError } from './errors.js';
import { roundBF16, roundF16 } from './half.js';
import { packPaddedSequence, type PackedSequence } from './packed.js';
import { numel, shapeList, zeros, type Tensor } from './tensor.js';

/** pack_sequence: pad_sequence (into the first sequence's dtype and trailing shape), then pack. */
export function packSequence(sequences: readonly Tensor[], opts: { enforceSorted?: boolean } = {}): PackedSequence {
  const lengths = sequences.map((s) => {
    if (s.shape.length === 0) throw indexError('Dimension specified as 0 but tensor has no dimensions');
    return s.shape[0];
  });
  if (sequences.length === 0) throw runtimeError('received an empty list of sequences');
  const { dtype, shape } = sequences[0];
  const trailing = shape.slice(1);
  const n = sequences.length;
  const out = zeros(dtype, [Math.max(...lengths), n, ...trailing]);
  const per = numel(trailing);
  const lane = lanes(dtype);
  const round = realRounding(dtype);
  sequences.forEach((s, i) => {
    // out.narrow(0, 0, len).select(1, i).copy_(s): s broadcast to (len, *trailing) and cast
    const from = broadcastIndex(s.shape, [lengths[i], ...trailing]);
    const sl = lanes(s.dtype);
    for (let e = 0; e < lengths[i] * per; e++) {
      const o = ((Math.floor(e / per) * n + i) * per + (e % per)) * lane;
      const k = from(e) * sl;
      out.data[o] = round(s.data[k]);
      if (lane === 2) out.data[o + 1] = sl === 2 ? round(s.data[k + 1]) : 0; // complex -> real keeps the real part
    }
  });
  return packPaddedSequence(out, lengths, opts);
}

/** How a value of any dtype lands in a tensor of this dtype (complex: each part). */
function realRounding(d: DType): (x: number) => number {
  if (d === 'float16') return roundF16;
  if (d === 'bfloat16') return roundBF16;
  return d === 'float32' || d === 'complex64' ? Math.fround : (x) => x;
}

/** copy_'s broadcast of a src shape to dst: maps dst's element index to src's, or refuses as torch does. */
function broadcastIndex(src: readonly number[], dst: readonly number[]): (e: number) => number {
  const nd = Math.max(dst.length, src.length);
  const shape = new Array<number>(nd);
  for (let i = nd - 1; i >= 0; i--) {
    const a = i >= nd - dst.length ? dst[i - (nd - dst.length)] : 1;
    const b = i >= nd - src.length ? src[i - (nd - src.length)] : 1;
    if (a !== b && a !== 1 && b !== 1) throw runtimeError(`The size of tensor a (${a}) must match the size of tensor b (${b}) at non-singleton dimension ${i}`);
    shape[i] = a === 1 ? b : a;
  }
  if (nd !== dst.length || shape.some((s, i) => s !== dst[i])) {
    throw runtimeError(`output with shape ${shapeList(dst)} doesn't match the broadcast shape ${shapeList(shape)}`);
  }
  // src's strides, 0 where it repeats (size 1); dst's dimensions aligned to src's from the right
  const strides = new Array<number>(src.length);
  for (let i = src.length - 1, st = 1; i >= 0; i--) {
    strides[i] = src[i] === 1 ? 0 : st;
    st *= src[i];
  }
  return (e) => {
    let k = 0;
    for (let i = dst.length - 1, j = src.length - 1; j >= 0; i--, j--) {
      k += (e % dst[i]) * strides[j];
      e = Math.floor(e / dst[i]);
    }
    return k;
  };
}
