// pack_padded_sequence, pad_packed_sequence and pack_sequence: torch's documented examples, the
// refusals torch 2.13 makes (texts recorded from torch; test/packed-vs-torch.test.ts compares them
// live), and the round trip pad(pack(x)) = x on the valid steps.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TorchError } from './errors.js';
import { packSequence } from './pack-sequence.js';
import { isPackedSequence, packPaddedSequence, padPackedSequence, type Lengths } from './packed.js';
import { tensor, zeros, type Tensor } from './tensor.js';

const seq = (n: number, from = 0): Tensor => tensor('float32', [n, 2], Array.from({ length: 2 * n }, (_, i) => from + i));
const refusal = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    if (e instanceof TorchError) return String(e);
    throw e;
  }
  return 'no refusal';
};

describe('packing (torch docs examples)', () => {
  it('pack_sequence([a, b, c]) of lengths 3, 2, 1', () => {
    const one = (v: number[]): Tensor => tensor('float32', [v.length], v);
    const p = packSequence([one([1, 2, 3]), one([4, 5]), one([6])]);
    expect([...p.data.data]).toEqual([1, 4, 6, 2, 5, 3]);
    expect(p.batchSizes).toEqual([3, 2, 1]);
    expect(p.sortedIndices).toBeNull();
    expect(p.unsortedIndices).toBeNull();
  });

  it('unsorted lengths, batch_first: sorted, packed, and padded back in the caller order', () => {
    const x = tensor('float32', [3, 3], [1, 2, 0, 3, 0, 0, 4, 5, 6]);
    const p = packPaddedSequence(x, [2, 1, 3], { batchFirst: true, enforceSorted: false });
    expect([...p.data.data]).toEqual([4, 1, 3, 5, 2, 6]);
    expect(p.batchSizes).toEqual([3, 2, 1]);
    expect(p.sortedIndices).toEqual([2, 0, 1]);
    expect(p.unsortedIndices).toEqual([1, 2, 0]);
    const [back, lengths] = padPackedSequence(p, { batchFirst: true });
    expect([...back.data]).toEqual([...x.data]);
    expect(lengths).toEqual([2, 1, 3]);
    const [tl, l2] = padPackedSequence(p, { paddingValue: -1, totalLength: 4 });
    expect(tl.shape).toEqual([4, 3]);
    expect([...tl.data]).toEqual([1, 3, 4, 2, -1, 5, -1, -1, 6, -1, -1, -1]);
    expect(l2).toEqual([2, 1, 3]);
  });
});

describe('pad(pack(x)) is x on every valid step, 0 elsewhere', () => {
  it('random shapes, lengths, layouts (seed printed on failure)', () => {
    const arb = fc.record({
      T: fc.integer({ min: 1, max: 6 }),
      B: fc.integer({ min: 1, max: 20 }),
      F: fc.integer({ min: 1, max: 3 }),
      batchFirst: fc.boolean(),
      complex: fc.boolean(),
      seed: fc.integer({ min: 1, max: 1000 }),
    });
    fc.assert(
      fc.property(arb, ({ T, B, F, batchFirst, complex, seed }) => {
        const lengths = Array.from({ length: B }, (_, b) => 1 + ((seed * (b + 7)) % T));
        const x = zeros(complex ? 'complex128' : 'float64', batchFirst ? [B, T, F] : [T, B, F]);
        x.data.forEach((_, i) => (x.data[i] = i + 1));
        const p = packPaddedSequence(x, lengths, { batchFirst, enforceSorted: false });
        expect(p.data.shape).toEqual([lengths.reduce((a, b) => a + b, 0), F]);
        const [y, back] = padPackedSequence(p, { batchFirst });
        expect(back).toEqual(lengths);
        const lane = complex ? 2 : 1;
        const Ty = Math.max(...lengths); // pad_packed_sequence pads to the longest sequence
        expect(y.shape).toEqual(batchFirst ? [B, Ty, F] : [Ty, B, F]);
        for (let b = 0; b < B; b++) {
          for (let t = 0; t < Ty; t++) {
            const at = (T: number): number => (batchFirst ? b * T + t : t * B + b) * F * lane;
            for (let k = 0; k < F * lane; k++) expect(y.data[at(Ty) + k]).toBe(t < lengths[b] ? x.data[at(T) + k] : 0);
          }
        }
      }),
      { seed: Number(process.env.FC_SEED ?? 15), numRuns: 200 },
    );
  });
});

