// Each ported routine of engine/libm/ against the machine's glibc (libm.so.6 through Python ctypes:
// python/testing/glibc_float.py), bit for bit, on random float32 bit patterns (every exponent,
// subnormals, inf, NaN) and dense values in ±30.
import { describe, expect, it } from 'vitest';
import { floatWord } from '../engine/libm/bits.js';
import { expf } from '../engine/libm/expf.js';
import { expm1f } from '../engine/libm/expm1f.js';
import { coshf, sinhf } from '../engine/libm/hyperbolic.js';
import { sincosf, sincosOut } from '../engine/libm/sincosf.js';
import { runTool } from './python-tools.js';

const SEED = Number(process.env.LIBM_SEED ?? Math.floor(Math.random() * 2 ** 31));
const N = 100_000;


describe(`glibc float routines vs libm.so.6 (seed ${SEED}: rerun with LIBM_SEED=${SEED})`, () => {
  const buf = runTool('glibc_float.py', [String(SEED), String(N)]);
  const rows = new Float32Array(buf.buffer, buf.byteOffset, buf.length / 4);
  const routines: [string, (x: number) => number][] = [
    ['expf', expf], ['expm1f', expm1f], ['sinhf', sinhf], ['coshf', coshf],
    ['sincosf (sin)', (x) => (sincosf(x), sincosOut[0])], ['sincosf (cos)', (x) => (sincosf(x), sincosOut[1])],
  ];
  routines.forEach(([name, fn], k) => {
    it(`${name}: ${N} values bit for bit`, () => {
      const bad: string[] = [];
      for (let i = 0; i < N; i++) {
        const x = rows[7 * i];
        const want = rows[7 * i + 1 + k];
        const got = fn(x);
        const same = floatWord(got) === floatWord(want) || (Number.isNaN(got) && Number.isNaN(want));
        if (!same && bad.length < 10) bad.push(`${name}(${x}): port ${got}, glibc ${want}`);
      }
      expect(bad).toEqual([]);
    });
  });
});
