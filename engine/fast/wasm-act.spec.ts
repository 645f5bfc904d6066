// wasm-kernels.ts computes tanh's constants (1/k!, the data segment) when it loads. A throw there fails
// the collection of every spec that imports it statically, and Stryker's vitest runner counts a file that
// fails to collect as no failed test (docs/mutation-testing.md, the collection rule). This file therefore
// imports the kernels only inside its test, where a load that throws (or never ends) is a failure, and runs
// the modules' tanh and relu on a few values, with kernels.spec's bounds (1 float32 / 4 float64 ulp from
// Math.tanh rounded, equal on NaN, ±0, ±1; relu as the exact path's `s >= 0 || isNaN(s) ? s : 0`, −0 kept).
import { describe, expect, it } from 'vitest';
import { ulpDistance } from '../../harness/compare/index.js';

const XS = [0, -0, NaN, Infinity, -Infinity, 1e-300, -1e-8, 0.25, -0.5, 0.75, 1, -1.5, 2, 3.5, -5, 9.5, -12, 19.5, 25];

describe('wasm-kernels loaded inside the test', () => {
  it.each(['f32', 'f64'] as const)('%s: the module loads, its tanh gives Math.tanh and its relu the exact path', async (kind) => {
    const { wasmApi } = await import('./backend.js');
    const { CONST_END, kernelModule } = await import('./wasm-kernels.js');
    const wasm = wasmApi();
    // WebAssembly SIMD is in every Node this project supports: a missing one is a failure, not a skip
    expect(wasm).toBeDefined();
    if (!wasm) return;
    const f32 = kind === 'f32';
    const e = f32 ? 4 : 8;
    const round = f32 ? Math.fround : (x: number) => x;
    const xs = [...XS, ...XS.map((x) => -x / 3)].map(round).slice(0, 32); // a multiple of two vectors
    const memory = new wasm.Memory({ initial: 1 });
    const { tanh, relu } = new wasm.Instance(new wasm.Module(kernelModule(kind)), { env: { memory } }).exports as Record<'tanh' | 'relu', (C: number, P: number, n: number) => void>;
    const C = Math.ceil(CONST_END / 16) * 16;
    const P = C + xs.length * e;
    // C + P: the finite x split as 0.5·x + (x − 0.5·x), ±inf and NaN as x + (−0): the kernel must add them
    const half = (x: number) => (Number.isFinite(x) ? round(0.5 * x) : x);
    const rest = (x: number) => (Number.isFinite(x) ? round(x - half(x)) : -0);
    const view = () => (f32 ? new Float32Array(memory.buffer) : new Float64Array(memory.buffer));
    const bad: string[] = [];
    for (const act of ['tanh', 'relu'] as const) {
      view().set(xs.map(half), C / e);
      view().set(xs.map(rest), P / e);
      (act === 'tanh' ? tanh : relu)(C, P, xs.length);
      const got = view().subarray(P / e, P / e + xs.length);
      xs.forEach((x, i) => {
        const s = round(half(x) + rest(x));
        const want = act === 'relu' ? (s >= 0 || Number.isNaN(s) ? s : 0) : round(Math.tanh(s));
        if (Object.is(got[i], want) || (Number.isNaN(got[i]) && Number.isNaN(want))) return;
        const special = act === 'relu' || Number.isNaN(want) || want === 0 || Math.abs(want) === 1;
        const d = ulpDistance(f32 ? 'float32' : 'float64', got[i], want);
        if (special || d > (f32 ? 1 : 4)) bad.push(`${act}(${s}) = ${got[i]}, want ${want} (${d} ulp)`);
      });
    }
    expect(bad).toEqual([]);
  });
});
