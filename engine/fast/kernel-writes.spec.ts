// What each fast kernel writes, on both backends: gemm exactly its rows × Hp block of C (row stride
// ldc, the imaginary plane cIm bytes on), act exactly P[0, n); every other slot keeps its sentinel.
// With ldc > Hp the gap after each row is visible (direction.ts's layouts hide a stray column or row
// under a buffer written later), and a wide gemm without a bias reads nothing in place of one.
import { describe, expect, it } from 'vitest';
import { Generator } from '../random.js';
import { Backend, wasmUsable } from './backend.js';
import { packB, packBias, paddedWidth } from './pack.js';
import { CONST_END, panelWidth, SHAPES, type Kind } from './wasm-kernels.js';

const SEED = Number(process.env.RANDOM_SEED ?? Date.now() % 2 ** 31);
console.log(`fast kernel writes: RANDOM_SEED=${SEED} (set RANDOM_SEED to replay)`);

const BACKENDS = ['wasm-simd', 'typescript'] as const;
const SENTINEL = 12345.5; // exact in float32 and far from any product sum here

function makeBackend(name: (typeof BACKENDS)[number]): Backend {
  expect(wasmUsable()).toBe(true); // WebAssembly SIMD is in every Node this project supports
  const be = name === 'wasm-simd' ? Backend.wasm() : Backend.typescript();
  expect(be.name).toBe(name);
  return be;
}

