// The engine's safetensors against the real python library (safetensors 0.8.0, torch 2.13): files
// python writes decode to the same values bit for bit, files the engine writes load in python with the
// same values, the engine's encoding is byte-identical to save_file, and malformed files are refused
// wherever python refuses them (python/testing/safetensors_interop.py). Needs the project's Python:
// without it these tests fail, never skip.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DTYPES, type DType } from '../engine/dtype.js';
import { bf16FromBits, f16FromBits } from '../engine/half.js';
import { decodeSafetensors, encodeSafetensors, fromRaw, SafetensorsError, toRaw, type RawTensor } from '../engine/safetensors.js';
import { decodeStateDict, encodeStateDict } from '../engine/state-dict-file.js';
import type { Tensor } from '../engine/tensor.js';
import { runTool } from './python-tools.js';

const SEED = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
console.log(`safetensors interop seed: ${SEED} (FC_SEED=${SEED} to replay)`);

/** python/testing/safetensors_interop.py COMMAND ARGS: its stdout. */
function py(command: string, ...args: string[]): string {
  return runTool('safetensors_interop.py', [command, ...args]).toString('utf8');
}
const dir = mkdtempSync(join(tmpdir(), 'rnn-st-interop-'));
const read = (name: string): Uint8Array => new Uint8Array(readFileSync(join(dir, name)));

// The engine dtype each test tensor is read as.
const ENGINE_DTYPE: Record<string, DType> = {
  f16: 'float16', bf16: 'bfloat16', f32: 'float32', f64: 'float64', c64: 'complex64', c128: 'complex128', empty: 'float32', scalar: 'float64',
};

/** Bits of a tensor's storage: f16/bf16 as their float32 values, the form the engine keeps them in. */
const storageBytes = (t: Tensor): Uint8Array => new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength);

// ---------------------------------------------------------------------------------------------------
describe('python writes, the engine reads', () => {
  it('all six dtypes, every float16/bfloat16 bit pattern, random bits for the wide dtypes: same values, bit for bit', () => {
    py(
      'python-writes',
      String(SEED),
      dir,
    );
    const { tensors } = decodeSafetensors(read('py.safetensors'));
    const shapes = JSON.parse(readFileSync(join(dir, 'shapes.json'), 'utf8')) as Record<string, number[]>;
    expect([...tensors.keys()].sort()).toEqual(Object.keys(ENGINE_DTYPE).sort());
    for (const [name, dtype] of Object.entries(ENGINE_DTYPE)) {
      const t = fromRaw(tensors.get(name) as RawTensor, dtype);
      const pyShape = shapes[name] as number[];
      expect(t.shape, name).toEqual(dtype === 'complex128' ? pyShape.slice(0, -1) : pyShape);
      const want = read(`${name}.bin`);
      const got = storageBytes(t);
      if (dtype === 'float16' || dtype === 'bfloat16') {
        // Half NaNs become the engine's NaN (their payload is not kept); everything else bit for bit.
        const w = new Float32Array(want.buffer, want.byteOffset, want.length / 4);
        const g = t.data as Float32Array;
        const bad = [...w.keys()].filter((i) => !(Number.isNaN(w[i]) ? Number.isNaN(g[i]) : Object.is(w[i], g[i])));
        expect(bad.slice(0, 5), `${name}: first mismatching indices`).toEqual([]);
      } else {
        expect(Buffer.compare(Buffer.from(got), Buffer.from(want)), name).toBe(0);
      }
    }
  });
});

// ---------------------------------------------------------------------------------------------------
describe('the engine writes, python reads', () => {
  it('load_file gives the same values, bit for bit, in all six dtypes (complex128 via view_as_complex)', () => {
    const rng = xorshift(SEED);
    const randomBits = (n: number): Uint8Array => Uint8Array.from({ length: n }, () => rng() & 0xff);
    const every16 = Array.from({ length: 65536 }, (_, i) => i);
    const sd: Record<string, Tensor> = {
      f16: { dtype: 'float16', shape: [256, 256], data: Float32Array.from(every16, f16FromBits) },
      bf16: { dtype: 'bfloat16', shape: [65536], data: Float32Array.from(every16, bf16FromBits) },
      f32: { dtype: 'float32', shape: [7, 11], data: new Float32Array(randomBits(7 * 11 * 4).buffer) },
      f64: { dtype: 'float64', shape: [5, 1, 9], data: new Float64Array(randomBits(45 * 8).buffer) },
      c64: { dtype: 'complex64', shape: [13], data: new Float32Array(randomBits(26 * 4).buffer) },
      c128: { dtype: 'complex128', shape: [4, 6], data: new Float64Array(randomBits(48 * 8).buffer) },
      empty: { dtype: 'float32', shape: [3, 0], data: new Float32Array(0) },
      scalar: { dtype: 'float64', shape: [], data: new Float64Array([-0]) },
    };
    writeFileSync(join(dir, 'ts.safetensors'), encodeStateDict(sd));
    const report = JSON.parse(
      py(
        'read-back',
        dir,
      ),
    ) as Record<string, [string, number[]]>;
    for (const [name, t] of Object.entries(sd)) {
      expect(report[name], name).toEqual([`torch.${t.dtype}`, t.shape]);
      const back = read(`back-${name}.bin`);
      const mine = storageBytes(t);
      if (t.dtype === 'float16' || t.dtype === 'bfloat16') {
        const w = new Float32Array(back.buffer, back.byteOffset, back.length / 4);
        const bad = [...w.keys()].filter((i) => !(Number.isNaN(t.data[i]) ? Number.isNaN(w[i]) : Object.is(w[i], t.data[i])));
        expect(bad.slice(0, 5), `${name}: first mismatching indices`).toEqual([]);
      } else {
        expect(Buffer.compare(Buffer.from(back), Buffer.from(mine)), name).toBe(0);
      }
    }
  });
});

