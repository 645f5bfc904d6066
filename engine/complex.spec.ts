// ctanh against torch.tanh on complex64/complex128, including huge |re| (where the naive formula
// gives NaN), poles, zeros, infinities and NaN. Values travel as Python float reprs (exact).
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { PYTHON } from '../test/live-torch.js';
import { ctanh } from './complex.js';

const SCRIPT = String.raw`
import torch, numpy as np, json
rng = np.random.default_rng(0)
re = np.concatenate([rng.uniform(-5,5,2000), rng.uniform(-100,100,300), rng.uniform(-1000,1000,100), [0, -0.0, 1e-30, 20, 44.5, 300, 354.5, 400, 800, -800, 1e30, np.inf, -np.inf, np.nan, 0, np.inf, 5, np.nan, 1, -1, 0, 2]])
im = np.concatenate([rng.uniform(-5,5,2000), rng.uniform(-100,100,300), rng.uniform(-3,3,100), [1.5707963, 2, 1e-30, 3, 1e10, 0, 2, 1e-300, 0, 2, 1, 3, np.inf, np.nan, 0, np.inf, np.inf, np.nan, np.inf, 0, np.nan, 0]])
out = {}
for name, dt in [('complex64', torch.complex64), ('complex128', torch.complex128)]:
    z = torch.complex(torch.tensor(re), torch.tensor(im)).to(dt)
    t = torch.tanh(z)
    out[name] = {'z': [repr(x) for x in torch.view_as_real(z).double().flatten().tolist()], 't': [repr(x) for x in torch.view_as_real(t).double().flatten().tolist()]}
print(json.dumps(out))
`;

const num = (s: string): number => (s === 'nan' ? NaN : s === 'inf' ? Infinity : s === '-inf' ? -Infinity : Number(s));

describe('ctanh vs torch.tanh (live)', () => {
  const data = JSON.parse(execFileSync(PYTHON, ['-c', SCRIPT], { encoding: 'utf8', maxBuffer: 1 << 28 })) as Record<string, { z: string[]; t: string[] }>;
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