describe("torch's refusals (texts from torch 2.13)", () => {
  const x = zeros('float32', [4, 3, 2]);
  const pack = (lengths: Lengths, enforceSorted = true, input = x, batchFirst = false) => refusal(() => packPaddedSequence(input, lengths, { enforceSorted, batchFirst }));
  const unsorted =
    'RuntimeError: `lengths` array must be sorted in decreasing order when `enforce_sorted` is True. You can pass `enforce_sorted=False` ' +
    'to pack_padded_sequence and/or pack_sequence to sidestep this requirement if you do not need ONNX exportability.';
  const notPositive = "RuntimeError: Length of all samples has to be greater than 0, but found an element in 'lengths' that is <= 0";

  it('lengths out of order, not positive, or as many as the batch', () => {
    expect(pack([2, 3, 1])).toBe(unsorted);
    expect(pack([0, 3, 1])).toBe(unsorted); // only the last length is checked for > 0 before the order
    expect(pack([3, 2, 0])).toBe(notPositive);
    expect(pack([3, 2, -1])).toBe(notPositive);
    expect(pack([0, 3, 2], false)).toBe(notPositive);
    expect(pack([3, 2])).toBe('RuntimeError: Expected `len(lengths)` to be equal to batch_size, but got 2 (batch_size=3)');
    expect(pack([3, 2, 1, 1])).toBe('RuntimeError: Expected `len(lengths)` to be equal to batch_size, but got 4 (batch_size=3)');
    // unsorted, too many lengths fail in index_select, with the message of the batch dimension's path
    expect(pack([2, 3, 1, 1], false)).toBe('RuntimeError: INDICES element is out of DATA bounds, id=3 axis_dim=3');
    expect(pack([1, 1, 1, 1, 5], false, x, true)).toBe('IndexError: index out of range in self');
  });

  it('lengths that are not a 1-D tensor, inputs with nothing to pack', () => {
    expect(pack({ shape: [1, 3], data: [3, 2, 1] })).toBe("RuntimeError: 'lengths' argument should be a 1D CPU int64 tensor, but got 2D cpu Long tensor");
    expect(pack({ shape: [], data: [3] })).toBe("RuntimeError: 'lengths' argument should be a 1D CPU int64 tensor, but got 0D cpu Long tensor");
    expect(pack({ shape: [3, 1], data: [3, 2, 1] }, false)).toBe('IndexError: index_select(): Index is supposed to be a vector');
    expect(pack([1, 1, 1], true, zeros('float32', [0, 3, 2]))).toBe('RuntimeError: Cannot pack empty tensors.');
    expect(pack([], false)).toBe('RuntimeError: Cannot pack empty tensors.');
    expect(pack([1], true, zeros('float32', [4]))).toBe('IndexError: Dimension out of range (expected to be in range of [-1, 0], but got 1)');
  });

  it('lengths of a float list are truncated; beyond int64 they are refused', () => {
    expect(packPaddedSequence(x, [3.7, 2.2, 1.9]).batchSizes).toEqual([3, 2, 1]);
    expect(pack([1e19, 1, 1])).toBe('RuntimeError: value cannot be converted to type int64 without overflow');
    expect(pack([2n ** 63n, 1n, 1n])).toBe('ValueError: Overflow when unpacking long long');
    expect(pack([2 ** 60, 1, 1])).toBe('RuntimeError: Storage size calculation overflowed with sizes=[1152921504606846976]');
  });

  it('lengths beyond the padded input pack (with fewer rows than batch_sizes promise); padding them back fails', () => {
    const p = packPaddedSequence(x, [5, 2, 1]);
    expect(p.batchSizes).toEqual([3, 2, 1, 1, 1]);
    expect(p.data.shape).toEqual([7, 2]);
    expect(refusal(() => padPackedSequence(p))).toBe("RuntimeError: shape '[3, 1, 2]' is invalid for input of size 4");
  });

  it('pad_packed_sequence: total_length and padding values that do not fit', () => {
    const p = packPaddedSequence(zeros('float16', [3, 2, 2]), [3, 1]);
    expect(refusal(() => padPackedSequence(p, { totalLength: 2 }))).toBe(
      'ValueError: Expected total_length to be at least the length of the longest sequence in input, but got total_length=2 and max sequence length being 3',
    );
    expect(refusal(() => padPackedSequence(p, { totalLength: 3.5 }))).toBe("TypeError: _pad_packed_sequence(): argument 'total_length' (position 5) must be int, not float");
    expect(refusal(() => padPackedSequence(p, { paddingValue: 65519 }))).toBe('RuntimeError: value cannot be converted to type c10::Half without overflow');
    expect(padPackedSequence(p, { paddingValue: Infinity })[0].data[6]).toBe(Infinity); // step 1 of sequence 1
  });

  it('pack_sequence: an empty list, a 0-d tensor, trailing shapes that do not broadcast', () => {
    expect(refusal(() => packSequence([]))).toBe('RuntimeError: received an empty list of sequences');
    expect(refusal(() => packSequence([seq(3), tensor('float32', [], [1])]))).toBe('IndexError: Dimension specified as 0 but tensor has no dimensions');
    expect(refusal(() => packSequence([seq(1), seq(3)]))).toBe(unsorted);
    expect(refusal(() => packSequence([seq(3), zeros('float32', [2, 3, 2])]))).toBe(
      'RuntimeError: The size of tensor a (2) must match the size of tensor b (3) at non-singleton dimension 1',
    );
    expect(refusal(() => packSequence([seq(3), zeros('float32', [2, 1, 2])]))).toBe("RuntimeError: output with shape [2, 2] doesn't match the broadcast shape [2, 2, 2]");
    // a trailing dimension of 1 broadcasts, a missing one too; other dtypes are cast to the first's
    expect([...packSequence([seq(3), tensor('float64', [2, 1], [7, 8])]).data.data]).toEqual([0, 1, 7, 7, 2, 3, 8, 8, 4, 5]);
    expect([...packSequence([seq(3), tensor('float32', [2], [7, 8])]).data.data]).toEqual([0, 1, 7, 8, 2, 3, 7, 8, 4, 5]);
  });
});

