import { closeSync, mkdtempSync, openSync, readdirSync, ftruncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeInputFile, encodeStateDict } from '../../engine/state-dict-file.js';
import { tensor, zeros } from '../../engine/tensor.js';
import { BadInputError } from './errors.js';
import { MAX_SAFETENSORS_BYTES, readInputFile, readOutputFile, readSafetensorsFile, readStateDictFile, writeOutputFile, writeStateDictFile } from './safetensors-file.js';

const dir = mkdtempSync(join(tmpdir(), 'rnn-stfile-'));
const put = (name: string, bytes: Uint8Array | string): string => {
  const p = join(dir, name);
  writeFileSync(p, bytes);
  return p;
};
function header(json: string, dataBytes: number): Uint8Array {
  const h = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + h.length + dataBytes);
  new DataView(out.buffer).setUint32(0, h.length, true);
  out.set(h, 8);
  return out;
}

describe('safetensors files on disk', () => {
  it('write atomically and read back', () => {
    const w = join(dir, 'w.safetensors');
    const sd = { weight_ih_l0: tensor('float64', [1, 2], [0.5, -1]) };
    writeStateDictFile(w, sd);
    expect(readStateDictFile(w, 'float64')).toEqual(sd);
    const y = join(dir, 'y.safetensors');
    const out = { output: zeros('complex128', [2, 1, 3]), h_n: zeros('complex128', [1, 1, 3]) };
    writeOutputFile(y, out);
    expect(readOutputFile(y, 'complex128')).toEqual(out);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('a malformed file is a BadInputError `<path>: <fault>`', () => {
    const p = put('trunc.safetensors', header('{"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}', 8));
    expect(() => readSafetensorsFile(p)).toThrow(BadInputError);
    expect(() => readSafetensorsFile(p)).toThrow(`${p}: tensor \`a\`: data_offsets [0, 16] reach beyond the data (8 bytes after the header)`);
  });

  it('a snapshot of another dtype than the config names tensor and both dtypes', () => {
    const p = put('f64.safetensors', encodeStateDict({ bias_hh_l0: zeros('float64', [3]) }));
    expect(() => readStateDictFile(p, 'float32')).toThrow(`${p}: tensor \`bias_hh_l0\` is F64, but a float32 state dict stores F32`);
  });

  it('an input file without `input` is refused', () => {
    const p = put('x.safetensors', encodeInputFile({ input: zeros('float32', [1, 1]) }).slice());
    expect(readInputFile(p, 'float32').input.shape).toEqual([1, 1]);
    const q = put('nox.safetensors', encodeStateDict({ hx: zeros('float32', [1, 1]) }));
    expect(() => readInputFile(q, 'float32')).toThrow(`${q}: missing tensor \`input\``);
  });

  it('a tensor claiming terabytes is refused from its header, before anything is allocated', () => {
    const p = put('huge.safetensors', header(`{"a":{"dtype":"F64","shape":[1000000,1000000],"data_offsets":[0,8000000000000]}}`, 8));
    const before = process.memoryUsage().arrayBuffers;
    expect(() => readSafetensorsFile(p)).toThrow(/reach beyond the data \(8 bytes after the header\)/);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(2 ** 20);
  });

  it('an oversized file is refused by its size alone (a sparse 2 GiB file is never read)', () => {
    const p = join(dir, 'sparse.safetensors');
    const fd = openSync(p, 'w');
    ftruncateSync(fd, 2 * 1024 * 2 ** 20);
    closeSync(fd);
    const before = process.memoryUsage().arrayBuffers;
    expect(() => readSafetensorsFile(p)).toThrow(`${p}: file is ${2 * 1024 * 2 ** 20} bytes, over the ${MAX_SAFETENSORS_BYTES}-byte limit`);
    expect(() => readSafetensorsFile(p, { maxBytes: 100 })).toThrow(/over the 100-byte limit/);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(2 ** 20);
  });
});
