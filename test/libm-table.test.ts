// engine/libm/ and engine/complex.ts's ctanh against a committed table of glibc's and torch's answers
// (test/fixtures/libm/: every branch threshold of the ported routines +-2 words, every exponent, infinities,
// NaN, complex tanh around 44 and 354 and the poles; python/testing/libm_table.py wrote it, provenance.json
// says on what). No Python: `npm run mutate` runs this in-process; libm-table-provenance.test.ts holds
// the table to the live glibc and torch.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { floatWord } from '../engine/libm/bits.js';
import { expf } from '../engine/libm/expf.js';
import { expm1f } from '../engine/libm/expm1f.js';
import { coshf, sinhf } from '../engine/libm/hyperbolic.js';
import { sincosf, sincosOut } from '../engine/libm/sincosf.js';
import { repoRoot } from '../harness/sidecar/paths.js';
import { ctanhDisagreement } from './ctanh-agree.js';

const LIBM_TABLE_DIR = join(repoRoot(), 'test', 'fixtures', 'libm');

function table<T extends Float32Array | Float64Array>(name: string, make: (b: ArrayBuffer) => T): T {
  const bytes = readFileSync(join(LIBM_TABLE_DIR, name));
  return make(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
}

describe('glibc float routines: the committed table (test/fixtures/libm/glibc-float.bin)', () => {
  const rows = table('glibc-float.bin', (b) => new Float32Array(b));
  const routines: [string, (x: number) => number][] = [
    ['expf', expf], ['expm1f', expm1f], ['sinhf', sinhf], ['coshf', coshf],
    ['sincosf (sin)', (x) => (sincosf(x), sincosOut[0] as number)], ['sincosf (cos)', (x) => (sincosf(x), sincosOut[1] as number)],
  ];
  routines.forEach(([name, fn], k) => {
    it(`${name}: ${rows.length / 7} values bit for bit`, () => {
      const bad: string[] = [];
      for (let i = 0; i < rows.length; i += 7) {
        const x = rows[i] as number;
        const want = rows[i + 1 + k] as number;
        const got = fn(x);
        const same = floatWord(got) === floatWord(want) || (Number.isNaN(got) && Number.isNaN(want));
        if (!same && bad.length < 10) bad.push(`${name}(${x}): port ${got}, glibc ${want}`);
      }
      expect(bad).toEqual([]);
    });
  });
});

describe('complex tanh: the committed table of torch.tanh (test/fixtures/libm/ctanh-torch.bin)', () => {
  const rows = table('ctanh-torch.bin', (b) => new Float64Array(b));
  for (const [kind, dtype] of [[0, 'complex64'], [1, 'complex128']] as const) {
    it(`${dtype}: ${dtype === 'complex64' ? 'bit for bit' : 'NaN positions equal, values within assert_close tolerance'}`, () => {
      const bad: string[] = [];
      let n = 0;
      for (let i = 0; i < rows.length; i += 5) {
        if (rows[i] !== kind) continue;
        n++;
        const r = ctanhDisagreement(kind === 0, rows[i + 1] as number, rows[i + 2] as number, rows[i + 3] as number, rows[i + 4] as number);
        if (r.message && bad.length < 10) bad.push(r.message);
      }
      expect(n).toBeGreaterThan(1000);
      expect(bad).toEqual([]);
    });
  }
});
