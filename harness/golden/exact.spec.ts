// The exactness ratchet: an engine that is off by one ULP in a single element stays inside every
// tolerance (golden check without the ratchet passes it) and still fails golden check, which names the
// fixture, tensor, element and ULP distance, for float16, bfloat16 and complex64 alike, and for a
// gradient (grad.<name>) as for output and h_n.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DType } from '../../engine/dtype.js';
import { bf16Bits, bf16FromBits, f16Bits, f16FromBits } from '../../engine/half.js';
import { isPackedSequence } from '../../engine/packed.js';
import type { Tensor } from '../../engine/tensor.js';
import { realEngine, type EngineFactory } from '../engines/engine-side.js';
import { repoRoot } from '../sidecar/paths.js';
import { checkGolden, measureExact } from './check.js';
import { firstInexact, readExact } from './exact.js';

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
/** The next value of the dtype away from zero: one ULP. */
function nextUp(d: DType, x: number): number {
  if (d === 'float16') return f16FromBits(f16Bits(x) + 1);
  if (d === 'bfloat16') return bf16FromBits(bf16Bits(x) + 1);
  f32[0] = x;
  u32[0] = (u32[0] as number) + 1;
  return f32[0];
}

/** The real engine, but the first finite element of `output` one ULP off in dtype d. */
function oneUlpOff(d: DType): EngineFactory {
  return (cfg, gen) => {
    const rnn = realEngine(cfg, gen);
    const forward = rnn.forward.bind(rnn);
    rnn.forward = ((x: Tensor, hx?: Tensor | null, o?: object) => {
      const [out, hN] = forward(x, hx, o);
      if (isPackedSequence(out) || out.dtype !== d) return [out, hN];
      const data = out.data.slice();
      const i = data.findIndex((v) => Number.isFinite(v));
      if (i >= 0) data[i] = nextUp(d, data[i] as number);
      return [{ ...out, data }, hN];
    }) as typeof rnn.forward;
    return rnn;
  };
}

/** The real engine, but the first finite element of the gradient `grad` one ULP off in dtype d. */
function gradOneUlpOff(d: DType, grad: string, bump = (x: number) => nextUp(d, x)): EngineFactory {
  return (cfg, gen) => {
    const rnn = realEngine(cfg, gen);
    const tape = rnn.tape.bind(rnn);
    rnn.tape = ((...args: Parameters<typeof rnn.tape>) => {
      const t = tape(...args);
      const backward = t.backward.bind(t);
      t.backward = ((...b: Parameters<typeof t.backward>) => {
        const g = backward(...b);
        const w = g[grad];
        if (!w || w.dtype !== d) return g;
        const data = w.data.slice();
        const i = data.findIndex((v) => Number.isFinite(v) && v !== 0);
        if (i >= 0) data[i] = bump(data[i] as number);
        return { ...g, [grad]: { ...w, data } };
      }) as typeof t.backward;
      return t;
    }) as typeof rnn.tape;
    return rnn;
  };
}

describe('the exactness ratchet', () => {
  const dir = join(repoRoot(), 'golden');

  it('golden/exact.json is what the engine gives today (golden ratchet was run)', () => {
    expect(measureExact(dir).map).toEqual(readExact(dir));
  });

  for (const d of ['float16', 'bfloat16', 'complex64'] as const) {
    it(`one ULP off in ${d}: inside tolerance, yet golden check fails naming fixture, tensor, element and ULPs`, () => {
      const engine = oneUlpOff(d);
      expect(checkGolden(dir, { engine, exact: {} }).failed).toBe(0); // tolerance alone lets it through
      const r = checkGolden(dir, { engine });
      const failed = r.verdicts.filter((v) => v.status === 'failed');
      expect(failed.length).toBeGreaterThan(0);
      for (const v of failed) expect(v.message).toMatch(/^lost bit-exactness \(exact\.json records \S+ output as bit-identical to torch\): element \[[\d, ]+\]: engine \S+ vs torch \S+, 1 ULP \((float16|bfloat16|complex64);/);
      expect(failed.every((v) => readExact(dir)[v.name]?.output === true)).toBe(true);
    });
  }

  it('one ULP off in a float16 gradient (grad.weight_hh_l0): inside tolerance, yet golden check fails naming it', () => {
    const engine = gradOneUlpOff('float16', 'weight_hh_l0');
    expect(checkGolden(dir, { engine, exact: {} }).failed).toBe(0);
    const failed = checkGolden(dir, { engine }).verdicts.filter((v) => v.status === 'failed');
    expect(failed.map((v) => v.name)).toEqual(expect.arrayContaining(['grad-float16-basic', 'grad-float16-bi-l2-hx']));
    for (const v of failed) expect(v.message).toMatch(/^lost bit-exactness \(exact\.json records \S+ grad\.weight_hh_l0 as bit-identical to torch\): element \[\d+, \d+\]: engine \S+ vs torch \S+, 1 ULP \(float16;/);
  });

  it('a float16 gradient left unrounded (not a float16 value) is named as a missed rounding, not as 0 ULP', () => {
    const engine = gradOneUlpOff('float16', 'weight_hh_l0', (x) => x * (1 + 2 ** -14));
    const failed = checkGolden(dir, { engine }).verdicts.filter((v) => v.status === 'failed');
    expect(failed.length).toBeGreaterThan(0);
    for (const v of failed) expect(v.message).toMatch(/grad\.weight_hh_l0 .*under 1 ULP: the engine's value is not a float16 value \(a missed rounding\) \(float16;/);
  });

  it('firstInexact names the element (complex: real 0 / imaginary 1 last) and its ULPs', () => {
    const a: Tensor = { dtype: 'complex64', shape: [2, 1], data: new Float32Array([1, 2, 3, 4]) };
    const b: Tensor = { dtype: 'complex64', shape: [2, 1], data: new Float32Array([1, 2, 3, nextUp('complex64', 4)]) };
    expect(firstInexact(a, b)).toEqual({ index: [1, 0, 1], engine: 4, torch: nextUp('complex64', 4), ulp: 1 });
    expect(firstInexact(a, a)).toBeNull();
  });
});