// Expected answers printed by torch 2.13 (Python 3.11, .venv): torch.nn.utils.rnn.pack_padded_sequence(
// torch.zeros(4, 3, 2), lengths, ...) and pad_packed_sequence(...), str(exception) with its type name.
describe('lengths as torch converts them to int64 (answers from torch 2.13)', () => {
  const x = zeros('float32', [4, 3, 2]);
  const pack = (lengths: Lengths, enforceSorted = true) => refusal(() => packPaddedSequence(x, lengths, { enforceSorted }));
  const sizes = (lengths: Lengths, enforceSorted = true) => packPaddedSequence(x, lengths, { enforceSorted }).batchSizes;
  const unsorted = 'RuntimeError: `lengths` array must be sorted in decreasing order when `enforce_sorted` is True.';
  const notPositive = "RuntimeError: Length of all samples has to be greater than 0, but found an element in 'lengths' that is <= 0";
  const overflow = 'RuntimeError: value cannot be converted to type int64 without overflow';

  it('a list of Python ints: the int64 range, both ends', () => {
    expect(sizes([3n, 2n, 1n])).toEqual([3, 2, 1]);
    expect(pack([3n, 2n, -(2n ** 63n)])).toBe(notPositive);
    expect(pack([3n, 2n, -(2n ** 63n) - 1n])).toBe('ValueError: Overflow when unpacking long long');
    expect(pack([2n ** 63n - 1n, 1n, 1n])).toBe('RuntimeError: Storage size calculation overflowed with sizes=[9223372036854775807]');
    // a list is a list, whatever other properties the array carries
    expect(sizes(Object.assign([3, 2, 1], { shape: [1, 3] }))).toEqual([3, 2, 1]);
  });

  it('a list of Python floats: 2.0**63 passes the overflow check and becomes -2^63 (x86), the next double does not', () => {
    expect(pack([2 ** 63, 2, 1]).startsWith(unsorted)).toBe(true);
    expect(pack([2 ** 63, 2, 1], false)).toBe(notPositive);
    expect(pack([2 ** 63 + 2048, 2, 1])).toBe(overflow);
    expect(pack([3, 2, -(2 ** 63)])).toBe(notPositive);
    expect(pack([3, 2, -(2 ** 63) - 2048])).toBe(overflow);
  });

  it('a lengths tensor: .to(torch.int64) truncates, NaN/inf/out of range become -2^63, never refused', () => {
    expect(sizes({ shape: [3], data: [3.7, 2.2, 1.9] })).toEqual([3, 2, 1]);
    expect(sizes({ shape: [3], data: BigInt64Array.of(3n, 2n, 1n) })).toEqual([3, 2, 1]);
    expect(pack({ shape: [3], data: [3, 2, NaN] })).toBe(notPositive);
    expect(pack({ shape: [3], data: [3, 2, Infinity] })).toBe(notPositive);
    for (const big of [2 ** 63, 1e19, Infinity]) {
      expect(pack({ shape: [3], data: [big, 2, 1] }).startsWith(unsorted)).toBe(true);
      expect(pack({ shape: [3], data: [big, 2, 1] }, false)).toBe(notPositive);
    }
    // not torch's: the engine's own check that a lengths tensor holds as many values as its shape says
    expect(() => packPaddedSequence(x, { shape: [3], data: [3, 2] })).toThrow(new Error('lengths: 2 values for shape [3]'));
  });

  it('a 0-d input, and a 1-d one with batch_first: the transpose refuses before the lengths are looked at', () => {
    const scalar = tensor('float32', [], [1]);
    expect(refusal(() => packPaddedSequence(scalar, [1]))).toBe('IndexError: Dimension specified as 1 but tensor has no dimensions');
    expect(refusal(() => packPaddedSequence(scalar, [1], { batchFirst: true }))).toBe('IndexError: Dimension out of range (expected to be in range of [-1, 0], but got 1)');
    const v = zeros('float32', [4]);
    const twoD = { shape: [1, 1], data: [1] };
    expect(refusal(() => packPaddedSequence(v, twoD, { batchFirst: true }))).toBe('IndexError: Dimension out of range (expected to be in range of [-1, 0], but got 1)');
    expect(refusal(() => packPaddedSequence(v, twoD))).toBe("RuntimeError: 'lengths' argument should be a 1D CPU int64 tensor, but got 2D cpu Long tensor");
  });

  it('2^24 steps pack (batch_sizes of 2^24); 2^50 fail to allocate batch_sizes, in the allocator\'s words', () => {
    const bs = sizes([2 ** 24, 1, 1]);
    expect(bs.length).toBe(2 ** 24);
    expect([bs[0], bs[1], bs[2 ** 24 - 1]]).toEqual([3, 1, 1]);
    expect(pack([2 ** 50, 1, 1])).toBe(
      'RuntimeError: [enforce fail at alloc_cpu.cpp:127] err == 0. DefaultCPUAllocator: can\'t allocate memory: you tried to allocate 9007199254740992 bytes. Error code 12 (Cannot allocate memory)',
    );
  });

  it('isinstance(x, PackedSequence) is False for None, a number, a tensor', () => {
    expect([null, undefined, 3, 'data', zeros('float32', [2])].map(isPackedSequence)).toEqual([false, false, false, false, false]);
    expect(isPackedSequence(packPaddedSequence(x, [3, 2, 1]))).toBe(true);
  });
});

