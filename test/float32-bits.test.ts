// float32 x·Wᵀ (+ b) bit for bit against torch 2.13 (MKL sgemm): F.linear (addmm) and mm on
// contiguous inputs, every shape rows 1..24 × K (1..16, 20, 31, 33) × H 1..16 whose summation path
// engine/kernels/sgemm.ts knows (not yet: rows = 1 with H >= 4, H = 1 with rows >= 4, K >= 32 with H <= 3).
import { spawnSync } from 'node:child_process';
import { expect, it } from 'vitest';
import { biasFused, sgemmF32 } from '../engine/kernels/sgemm.js';
import { PYTHON } from './live-torch.js';

const SEED = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
console.log(`float32-bits: seed ${SEED} (reproduce with FC_SEED=${SEED})`);

const KS = [...Array.from({ length: 16 }, (_, i) => i + 1), 20, 31, 33];
const known = (rows: number, K: number, H: number): boolean =>
  !(rows === 1 && H >= 4) && !(H === 1 && rows >= 4) && !(K >= 32 && H <= 3);

// One blob per shape: x, W, b, linear(x, W, b), mm(x, Wᵀ); normal values times a random power of 2.
const SCRIPT = String.raw`
import sys, json, torch
seed, shapes = json.loads(sys.stdin.read())
torch.manual_seed(seed)
torch.set_num_threads(1)
out = bytearray()
for m, k, h in shapes:
    s = 2.0 ** torch.randint(-8, 9, (3,))
    x = torch.randn(m, k) * s[0]; w = torch.randn(h, k) * s[1]; b = torch.randn(h) * s[2]
    for t in (x, w, b, torch.nn.functional.linear(x, w, b), torch.mm(x, w.t())):
        out += t.contiguous().numpy().tobytes()
sys.stdout.buffer.write(out)
`;

it('float32 linear and mm equal torch bit for bit on every known-path shape', () => {
  const shapes: [number, number, number][] = [];
  for (let m = 1; m <= 24; m++) for (const k of KS) for (let h = 1; h <= 16; h++) if (known(m, k, h)) shapes.push([m, k, h]);
  const r = spawnSync(PYTHON, ['-c', SCRIPT], { input: JSON.stringify([SEED, shapes]), maxBuffer: 1 << 30 });
  expect(r.status, String(r.stderr)).toBe(0);
  const all = new Float32Array(r.stdout.buffer, r.stdout.byteOffset, r.stdout.byteLength / 4);
  const bad: string[] = [];
  let o = 0;
  let checked = 0;
  for (const [m, k, h] of shapes) {
    const take = (n: number): Float32Array => all.subarray(o, (o += n));
    const x = take(m * k), w = take(h * k), b = take(h), lin = take(m * h), mm = take(m * h);
    const p = new Float32Array(m * h);
    sgemmF32(x, 0, m, k, w, h, p, 0);
    for (let i = 0; i < m * h; i++) {
      const j = i % h;
      const withBias = biasFused(m, k, h) ? Math.fround(b[j] + x[Math.floor(i / h)] * w[j]) : Math.fround(p[i] + b[j]);
      if (!Object.is(withBias, lin[i]) || !Object.is(p[i], mm[i])) {
        bad.push(`rows ${m} K ${k} H ${h} [${i}]: engine ${withBias}/${p[i]}, torch ${lin[i]}/${mm[i]}`);
        break;
      }
    }
    checked += 2 * m * h;
  }
  console.log(`float32-bits: ${shapes.length} shapes, ${checked} results, ${bad.length} shapes differ`);
  expect(bad).toEqual([]);
}, 120_000);
