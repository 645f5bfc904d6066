// ctanh against torch.tanh on complex64/complex128, including huge |re| (where the naive formula
// gives NaN), poles, zeros, infinities and NaN (python/testing/ctanh.py). Values travel as Python float
// reprs (exact).
import { describe, expect, it } from 'vitest';
import { ctanh } from '../engine/complex.js';
import { runToolJson } from './python-tools.js';


const num = (s: string): number => (s === 'nan' ? NaN : s === 'inf' ? Infinity : s === '-inf' ? -Infinity : Number(s));

describe('ctanh vs torch.tanh (live)', () => {
  const data = runToolJson<Record<string, { z: string[]; t: string[] }>>('ctanh.py');
  for (const [dtype, { z, t }] of Object.entries(data)) {
    it(`${dtype}: NaN positions equal, values within assert_close tolerance`, () => {
      const single = dtype === 'complex64';
      const out = single ? new Float32Array(2) : new Float64Array(2);
      const [rtol, atol] = single ? [1.3e-6, 1e-5] : [1e-7, 1e-7];
      let exact = 0;
      const bad: string[] = [];
      for (let i = 0; i < z.length; i += 2) {
        const [zr, zi, er, ei] = [num(z[i]), num(z[i + 1]), num(t[i]), num(t[i + 1])];
        ctanh(zr, zi, out, 0, single);
        const [ar, ai] = [out[0], out[1]];
        if (Object.is(ar, er) && Object.is(ai, ei)) exact++;
        const nanA = Number.isNaN(ar) || Number.isNaN(ai);
        const nanE = Number.isNaN(er) || Number.isNaN(ei);
        const close = (ar === er && ai === ei) || (nanA && nanE) || (!nanA && !nanE && Math.hypot(ar - er, ai - ei) <= atol + rtol * Math.hypot(er, ei));
        if (!close) bad.push(`tanh(${zr} + ${zi}i): engine ${ar} + ${ai}i, torch ${er} + ${ei}i`);
      }
      console.log(`ctanh ${dtype}: bit-exact ${exact}/${z.length / 2}`);
      expect(bad).toEqual([]);
      // complex64 is glibc's ctanhf ported bit for bit: every value is torch's.
      if (single) expect(exact).toBe(z.length / 2);
    });
  }
});
