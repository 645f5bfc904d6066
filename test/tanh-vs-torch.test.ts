// complex64 tanh bit for bit against torch.tanh (glibc's ctanhf underneath), on random values of
// every scale: uniform in ±1, ±5, ±30, ±120, ±1000, random float32 bit patterns (subnormals,
// huge, inf, NaN), and the edges of ctanhf's branches (|re| = 22, 44, 88, im near poles).
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ctanh } from '../engine/complex.js';
import { PYTHON } from './live-torch.js';

const SEED = Number(process.env.TANH_SEED ?? Math.floor(Math.random() * 2 ** 31));
const N = 400_000;

const SCRIPT = String.raw`
import sys, torch, numpy as np
seed, n = int(sys.argv[1]), int(sys.argv[2])
rng = np.random.default_rng(seed)
def part(k):
    kind = rng.integers(0, 8, k)
    bits = rng.integers(0, 2**32, k, dtype=np.uint64).astype(np.uint32).view(np.float32)
    scale = np.array([1, 5, 30, 120, 1000, 1, 1, 1], np.float32)[kind]
    v = (rng.uniform(-1, 1, k) * scale).astype(np.float32)
    edges = np.array([0, -0.0, 22, -22, 44, -44, 44.00001, 88, 88.7, 89, 1e-39, 1.1754944e-38, 1.5707964, -1.5707964, 3.1415927, 120, 1e30,
                      np.inf, -np.inf, np.nan, 0.34657, 0.34658, 9.01, 1e-5, 3e-4], np.float32)
    v = np.where(kind == 5, bits, v)
    v = np.where(kind == 6, edges[rng.integers(0, len(edges), k)], v)
    v = np.where(kind == 7, v * np.float32(20) + rng.choice(np.array([-1, 1], np.float32), k) * edges[rng.integers(2, 10, k)], v)
    return v.astype(np.float32)
z = torch.complex(torch.from_numpy(part(n)), torch.from_numpy(part(n)))
t = torch.tanh(z)
sys.stdout.buffer.write(torch.view_as_real(z).numpy().tobytes() + torch.view_as_real(t).numpy().tobytes())
`;

describe(`complex64 tanh vs torch.tanh (live, seed ${SEED}: rerun with TANH_SEED=${SEED})`, () => {
  it(`${N} values bit for bit`, () => {
    const buf = execFileSync(PYTHON, ['-c', SCRIPT, String(SEED), String(N)], { maxBuffer: 1 << 28 });
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