// ---------------------------------------------------------------------------------------------------
describe('byte-identical to save_file', () => {
  it('nn.RNN state dicts in all six dtypes: decodeStateDict then encodeStateDict gives back python\'s bytes', () => {
    py(
      'rnn-state-dicts',
      String(SEED),
      dir,
    );
    for (const dtype of DTYPES) {
      const pyBytes = read(`rnn-${dtype}.safetensors`);
      const sd = decodeStateDict(pyBytes, dtype);
      expect(Object.keys(sd), dtype).toHaveLength(16);
      expect(Buffer.compare(Buffer.from(encodeStateDict(sd)), Buffer.from(pyBytes)), dtype).toBe(0);
    }
    const nobias = read('rnn-nobias.safetensors');
    expect(Buffer.compare(Buffer.from(encodeStateDict(decodeStateDict(nobias, 'float32'))), Buffer.from(nobias))).toBe(0);
  });

  it('mixed dtypes, odd names, zero-size and 0-d tensors, metadata: the same tensors encode to save_file\'s bytes', () => {
    py(
      'mixed',
      dir,
    );
    const asEngine: Record<string, DType> = { F16: 'float16', BF16: 'bfloat16', F32: 'float32', F64: 'float64', C64: 'complex64' };
    for (const file of ['mixed', 'mixed-nometa', 'none', 'empty-meta']) {
      const pyBytes = read(`${file}.safetensors`);
      const { tensors, metadata } = decodeSafetensors(pyBytes);
      // Through engine tensors and back: the values, not just the bytes, are what is re-encoded.
      const entries = [...tensors].map(([name, raw]) => [name, toRaw(fromRaw(raw, asEngine[raw.dtype] as DType))] as const);
      expect(Buffer.compare(Buffer.from(encodeSafetensors(entries, metadata)), Buffer.from(pyBytes)), file).toBe(0);
    }
    expect(decodeSafetensors(read('mixed.safetensors')).metadata).toEqual({ format: 'pt', z: '\u2028 \x01', a: 'é' });
  });
});