// pad_packed_sequence(pack_padded_sequence(torch.zeros(2, 2, 1, dtype=d), [2, 1]), padding_value=v)[0],
// printed by torch 2.13: the padding value as the dtype stores it.
describe('pad_packed_sequence: padding values and total_length (answers from torch 2.13)', () => {
  it('the padding value rounded to the dtype, the largest finite one accepted', () => {
    const padded = (d: Parameters<typeof zeros>[0], v: number): number => padPackedSequence(packPaddedSequence(zeros(d, [2, 2, 1]), [2, 1]), { paddingValue: v })[0].data[3 * (d.startsWith('complex') ? 2 : 1)];
    expect(padded('float16', 0.1)).toBe(0.0999755859375);
    expect(padded('bfloat16', 0.1)).toBe(0.10009765625);
    expect(padded('float32', 0.1)).toBe(0.10000000149011612);
    expect(padded('float64', 0.1)).toBe(0.1);
    expect(padded('complex64', 0.1)).toBe(0.10000000149011612);
    expect(padded('complex128', 0.1)).toBe(0.1);
    expect(padded('float16', 65504)).toBe(65504);
  });

  it('total_length beyond int64', () => {
    const p = packPaddedSequence(zeros('float16', [3, 2, 2]), [3, 1]);
    expect(refusal(() => padPackedSequence(p, { totalLength: 2 ** 63 }))).toBe('ValueError: Overflow when unpacking long long');
  });
});
