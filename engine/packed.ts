// torch.nn.utils.rnn's PackedSequence: a batch of sequences of different lengths, stored time step
// by time step with only the sequences still running (batch_sizes), longest first. pack_padded_sequence
// and pad_packed_sequence convert from and to a padded (T, B, *) tensor exactly as torch 2.13 does,
// refusals included (the Python wrapper's, then ATen's _pack_padded_sequence's, in their order).
// One quirk is kept on purpose: lengths longer than the padded input are not refused when packing
// (torch packs fewer rows than batch_sizes promise); nn.RNN and pad_packed_sequence refuse it later.
import { cppName, lanes, type DType } from './dtype.js';
import { indexError, runtimeError, typeError, valueError } from './errors.js';
import { roundBF16, roundF16 } from './half.js';
import { dimOutOfRange, indexSelect } from './index-select.js';
import { pyFloatRepr } from './pyvalue.js';
import { sortDescending } from './sort.js';
import { numel, shapeList, zeros, type Tensor } from './tensor.js';

export interface PackedSequence {
  /** (sum of lengths, *): time step 0 of every sequence, then step 1 of those still running, ... */
  readonly data: Tensor;
  /** batch_sizes[t]: how many sequences have a step t (non-increasing). */
  readonly batchSizes: readonly number[];
  /** The batch order packing sorted into (enforceSorted: false), else null. */
  readonly sortedIndices: readonly number[] | null;
  /** Its inverse: where each packed sequence goes back to. */
  readonly unsortedIndices: readonly number[] | null;
}

/**
 * Lengths as torch takes them: a list (Python ints or floats, converted by torch.as_tensor(l,
 * dtype=int64)) or a tensor, given by shape and values (converted by .to(torch.int64): numbers are
 * truncated like a float tensor's, NaN and out-of-range ones become -2^63 as on x86).
 */
export type Lengths = readonly (number | bigint)[] | LengthsTensor;

export interface LengthsTensor {
  readonly shape: readonly number[];
  readonly data: BigInt64Array | ArrayLike<number>;
}

export function isPackedSequence(x: unknown): x is PackedSequence {
  return typeof x === 'object' && x !== null && 'batchSizes' in x && 'data' in x;
}

const I64_MIN = -(1n << 63n);
const I64_MAX = (1n << 63n) - 1n;

/** lengths as an int64 tensor: its shape and values. */
function toLongs(lengths: Lengths): { shape: readonly number[]; values: bigint[] } {
  if (Array.isArray(lengths) || !('shape' in lengths)) {
    const list = lengths as readonly (number | bigint)[];
    const values = list.map((v) => {
      if (typeof v === 'bigint') {
        if (v < I64_MIN || v > I64_MAX) throw valueError('Overflow when unpacking long long');
        return v;
      }
      // c10's overflow check compares with double(INT64_MAX) = 2^63, so 2^63 itself passes and
      // converts as x86's cvttsd2si does, to -2^63 (torch.as_tensor([2.0**63], dtype=torch.int64))
      const t = Math.trunc(v);
      if (!Number.isFinite(t) || t > 2 ** 63 || t < -(2 ** 63)) throw runtimeError('value cannot be converted to type int64 without overflow');
      return t === 2 ** 63 ? I64_MIN : BigInt(t);
    });
    return { shape: [values.length], values };
  }
  const { shape, data } = lengths;
  if (numel(shape) !== data.length) throw new Error(`lengths: ${data.length} values for shape ${shapeList(shape)}`);
  const values = Array.from(data as ArrayLike<number | bigint>, (v) => {
    if (typeof v === 'bigint') return v;
    const t = Math.trunc(v);
    return Number.isFinite(t) && t < 2 ** 63 && t >= -(2 ** 63) ? BigInt(t) : I64_MIN;
  });
  return { shape, values };
}

// The engine stores batch_sizes in an array; torch allocates lengths[0] int64s. Beyond this many
// steps the engine refuses as torch's allocator does when memory runs out.
const MAX_STEPS = 1 << 24;

