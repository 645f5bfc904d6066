// float32 x·Wᵀ (+ b) against torch 2.13 (MKL sgemm): F.linear (addmm) and mm on contiguous inputs,
// every shape rows 1..24 × K (1..16, 20, 31, 33) × H 1..16 whose summation path engine/kernels/sgemm.ts
// knows (not yet: rows = 1 with H >= 4, H = 1 with rows >= 4, K >= 32 with H <= 3).
// Those paths are MKL's on an AVX-512 CPU: there the engine must equal torch bit for bit. On another
// CPU capability (AVX2: other kernels, other summation orders) the engine cannot be bit-exact; what
// holds there is that both are float32 sums of the same products: each within K·u·Σ|x·w| of the exact
// sum (u = 2^-24; K+1 terms with the bias), so they differ by at most twice that. A wrong or missing
// term breaks that bound. (The comparator's float32 tolerance is made for RNN outputs, not for sums
// scaled by up to 2^16 with cancellation: two honest orders exceed it on ~8% of these shapes.)
import { expect, it } from 'vitest';
import { biasFused, sgemmF32 } from '../engine/kernels/sgemm.js';
import { runTool } from './python-tools.js';

const SEED = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
console.log(`float32-bits: seed ${SEED} (reproduce with FC_SEED=${SEED})`);

/** torch's CPU capability here (the test fails below when torch cannot be run). */
const capability = (() => {
  try {
    return runTool('capability.py').toString('utf8').trim();
  } catch (e) {
    return `unknown (${(e as Error).message.trim().split('\n').at(-1)})`;
  }
})();
const EXACT = capability === 'AVX512';

const KS = [...Array.from({ length: 16 }, (_, i) => i + 1), 20, 31, 33];
const known = (rows: number, K: number, H: number): boolean =>
  !(rows === 1 && H >= 4) && !(H === 1 && rows >= 4) && !(K >= 32 && H <= 3);

// One blob per shape (python/testing/linear_float32.py): x, W, b, linear(x, W, b), mm(x, Wᵀ); normal
// values times a random power of 2.
const U = 2 ** -24;

const property = EXACT
  ? 'equal torch bit for bit on every known-path shape (torch on AVX512: the MKL paths the engine reproduces)'
  : `are within two float32 summations' error bound of torch on every known-path shape, bit-exact fraction printed (torch's CPU capability ${capability}: MKL sums in other orders than the AVX512 paths the engine reproduces)`;

it(`float32 linear and mm ${property}`, () => {
  const shapes: [number, number, number][] = [];
  for (let m = 1; m <= 24; m++) for (const k of KS) for (let h = 1; h <= 16; h++) if (known(m, k, h)) shapes.push([m, k, h]);
  const out = runTool('linear_float32.py', [], JSON.stringify([SEED, shapes]));
  const all = new Float32Array(out.buffer, out.byteOffset, out.byteLength / 4);
  const bad: string[] = [];
  let o = 0;
  let checked = 0;
  let exact = 0;
  let worst = 0; // greatest |engine - torch| / bound
  for (const [m, k, h] of shapes) {
    const take = (n: number): Float32Array => all.subarray(o, (o += n));
    const x = take(m * k), w = take(h * k), b = take(h), lin = take(m * h), mm = take(m * h);
    const p = new Float32Array(m * h);
    sgemmF32(x, 0, m, k, w, h, p, 0);
    let shapeBad: string | null = null;
    for (let i = 0; i < m * h; i++) {
      const row = Math.floor(i / h);
      const j = i % h;
      const withBias = biasFused(m, k, h) ? Math.fround((b[j] as number) + (x[row] as number) * (w[j] as number)) : Math.fround((p[i] as number) + (b[j] as number));
      exact += (Object.is(withBias, lin[i]) ? 1 : 0) + (Object.is(p[i], mm[i]) ? 1 : 0);
      if (EXACT) {
        if (!Object.is(withBias, lin[i]) || !Object.is(p[i], mm[i])) shapeBad ??= `[${i}]: engine ${withBias}/${p[i]}, torch ${lin[i]}/${mm[i]}`;
        continue;
      }
      let sum = 0; // Σ|x·w| in double: every float32 product is exact there
      for (let q = 0; q < k; q++) sum += Math.abs((x[row * k + q] as number) * (w[j * k + q] as number));
      for (const [got, want, bound] of [
        [p[i], mm[i], 2 * k * U * sum],
        [withBias, lin[i], 2 * (k + 1) * U * (sum + Math.abs(b[j] as number))],
      ] as [number, number, number][]) {
        const d = Math.abs(got - want);
        if (d === 0) continue;
        worst = Math.max(worst, d / bound);
        if (!(d <= bound)) shapeBad ??= `[${i}]: engine ${got}, torch ${want}: |difference| ${d} > ${bound} (2·${k}·u·Σ|x·w|)`;
      }
    }
    if (shapeBad) bad.push(`rows ${m} K ${k} H ${h} ${shapeBad}`);
    checked += 2 * m * h;
  }
  const fraction = `${exact}/${checked} results bit-exact (${((100 * exact) / checked).toFixed(1)}%)`;
  console.log(`float32-bits (torch ${capability}): ${shapes.length} shapes, ${fraction}, ${bad.length} shapes ${EXACT ? 'differ' : `beyond the bound; worst difference ${worst.toFixed(3)} of the bound`}`);
  expect(bad.slice(0, 20)).toEqual([]);
}, 120_000);
