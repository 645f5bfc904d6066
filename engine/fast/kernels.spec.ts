// The fast kernels on both backends (WebAssembly SIMD and the TypeScript fallback) against plain
// double-precision references: gemm over odd shapes, strides and biases with a rounding-error bound
// (a wrong index or panel is off by O(1), far outside it); tanh and relu element by element.
import { describe, expect, it } from 'vitest';
import { ulpDistance } from '../../harness/compare/index.js';
import { Generator } from '../random.js';
import { Backend, wasmApi, wasmUsable } from './backend.js';
import { packB, packBias, paddedWidth } from './pack.js';
import { CONST_END, kernelModule, SHAPES, type Kind } from './wasm-kernels.js';

const SEED = Number(process.env.RANDOM_SEED ?? Date.now() % 2 ** 31);
console.log(`fast kernels: RANDOM_SEED=${SEED} (set RANDOM_SEED to replay)`);

const BACKENDS = ['wasm-simd', 'typescript'] as const;

/** A fresh backend, made inside the test (a spec must not call the engine while vitest collects it). */
function makeBackend(name: (typeof BACKENDS)[number]): Backend {
  // WebAssembly SIMD is in every Node this project supports: a missing one is a failure, not a skip
  expect(wasmUsable()).toBe(true);
  const be = name === 'wasm-simd' ? Backend.wasm() : Backend.typescript();
  expect(be.name).toBe(name);
  return be;
}

describe('the generated modules', () => {
  it('each stays under the 4 KB a page may compile synchronously on its main thread', () => {
    for (const k of ['f32', 'f64', 'c64'] as const) {
      const bytes = kernelModule(k);
      expect(wasmApi()?.validate(bytes), k).toBe(true);
      expect(bytes.length, k).toBeLessThanOrEqual(4096);
    }
  });
});

describe.each(BACKENDS)('gemm on %s', (name) => {
  it.each(['f32', 'f64', 'c64'] as const)('%s: C = A·Wᵀ + b over odd shapes, strides and row blocks, within the rounding bound', (kind: Kind) => {
    const be = makeBackend(name);
    const g = new Generator(SEED);
    const rnd = () => 2 * g.nextUnit53() - 1;
    const int = (lo: number, hi: number) => lo + Math.floor(g.nextUnit53() * (hi - lo + 1));
    const s = SHAPES[kind];
    const cplx = s.complex;
    const u = s.elt === 4 ? 2 ** -24 : 2 ** -53;
    const round = s.elt === 4 ? Math.fround : (x: number) => x;
    let cases = 0;
    const bad: string[] = [];
    for (let trial = 0; trial < 60; trial++) {
      const rows = trial < 4 ? trial : int(1, 23);
      const K = trial === 4 ? 1 : int(1, 37);
      const H = trial === 5 ? 1 : int(1, 29);
      const transposed = trial % 3 === 2; // A read with k-stride `rows` (A stored k-major: the backward's dS^T)
      const bias = trial % 2 === 0;
      const mc = int(1, 9);
      const Hp = paddedWidth(kind, H);
      const lanes = cplx ? 2 : 1;
      const a = Array.from({ length: rows * K * lanes }, () => round(rnd()));
      const w = Array.from({ length: H * K * lanes }, () => round(rnd()));
      const b = Array.from({ length: H * lanes }, () => round(rnd()));
      // byte layout: A planes (re, then im IM bytes on), B, bias, C planes
      const e = s.elt;
      const at = (n: number) => Math.ceil((n * e) / 16) * 16;
      const A = Math.ceil(CONST_END / 16) * 16;
      const IMa = at(rows * K);
      const B = A + 2 * IMa;
      const bb = B + at(Hp * K * lanes);
      const C = bb + at(2 * Hp);
      const IMc = at(rows * Hp);
      expect(be.reserve(C + 2 * IMc)).toBe(true);
      const m = e === 4 ? be.f32 : be.f64;
      const aIdx = (r: number, k: number) => (transposed ? k * rows + r : r * K + k);
      for (let r = 0; r < rows; r++) {
        for (let k = 0; k < K; k++) {
          m[A / e + aIdx(r, k)] = cplx ? a[2 * (r * K + k)] : a[r * K + k];
          if (cplx) m[(A + IMa) / e + aIdx(r, k)] = a[2 * (r * K + k) + 1];
        }
      }
      packB(m, B / e, kind, Float64Array.from(w), H, K, K, 1);
      packBias(m, bb / e, kind, Float64Array.from(b), H);
      const [lda, ak] = transposed ? [1, rows] : [K, 1];
      be.gemm(kind, A, lda, ak, rows, K, B, Hp, C, Hp, bias ? bb : 0, mc, IMa, IMc);
      for (let r = 0; r < rows; r++) {
        for (let j = 0; j < H; j++) {
          let [re, im, mag] = [0, 0, 0];
          for (let k = 0; k < K; k++) {
            if (!cplx) {
              re += a[r * K + k] * w[j * K + k];
              mag += Math.abs(a[r * K + k] * w[j * K + k]);
            } else {
              const [xr, xi, wr, wi] = [a[2 * (r * K + k)], a[2 * (r * K + k) + 1], w[2 * (j * K + k)], w[2 * (j * K + k) + 1]];
              re += xr * wr - xi * wi;
              im += xr * wi + xi * wr;
              mag += Math.abs(xr * wr) + Math.abs(xi * wi) + Math.abs(xr * wi) + Math.abs(xi * wr);
            }
          }
          if (bias) {
            re += b[lanes * j];
            im += cplx ? b[2 * j + 1] : 0;
            mag += Math.abs(b[lanes * j]) + (cplx ? Math.abs(b[2 * j + 1]) : 0);
          }
          const bound = (2 * K + 4) * u * mag;
          const where = `${kind} rows=${rows} K=${K} H=${H} transposed=${transposed} bias=${bias} mc=${mc} r=${r} j=${j}`;
          const [gr, gi] = [m[C / e + r * Hp + j], cplx ? m[(C + IMc) / e + r * Hp + j] : 0];
          if (!(Math.abs(gr - re) <= bound && Math.abs(gi - im) <= bound)) bad.push(`${where}: got ${gr}, ${gi}, want ${re}, ${im} (bound ${bound})`);
          cases++;
        }
      }
    }
    expect(bad.slice(0, 5), `${bad.length} of ${cases} elements outside the bound (RANDOM_SEED=${SEED})`).toEqual([]);
    expect(cases).toBeGreaterThan(1000);
  });
});