/**
 * opts.requiresGrad: the input requires grad (a tape's backward will follow): torch's autograd then
 * refuses a complex input once the packing itself succeeded.
 */
export function packPaddedSequence(
  input: Tensor, lengths: Lengths, opts: { batchFirst?: boolean; enforceSorted?: boolean; requiresGrad?: boolean } = {},
): PackedSequence {
  const batchFirst = opts.batchFirst ?? false;
  const enforceSorted = opts.enforceSorted ?? true;
  const L = toLongs(lengths);
  let lens = L.values;
  let sorted: number[] | null = null;
  if (!enforceSorted) {
    // lengths, sorted_indices = torch.sort(lengths, descending=True); input.index_select(batch_dim, ...)
    const s = L.shape.length <= 1 ? sortDescending(lens) : { values: lens, indices: lens.map((_, i) => i) };
    lens = s.values;
    sorted = s.indices;
    input = indexSelect(input, batchFirst ? 0 : 1, { values: sorted, dims: L.shape.length });
  }
  // _VF._pack_padded_sequence(input, lengths, batch_first)
  if (input.data.length === 0) throw runtimeError('Cannot pack empty tensors.');
  const r = input.shape.length;
  if (batchFirst && r < 2) throw dimOutOfRange(1, r); // input.transpose(0, 1)
  if (L.shape.length !== 1) throw runtimeError(`'lengths' argument should be a 1D CPU int64 tensor, but got ${L.shape.length}D cpu Long tensor`);
  if (r === 0) throw indexError('Dimension specified as 1 but tensor has no dimensions');
  if (r === 1) throw dimOutOfRange(1, 1);
  const [T, B] = batchFirst ? [input.shape[1], input.shape[0]] : [input.shape[0], input.shape[1]];
  if (lens.length !== B) throw runtimeError(`Expected \`len(lengths)\` to be equal to batch_size, but got ${lens.length} (batch_size=${B})`);
  if (lens[B - 1] <= 0n) throw runtimeError("Length of all samples has to be greater than 0, but found an element in 'lengths' that is <= 0");
  for (let i = 0; i < B - 1; i++) {
    if (lens[B - 1 - i] > lens[B - 2 - i]) {
      throw runtimeError(
        '`lengths` array must be sorted in decreasing order when `enforce_sorted` is True. You can pass `enforce_sorted=False` ' +
          'to pack_padded_sequence and/or pack_sequence to sidestep this requirement if you do not need ONNX exportability.',
      );
    }
  }
  const steps = lens[0];
  if (steps >= 1n << 60n) throw runtimeError(`Storage size calculation overflowed with sizes=[${steps}]`);
  if (steps > BigInt(MAX_STEPS)) {
    throw runtimeError(
      `[enforce fail at alloc_cpu.cpp:127] err == 0. DefaultCPUAllocator: can't allocate memory: you tried to allocate ${steps * 8n} bytes. Error code 12 (Cannot allocate memory)`,
    );
  }
  const len = lens.map(Number);
  const rest = input.shape.slice(2);
  const row = numel(rest) * lanes(input.dtype);
  const batchSizes = new Array<number>(len[0]);
  // Blocks of steps [prev, l) shared by the first B - i sequences, from the shortest up. Steps past
  // the padded length (l > T) get batch sizes but no rows: torch's slice stops at T.
  const rows: number[] = [];
  let prev = 0;
  for (let i = 0; i < B; i++) {
    const l = len[B - 1 - i];
    if (l > prev) {
      const bs = B - i;
      for (let t = prev; t < Math.min(l, T); t++) for (let b = 0; b < bs; b++) rows.push(batchFirst ? b * T + t : t * B + b);
      batchSizes.fill(bs, prev, l);
      prev = l;
    }
  }
  if (opts.requiresGrad && lanes(input.dtype) === 2) throw runtimeError('_pack_padded_sequence does not support automatic differentiation for outputs with complex dtype.');
  const data = zeros(input.dtype, [rows.length, ...rest]);
  rows.forEach((from, k) => data.data.set(input.data.subarray(from * row, (from + 1) * row), k * row));
  return { data, batchSizes, sortedIndices: sorted, unsortedIndices: sorted && invertPermutation(sorted) };
}