describe.each(BACKENDS)('kernel writes on %s', (name) => {
  it.each(['f32', 'f64', 'c64'] as const)('%s: gemm writes its rows × Hp block of C and nothing around it, with or without a bias, narrow or wide', (kind: Kind) => {
    const be = makeBackend(name);
    const g = new Generator(SEED);
    const rnd = () => 2 * g.nextUnit53() - 1;
    const { elt: e, complex: cplx } = SHAPES[kind];
    const round = e === 4 ? Math.fround : (x: number) => x;
    const u = e === 4 ? 2 ** -24 : 2 ** -53;
    const lanes = cplx ? 2 : 1;
    const bad: string[] = [];
    // [rows, K, H, bias]: H past 44 floats / 22 doubles, so a bias read from offset 0 (the kernels'
    // constants, zero in the TypeScript memory) would reach A's values
    const cases: [number, number, number, boolean][] = [[3, 5, 7, true], [5, 4, 13, false], [2, 3, 45, false], [4, 2, 50, true], [1, 1, 1, false]];
    for (const [rows, K, H, bias] of cases) {
      const Hp = paddedWidth(kind, H);
      const ldc = Hp + panelWidth(kind); // a gap of one panel after each row
      const a = Array.from({ length: rows * K * lanes }, () => round(rnd()));
      const w = Array.from({ length: H * K * lanes }, () => round(rnd()));
      const b = Array.from({ length: H * lanes }, () => round(rnd()));
      const at = (n: number) => Math.ceil((n * e) / 16) * 16;
      const A = Math.ceil(CONST_END / 16) * 16;
      const IMa = at(rows * K);
      const B = A + 2 * IMa;
      const bb = B + at(Hp * K * lanes);
      const C = bb + at(2 * Hp) + 64; // 64 bytes of sentinels before C
      const IMc = at(rows * ldc) + 64; // and between C's planes
      const end = C + (cplx ? 2 : 1) * IMc + 64; // and after
      expect(be.reserve(end)).toBe(true);
      const m = e === 4 ? be.f32 : be.f64;
      m.fill(0, A / e, end / e);
      for (let i = 0; i < rows * K; i++) {
        m[A / e + i] = a[lanes * i];
        if (cplx) m[(A + IMa) / e + i] = a[2 * i + 1];
      }
      packB(m, B / e, kind, Float64Array.from(w), H, K, K, 1);
      packBias(m, bb / e, kind, Float64Array.from(b), H);
      const first = C / e - 64 / e;
      m.fill(SENTINEL, first, end / e);
      be.gemm(kind, A, K, 1, rows, K, B, Hp, C, ldc, bias ? bb : 0, 4, IMa, IMc);
      const where = `${kind} rows=${rows} K=${K} H=${H} bias=${bias}`;
      for (let i = first; i < end / e; i++) {
        const plane = cplx && i >= (C + IMc) / e ? 1 : 0;
        const rel = i - (C + plane * IMc) / e;
        const [r, j] = [Math.floor(rel / ldc), rel - Math.floor(rel / ldc) * ldc];
        const inBlock = rel >= 0 && r < rows && j < Hp;
        if (!inBlock) {
          if (m[i] !== SENTINEL) bad.push(`${where}: element ${rel} of plane ${plane} (row ${r}, column ${j}) outside the block written: ${m[i]}`);
          continue;
        }
        // columns past H are padding (zero weights): their value is the bias's padding or 0
        let [re, im, mag] = [0, 0, 0];
        for (let k = 0; k < K && j < H; k++) {
          const [xr, xi, wr, wi] = [a[lanes * (r * K + k)], cplx ? a[2 * (r * K + k) + 1] : 0, w[lanes * (j * K + k)], cplx ? w[2 * (j * K + k) + 1] : 0];
          re += xr * wr - xi * wi;
          im += xr * wi + xi * wr;
          mag += Math.abs(xr * wr) + Math.abs(xi * wi) + Math.abs(xr * wi) + Math.abs(xi * wr);
        }
        if (bias && j < H) {
          re += b[lanes * j];
          im += cplx ? b[2 * j + 1] : 0;
          mag += Math.abs(b[lanes * j]) + (cplx ? Math.abs(b[2 * j + 1]) : 0);
        }
        const want = plane ? im : re;
        if (!(Math.abs(m[i] - want) <= (2 * K + 4) * u * mag)) bad.push(`${where}: C[${r}, ${j}] plane ${plane} = ${m[i]}, want ${want}`);
      }
    }
    expect(bad.slice(0, 5), `${bad.length} wrong (RANDOM_SEED=${SEED})`).toEqual([]);
  });

  it.each(['f32', 'f64'] as const)('%s: tanh and relu write P[0, n) and nothing after it or in C', (kind) => {
    const be = makeBackend(name);
    const g = new Generator(SEED + 1);
    const e = kind === 'f32' ? 4 : 8;
    const round = e === 4 ? Math.fround : (x: number) => x;
    const n = 24;
    const C = Math.ceil(CONST_END / 16) * 16;
    const P = C + n * e + 64;
    const end = P + n * e + 64;
    expect(be.reserve(end)).toBe(true);
    const m = kind === 'f32' ? be.f32 : be.f64;
    const bad: string[] = [];
    for (const relu of [false, true]) {
      const c = Array.from({ length: n }, () => round(2 * g.nextUnit53() - 1));
      const p = Array.from({ length: n }, () => round(2 * g.nextUnit53() - 1));
      m.fill(SENTINEL, C / e, end / e);
      m.set(c, C / e);
      m.set(p, P / e);
      be.act(kind, relu, C, P, n);
      for (let i = C / e; i < end / e; i++) {
        const inP = i >= P / e && i < P / e + n;
        const inC = i >= C / e && i < C / e + n;
        if (inP) {
          const s = round(c[i - P / e] + p[i - P / e]);
          const want = round(relu ? Math.max(s, 0) : Math.tanh(s));
          if (!(Math.abs(m[i] - want) <= 4 * (e === 4 ? 2 ** -24 : 2 ** -53))) bad.push(`${kind} relu=${relu}: P[${i - P / e}] = ${m[i]}, want ${want}`);
        } else if (m[i] !== (inC ? c[i - C / e] : SENTINEL)) bad.push(`${kind} relu=${relu}: element ${i} outside P written: ${m[i]}`);
      }
    }
    expect(bad.slice(0, 5), `RANDOM_SEED=${SEED}`).toEqual([]);
  });
});
