// Wire format units (no Python): frame splitting, garbage and truncation, tensor bytes, Python JSON.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { DTYPES } from '../../engine/dtype.js';
import { tensor } from '../../engine/tensor.js';
import { BlobBuilder, tensorFromBlob } from '../case/codec.js';
import { encodeFrame, FrameError, FrameReader, pyJson } from './protocol.js';

const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
console.log(`protocol.spec: fast-check seed ${seed} (rerun with FC_SEED=${seed})`);

describe('FrameReader', () => {
  test('frames arrive whole however stdout is chunked', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.string(), fc.uint8Array({ maxLength: 300 })), { minLength: 1, maxLength: 5 }), fc.array(fc.nat(50)), (msgs, cuts) => {
        const bytes = Buffer.concat(msgs.map(([s, b]) => encodeFrame(JSON.stringify({ s }), b)));
        const reader = new FrameReader();
        const got = [];
        let at = 0;
        for (const c of [...cuts, bytes.length]) {
          const end = Math.min(bytes.length, at + c);
          got.push(...reader.push(bytes.subarray(at, end)));
          at = end;
        }
        expect(got.map((f) => [(f.header as { s: string }).s, [...f.blob]])).toEqual(msgs.map(([s, b]) => [s, [...b]]));
        expect(reader.endProblem()).toBeNull();
      }),
      { seed },
    );
  });

  test('garbage, a bad header and truncation are named', () => {
    expect(() => new FrameReader().push(Buffer.from('Segmentation fault (core dumped)\n'))).toThrow(
      new FrameError('garbage on stdout where a frame should start: "Segmentation fault (core dumped)\\n"'),
    );
    const bad = encodeFrame('{"x":', new Uint8Array(0));
    expect(() => new FrameReader().push(bad)).toThrow(/frame header is not JSON/);
    const huge = Buffer.from(encodeFrame('{}', new Uint8Array(0)));
    huge.writeUInt32LE(0x7fff_ffff, 4);
    expect(() => new FrameReader().push(huge)).toThrow(/frame header of 2147483647 bytes exceeds/);
    const reader = new FrameReader();
    reader.push(encodeFrame('{"a":1}', new Uint8Array(10)).subarray(0, 15));
    expect(reader.endProblem()).toBe('truncated frame on stdout: 15 of 29 bytes');
  });
});

describe('tensor bytes', () => {
  test.each(DTYPES)('%s round-trips through a blob, NaN and ±inf included', (dtype) => {
    const vals = [0, -0, 1.5, -2.25, NaN, Infinity, -Infinity, 0.125];
    const t = tensor(dtype, dtype.startsWith('complex') ? [2, 2] : [2, 4], vals);
    const b = new BlobBuilder();
    b.add(tensor('float16', [1], [1])); // forces the next offset to 64
    const d = b.add(t);
    expect(d.offset).toBe(64);
    const back = tensorFromBlob(d, b.bytes());
    expect(back.shape).toEqual(t.shape);
    expect(Array.from(back.data)).toEqual(vals);
  });

  test('a descriptor outside the blob is refused', () => {
    expect(() => tensorFromBlob({ dtype: 'float32', shape: [4], offset: 8, nbytes: 16 }, new Uint8Array(16))).toThrow(/does not fit a blob of 16 bytes/);
    expect(() => tensorFromBlob({ dtype: 'float32', shape: [4], offset: 0, nbytes: 12 }, new Uint8Array(16))).toThrow(/does not fit/);
  });
});

test('pyJson: ints stay ints, floats floats, non-finite escaped, bigint exact, undefined dropped', () => {
  expect(pyJson({ a: 2, b: 0.5, c: NaN, d: -Infinity, e: 2n ** 70n, f: undefined, g: [1, null, 'x'], h: true, i: 1e21 })).toBe(
    '{"a":2,"b":0.5,"c":{"$float":"nan"},"d":{"$float":"-inf"},"e":1180591620717411303424,"g":[1,null,"x"],"h":true,"i":1000000000000000000000}',
  );
  expect(pyJson(JSON.parse('{"__proto__": 1}'))).toBe('{"__proto__":1}');
});