// ---------------------------------------------------------------------------------------------------
describe('malformed files: refused wherever python refuses them', () => {
  it('each fault the decoder names is one python refuses too, except where the engine is stricter on purpose', () => {
    const f32 = (name: string, shape: (number | string)[], o: [number, number]): string => `"${name}":{"dtype":"F32","shape":[${shape.join(',')}],"data_offsets":[${o.join(',')}]}`;
    const faults: [string, string, number, boolean][] = [
      // [what, header, data bytes, python also refuses]
      ['header length beyond the file', '', -1, true],
      ['not JSON', '{nope}', 0, true],
      ['JSON array', '[]', 0, true],
      ['NUL padding', '{}\0\0', 0, true],
      ['byte order mark', '\ufeff{}', 0, true],
      ['unknown dtype', '{"a":{"dtype":"F33","shape":[1],"data_offsets":[0,4]}}', 4, true],
      ['complex128 dtype', '{"a":{"dtype":"C128","shape":[1],"data_offsets":[0,16]}}', 16, true],
      ['negative dim', `{${f32('a', [-1], [0, 4])}}`, 4, true],
      ['fractional dim', `{${f32('a', ['1.0'], [0, 4])}}`, 4, true],
      ['shape product overflow', `{${f32('a', [2 ** 32, 2 ** 32, 2 ** 32], [0, 4])}}`, 4, true],
      ['shape/offsets mismatch', `{${f32('a', [2], [0, 4])}}`, 4, true],
      ['reversed offsets', `{${f32('a', [1], [4, 0])}}`, 4, true],
      ['offsets beyond the file', `{${f32('a', [100], [0, 400])}}`, 4, true],
      ['gap', `{${f32('a', [1], [0, 4])},${f32('b', [1], [8, 12])}}`, 12, true],
      ['overlap', `{${f32('a', [2], [0, 8])},${f32('b', [1], [4, 8])}}`, 8, true],
      ['trailing data', `{${f32('a', [1], [0, 4])}}`, 5, true],
      ['missing data_offsets', '{"a":{"dtype":"F32","shape":[1]}}', 4, true],
      ['metadata not strings', '{"__metadata__":{"x":1}}', 0, true],
      ['lone surrogate escape', '{"__metadata__":{"\\ud800":"x"}}', 0, true],
      // Stricter on purpose: python keeps the last duplicate, allows `__proto__` and dims beyond 2^53.
      ['identical duplicate key', `{${f32('a', [1], [0, 4])},${f32('a', [1], [0, 4])}}`, 4, false],
      ['__proto__ name', `{${f32('__proto__', [1], [0, 4])}}`, 4, false],
      ['dim beyond 2^53 in an empty tensor', `{${f32('a', ['0', '9007199254740993'], [0, 0])}}`, 0, false],
    ];
    const files = faults.map(([, h, n]) => {
      const json = new TextEncoder().encode(h);
      const b = new Uint8Array(8 + json.length + Math.max(n, 0));
      new DataView(b.buffer).setUint32(0, n < 0 ? 100 : json.length, true);
      b.set(json, 8);
      return b;
    });
    const verdicts = pythonVerdicts('fault', files);
    faults.forEach(([what, , , pythonRefuses], i) => {
      expect(() => decodeSafetensors(files[i] as Uint8Array), what).toThrow(SafetensorsError);
      expect(typeof verdicts[i] === 'string', `${what}: python ${JSON.stringify(verdicts[i])}`).toBe(pythonRefuses);
    });
  });

  it(`fuzzed mutations of a valid file (seed ${SEED}): python accepts => the engine decodes the same tensors, or refuses for a documented reason`, () => {
    const valid = encodeSafetensors(
      [['weight_ih_l0', raw('F32', [2, 3])], ['bias_ih_l0', raw('F16', [2])], ['c', raw('C64', [1])], ['e', raw('F64', [0])], ['s', raw('BF16', [])]],
      { format: 'pt' },
    );
    const headerLen = new DataView(valid.buffer).getUint32(0, true);
    const byteEdits = fc.array(fc.tuple(fc.nat(valid.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 3 });
    const textEdits = fc.array(fc.tuple(fc.integer({ min: 8, max: 7 + headerLen }), fc.constantFrom(...'0123456789[]{}",:-.eFIC_ '.split('').map((c) => c.charCodeAt(0)))), { minLength: 1, maxLength: 3 });
    const files = fc.sample(
      fc.oneof(
        fc.oneof(byteEdits, textEdits).map((edits) => {
          const b = valid.slice();
          for (const [i, v] of edits) b[i] = v;
          return b;
        }),
        fc.nat(valid.length).map((n) => valid.slice(0, n)),
        fc.uint8Array({ maxLength: 4 }).map((extra) => Uint8Array.from([...valid, ...extra])),
      ),
      { seed: SEED, numRuns: 400 },
    );
    const verdicts = pythonVerdicts('m', files);
    let accepted = 0;
    files.forEach((b, i) => {
      const verdict = verdicts[i];
      let mine: Map<string, RawTensor> | SafetensorsError;
      try {
        mine = decodeSafetensors(b).tensors;
      } catch (err) {
        if (!(err instanceof SafetensorsError)) throw err;
        mine = err;
      }
      const hex = Buffer.from(b).toString('hex');
      if (typeof verdict === 'string') {
        expect(mine, `python refused (${verdict}) but the engine decoded file ${hex}`).toBeInstanceOf(SafetensorsError);
      } else if (mine instanceof SafetensorsError) {
        // Stricter than python on purpose: duplicate keys (python keeps the last), `__proto__`.
        expect(mine.message, `python accepted, the engine refused file ${hex}`).toMatch(/duplicate key|__proto__/);
      } else {
        accepted++;
        const got = Object.fromEntries([...mine].map(([k, t]) => [k, [t.dtype, t.shape, Buffer.from(t.bytes).toString('hex')]]));
        expect(got, `file ${hex}`).toEqual(verdict);
      }
    });
    console.log(`safetensors differential: ${files.length} files, ${accepted} accepted by both`);
  });
});

/** What python's deserialize makes of each file: its tensors (dtype, shape, data hex) or its error. */
function pythonVerdicts(prefix: string, files: Uint8Array[]): (string | Record<string, [string, number[], string]>)[] {
  files.forEach((b, i) => writeFileSync(join(dir, `${prefix}${i}.safetensors`), b));
  return JSON.parse(
    py(
      'verdicts',
      dir,
      prefix,
      String(files.length),
    ),
  ) as (string | Record<string, [string, number[], string]>)[];
}

function raw(dtype: RawTensor['dtype'], shape: number[]): RawTensor {
  const n = shape.reduce((a, b) => a * b, 1) * { F32: 4, F16: 2, BF16: 2, C64: 8, F64: 8 }[dtype as 'F32'];
  return { dtype, shape, bytes: Uint8Array.from({ length: n }, (_, i) => (i * 37 + 11) & 0xff) };
}

/** A small seeded generator for test data (xorshift32). */
function xorshift(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s;
  };
}
