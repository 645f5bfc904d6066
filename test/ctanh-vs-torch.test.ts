// ctanh against torch.tanh on complex64/complex128, including huge |re| (where the naive formula
// gives NaN), poles, zeros, infinities and NaN (python/testing/ctanh.py). Values travel as Python float
// reprs (exact).
import { describe, expect, it } from 'vitest';
import { ctanhDisagreement } from './ctanh-agree.js';
import { runToolJson } from './python-tools.js';


const num = (s: string): number => (s === 'nan' ? NaN : s === 'inf' ? Infinity : s === '-inf' ? -Infinity : Number(s));

describe('ctanh vs torch.tanh (live)', () => {
  const data = runToolJson<Record<string, { z: string[]; t: string[] }>>('ctanh.py');
  for (const [dtype, { z, t }] of Object.entries(data)) {
    const single = dtype === 'complex64';
    it(`${dtype}: ${single ? 'bit for bit' : 'NaN positions equal, values within assert_close tolerance'}`, () => {
      let exact = 0;
      const bad: string[] = [];
      for (let i = 0; i < z.length; i += 2) {
        const r = ctanhDisagreement(single, num(z[i]), num(z[i + 1]), num(t[i]), num(t[i + 1]));
        if (r.exact) exact++;
        if (r.message) bad.push(r.message);
      }
      console.log(`ctanh ${dtype}: bit-exact ${exact}/${z.length / 2}`);
      expect(bad).toEqual([]);
    });
  }
});