export function invertPermutation(p: readonly number[]): number[] {
  const out = new Array<number>(p.length);
  p.forEach((v, i) => (out[v] = i));
  return out;
}

/** The largest finite value of each dtype (c10::overflows refuses a padding value beyond it). */
const MAX_FINITE: Record<DType, number> = {
  float16: 65504, bfloat16: 3.3895313892515355e38, float32: 3.4028234663852886e38, float64: Number.MAX_VALUE,
  complex64: 3.4028234663852886e38, complex128: Number.MAX_VALUE,
};

/** A Python float as the dtype stores it (Scalar.to<T>(): checked, then converted). */
export function scalarTo(dtype: DType, v: number): number {
  if (Number.isFinite(v) && Math.abs(v) > MAX_FINITE[dtype]) throw runtimeError(`value cannot be converted to type ${cppName(dtype)} without overflow`);
  return dtype === 'float16' ? roundF16(v) : dtype === 'bfloat16' ? roundBF16(v) : dtype === 'float32' || dtype === 'complex64' ? Math.fround(v) : v;
}

/** Returns the padded (T, B, *) tensor — (B, T, *) with batchFirst — in the caller's order, and the lengths. */
export function padPackedSequence(
  seq: PackedSequence, opts: { batchFirst?: boolean; paddingValue?: number; totalLength?: number | null } = {},
): [padded: Tensor, lengths: number[]] {
  const batchFirst = opts.batchFirst ?? false;
  const { data, batchSizes: bs } = seq;
  const S = bs.length;
  let T = S;
  const total = opts.totalLength;
  if (total !== undefined && total !== null) {
    if (total < S) {
      const shown = Number.isInteger(total) ? String(total) : pyFloatRepr(total);
      throw valueError(`Expected total_length to be at least the length of the longest sequence in input, but got total_length=${shown} and max sequence length being ${S}`);
    }
    if (!Number.isInteger(total)) throw typeError("_pad_packed_sequence(): argument 'total_length' (position 5) must be int, not float");
    if (total >= 2 ** 63) throw valueError('Overflow when unpacking long long');
    T = total;
  }
  const B = bs[0];
  const rest = data.shape.slice(1);
  const lane = lanes(data.dtype);
  const row = numel(rest) * lane;
  const out = zeros(data.dtype, batchFirst ? [B, T, ...rest] : [T, B, ...rest]);
  const pad = scalarTo(data.dtype, opts.paddingValue ?? 0);
  if (!Object.is(pad, 0)) for (let i = 0; i < out.data.length; i += lane) out.data[i] = pad; // complex: (pad, 0)
  const R = data.shape[0];
  const lengths = new Array<number>(B);
  let li = B - 1;
  let offset = 0;
  let prevB = B;
  let prevI = 0;
  for (let i = 0; i <= S; i++) {
    const b = i !== S ? bs[i] : 0;
    if (b !== prevB) {
      // output[prevI:i, :prevB] = data[offset:offset + l].view(i - prevI, prevB, *rest)
      const l = prevB * (i - prevI);
      const have = Math.min(offset + l, R) - Math.min(offset, R);
      if (have !== l) throw runtimeError(`shape '${shapeList([i - prevI, prevB, ...rest])}' is invalid for input of size ${have * numel(rest)}`);
      for (let t = prevI; t < i; t++) {
        for (let k = 0; k < prevB; k++) {
          const from = (offset + (t - prevI) * prevB + k) * row;
          out.data.set(data.data.subarray(from, from + row), (batchFirst ? k * T + t : t * B + k) * row);
        }
      }
      offset += l;
      prevI = i;
    }
    for (let j = b; j < prevB; j++) lengths[li--] = i;
    prevB = b;
  }
  const un = seq.unsortedIndices;
  if (!un) return [out, lengths];
  return [indexSelect(out, batchFirst ? 0 : 1, un), un.map((i) => lengths[i])];
}