/** A number as text, −0 shown as -0 (String(-0) is '0'). */
const signed = (v: number): string => (Object.is(v, -0) ? '-0' : String(v));

// Inputs for tanh/relu: signed zeros, subnormals, the thresholds where tanh rounds to ±1, NaN, ±inf,
// then random values over many magnitudes.
function actInputs(f32: boolean, n: number, g: Generator): number[] {
  const round = f32 ? Math.fround : (x: number) => x;
  const fixed = [0, -0, NaN, Infinity, -Infinity, 1e-45, -1e-45, 2 ** -126, 5e-324, 2 ** -1022, 1e-8, 0.5, -0.5, 0.3466, 0.6931, 1, 9.01, 9.02, 19.06, 19.07, 20, 20.5, 44, 1e30, -1e30, 3.4e38];
  const out = fixed.map(round);
  while (out.length < n) {
    const mag = 2 ** (g.nextUnit53() * 40 - 34); // 2^-34 .. 2^6
    out.push(round((g.nextUnit53() < 0.5 ? -1 : 1) * mag * (1 + g.nextUnit53())));
  }
  return out.slice(0, n - (n % 8));
}

describe.each(BACKENDS)('tanh and relu on %s', (name) => {
  it.each(['f32', 'f64'] as const)('%s: tanh within 1 float32 / 4 float64 ulp of Math.tanh rounded (equal on NaN, ±0, ±1), relu as the exact path', (kind) => {
    const be = makeBackend(name);
    const f32 = kind === 'f32';
    const e = f32 ? 4 : 8;
    const xs = actInputs(f32, 20000, new Generator(SEED + 1));
    const n = xs.length;
    const C = Math.ceil(CONST_END / 16) * 16;
    const P = C + n * e;
    expect(be.reserve(P + n * e)).toBe(true);
    const m = f32 ? be.f32 : be.f64;
    let equal = 0;
    let worst = 0;
    const bad: string[] = [];
    for (const relu of [false, true]) {
      m.fill(-0, C / e, C / e + n); // −0 + x = x for every x, −0 included
      m.set(xs, P / e);
      be.act(kind, relu, C, P, n);
      for (let i = 0; i < n; i++) {
        const x = xs[i];
        const got = m[P / e + i];
        const want = relu ? (x >= 0 || Number.isNaN(x) ? x : 0) : f32 ? Math.fround(Math.tanh(x)) : Math.tanh(x);
        if (Object.is(got, want) || (Number.isNaN(got) && Number.isNaN(want))) {
          if (!relu) equal++;
          continue;
        }
        const d = ulpDistance(f32 ? 'float32' : 'float64', got, want);
        worst = Math.max(worst, d);
        const special = relu || Number.isNaN(want) || want === 0 || Math.abs(want) === 1;
        if (special || d > (f32 ? 1 : 4)) bad.push(`${relu ? 'relu' : 'tanh'}(${signed(x)}) = ${signed(got)}, want ${signed(want)} (${d} ulp)`);
      }
    }
    expect(bad.slice(0, 5), `${bad.length} wrong (RANDOM_SEED=${SEED})`).toEqual([]);
    console.log(`fast tanh ${kind} on ${be.name}: ${equal}/${n} equal to Math.tanh${f32 ? ' rounded' : ''}, worst ${worst} ulp`);
  });
});
