// complex64 tanh bit for bit against torch.tanh (glibc's ctanhf underneath), on random values of
// every scale: uniform in ±1, ±5, ±30, ±120, ±1000, random float32 bit patterns (subnormals,
// huge, inf, NaN), and the edges of ctanhf's branches (|re| = 22, 44, 88, im near poles);
// torch's side is python/testing/tanh_complex64.py.
import { describe, expect, it } from 'vitest';
import { ctanh } from '../engine/complex.js';
import { runTool } from './python-tools.js';

const SEED = Number(process.env.TANH_SEED ?? Math.floor(Math.random() * 2 ** 31));
const N = 400_000;

describe(`complex64 tanh vs torch.tanh (live, seed ${SEED}: rerun with TANH_SEED=${SEED})`, () => {
  it(`${N} values bit for bit`, () => {
    const buf = runTool('tanh_complex64.py', [String(SEED), String(N)]);
    const all = new Float32Array(buf.buffer, buf.byteOffset, buf.length / 4);
    const z = all.subarray(0, 2 * N);
    const t = all.subarray(2 * N);
    const bits = new Uint32Array(t.buffer, t.byteOffset, t.length);
    const out = new Float32Array(2);
    const outBits = new Uint32Array(out.buffer);
    const bad: string[] = [];
    const t0 = performance.now();
    for (let i = 0; i < 2 * N; i += 2) {
      ctanh(z[i], z[i + 1], out, 0, true);
      const same = (k: number): boolean => outBits[k] === bits[i + k] || (Number.isNaN(out[k]) && Number.isNaN(t[i + k]));
      if (!(same(0) && same(1)) && bad.length < 20) bad.push(`tanh(${z[i]} + ${z[i + 1]}i): engine ${out[0]} + ${out[1]}i, torch ${t[i]} + ${t[i + 1]}i`);
    }
    console.log(`complex64 tanh seed ${SEED}: ${N - bad.length}/${N} bit-exact, ${(((performance.now() - t0) / N) * 1e6).toFixed(0)} ns a value`);
    expect(bad).toEqual([]);
  }, 120_000);
});
