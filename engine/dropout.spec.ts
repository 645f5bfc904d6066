// dropout_'s draw accounting and edge cases. Masks and values are checked bit for bit against live
// torch.nn.functional.dropout in test/random-vs-torch.test.ts; here: how many draws each case consumes.
import { describe, expect, it } from 'vitest';
import { dropout_ } from './dropout.js';
import { Generator } from './mt19937.js';
import { tensor, zeros } from './tensor.js';

/** How many u32 words gen consumed since `before` (a clone taken earlier), searching up to 10000. */
function wordsUsed(before: Generator, gen: Generator): number {
  const next = gen.clone().nextU32();
  for (let n = 0; n < 10_000; n++) if (before.nextU32() === next) return n;
  throw new Error('generator moved more than 10000 words');
}

describe('dropout_', () => {
  it('p = 1 is x * 0 (torch 2.13: F.dropout(x, 1.0, training=True)): signed zeros, NaN for NaN and inf; complex (a + bi)(0 + 0i)', () => {
    const t = tensor('float32', [6], [-3, -5, 2, NaN, Infinity, -0.25]);
    dropout_(t, 1, new Generator(1));
    expect(Array.from(t.data)).toEqual([-0, -0, 0, NaN, NaN, -0]);
    const c = tensor('complex64', [4], [-1, -1, 1, -2, -2, 3, 0.5, 0.5]);
    dropout_(c, 1, new Generator(1));
    expect(Array.from(c.data)).toEqual([0, -0, 0, 0, -0, 0, 0, 0]);
  });

  it('an empty complex tensor returns at once, as torch does (no bernoulli_ refusal)', () => {
    expect(() => dropout_(zeros('complex64', [0]), 0.5, new Generator(1))).not.toThrow();
  });
  it('0 < p < 1 draws one random64 (two words) per element, in row-major order', () => {
    const gen = new Generator(5);
    const before = gen.clone();
    const t = tensor('float32', [3, 4], Array.from({ length: 12 }, (_, i) => i + 1));
    dropout_(t, 0.5, gen);
    expect(wordsUsed(before, gen)).toBe(24);
    // element i is kept iff its own draw is below 1 - p, and kept values are scaled by 1 / (1 - p)
    const replay = new Generator(5);
    t.data.forEach((v, i) => expect(v).toBe(replay.nextUnit53() < 0.5 ? (i + 1) * 2 : 0));
  });

  it('p = 0, p = 1 and empty tensors draw nothing; p = 1 multiplies by zero', () => {
    for (const p of [0, 1]) {
      const gen = new Generator(5);
      const before = gen.clone();
      const t = tensor('float64', [4], [NaN, Infinity, -2, 3]);
      dropout_(t, p, gen);
      expect(wordsUsed(before, gen)).toBe(0);
      expect(Array.from(t.data)).toEqual(p === 0 ? [NaN, Infinity, -2, 3] : [NaN, NaN, -0, 0]);
    }
    const gen = new Generator(5);
    const before = gen.clone();
    dropout_(zeros('float32', [0, 3]), 0.5, gen);
    expect(wordsUsed(before, gen)).toBe(0);
  });

  it('complex: 0 < p < 1 refuses before drawing, as torch does; p = 1 is (re + im i) * 0', () => {
    const gen = new Generator(5);
    const before = gen.clone();
    expect(() => dropout_(zeros('complex64', [2]), 0.5, gen)).toThrow(`"bernoulli_scalar_cpu_" not implemented for 'ComplexFloat'`);
    expect(() => dropout_(zeros('complex128', [2]), 0.5, gen)).toThrow(`"bernoulli_scalar_cpu_" not implemented for 'ComplexDouble'`);
    expect(wordsUsed(before, gen)).toBe(0);
    const t = tensor('complex128', [2], [1, -2, Infinity, 0]);
    dropout_(t, 1, gen);
    expect(Array.from(t.data)).toEqual([0, 0, NaN, NaN]); // re = 1*0 - (-2)*0 = +0, im = 1*0 + (-2)*0 = +0
  });

  // Printed by torch 2.13 (Python 3.11, .venv): u = torch.empty(1, dtype=torch.float64).uniform_(
  // generator=torch.Generator().manual_seed(2)).item() (the first random64's 53 bits); p = 1 - u;
  // torch.manual_seed(2); x = torch.tensor([1., 2., 3., 4.], dtype=dt, requires_grad=True);
  // y = F.dropout(x, p, training=True); y.sum().backward(); print(y.tolist(), x.grad.tolist()).
  // The first draw equals q = 1 - p exactly: bernoulli_ keeps a draw only when it is below q.
  it('a draw equal to 1 - p drops its element, in the values and in the factors (torch 2.13, seed 2)', () => {
    const p = 0.08243933435340811;
    expect(new Generator(2).nextUnit53()).toBe(1 - p);
    const cases = [
      ['float64', [0.0, 2.179692389702242, 3.2695385845533633, 4.359384779404484], 1.089846194851121],
      ['float32', [0.0, 2.179692506790161, 3.26953887939453125 /* torch: 3.2695388793945312, the same double */, 4.359385013580322], 1.0898462533950806],
      ['float16', [0.0, 2.1796875, 3.26953125, 4.359375], 1.08984375],
      ['bfloat16', [0.0, 2.1875, 3.28125, 4.375], 1.09375],
    ] as const;
    for (const [dtype, values, factor] of cases) {
      const t = tensor(dtype, [4], [1, 2, 3, 4]);
      const noise = dtype === 'float64' ? new Float64Array(4) : new Float32Array(4);
      dropout_(t, p, new Generator(2), noise);
      expect(Array.from(t.data), dtype).toEqual(values);
      expect(Array.from(noise), dtype).toEqual([0, factor, factor, factor]);
    }
  });

  it('refuses p outside [0, 1] with torch words', () => {
    expect(() => dropout_(zeros('float32', [2]), 1.5, new Generator())).toThrow('dropout probability has to be between 0 and 1, but got 1.5');
    expect(() => dropout_(zeros('float32', [2]), -0.5, new Generator())).toThrow('dropout probability has to be between 0 and 1, but got -0.5');
  });
});
