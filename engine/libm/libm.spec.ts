// Each ported routine against the machine's glibc (libm.so.6 through Python ctypes), bit for bit,
// on random float32 bit patterns (every exponent, subnormals, inf, NaN) and dense values in ±30.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { PYTHON } from '../../test/live-torch.js';
import { floatWord } from './bits.js';
import { expf } from './expf.js';
import { expm1f } from './expm1f.js';
import { coshf, sinhf } from './hyperbolic.js';
import { sincosf, sincosOut } from './sincosf.js';

const SEED = Number(process.env.LIBM_SEED ?? Math.floor(Math.random() * 2 ** 31));
const N = 100_000;

const SCRIPT = String.raw`
import sys, ctypes, numpy as np
lm = ctypes.CDLL('libm.so.6')
for name in ['expf', 'expm1f', 'sinhf', 'coshf']:
    getattr(lm, name).restype = ctypes.c_float; getattr(lm, name).argtypes = [ctypes.c_float]
lm.sincosf.restype = None; lm.sincosf.argtypes = [ctypes.c_float, ctypes.POINTER(ctypes.c_float), ctypes.POINTER(ctypes.c_float)]
rng = np.random.default_rng(int(sys.argv[1])); n = int(sys.argv[2])
x = np.concatenate([rng.integers(0, 2**32, n // 2, dtype=np.uint64).astype(np.uint32).view(np.float32),
                    rng.uniform(-30, 30, n - n // 2).astype(np.float32)])
s, c = ctypes.c_float(), ctypes.c_float()
out = np.empty((n, 7), np.float32)
out[:, 0] = x
for i, v in enumerate(x.tolist()):
    lm.sincosf(v, ctypes.byref(s), ctypes.byref(c))
    out[i, 1:] = (lm.expf(v), lm.expm1f(v), lm.sinhf(v), lm.coshf(v), s.value, c.value)
sys.stdout.buffer.write(out.tobytes())
`;

describe(`glibc float routines vs libm.so.6 (seed ${SEED}: rerun with LIBM_SEED=${SEED})`, () => {
  const buf = execFileSync(PYTHON, ['-c', SCRIPT, String(SEED), String(N)], { maxBuffer: 1 << 28 });
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
