// Where the fast path runs (README, "Loading"): WebAssembly SIMD here; the TypeScript fallback where
// SIMD is missing, a module does not validate or compiling is refused (as a Content-Security-Policy
// without wasm-unsafe-eval refuses it); initFast() compiling the three modules ahead so that the first
// fast forward compiles nothing; forceBackend(); the memory's growth and its 4 GiB limit. The global
// WebAssembly is replaced by a wrapper in some tests and always restored.
import { afterEach, describe, expect, it } from 'vitest';
import { fastKind } from './index.js';
import { Backend, backend, fastBackend, forceBackend, initFast, wasmApi, wasmUsable, type WasmApi } from './backend.js';
import { runFastDirection, type FastDirection } from './direction.js';
import { CONST_END, kernelModule, simdProbe } from './wasm-kernels.js';

const g = globalThis as { WebAssembly?: WasmApi };
const REAL = wasmApi() as WasmApi;

/** Runs body with globalThis.WebAssembly replaced by `fake` (built from the real one), then restores it. */
async function withWasm<T>(fake: WasmApi | undefined, body: () => T | Promise<T>): Promise<T> {
  g.WebAssembly = fake;
  try {
    return await body();
  } finally {
    g.WebAssembly = REAL;
  }
}

/** The real API with some members replaced; counts synchronous compilations. */
function wrapped(over: Partial<WasmApi>): WasmApi & { syncCompiles: number } {
  const w = {
    syncCompiles: 0,
    validate: (b: Uint8Array) => REAL.validate(b),
    compile: (b: Uint8Array) => REAL.compile(b),
    Module: function Module(b: Uint8Array) {
      w.syncCompiles++;
      return new REAL.Module(b);
    } as unknown as WasmApi['Module'],
    Instance: REAL.Instance,
    Memory: REAL.Memory,
    ...over,
  };
  return w;
}

/** A small float32 direction (2 steps, 3 × 2 inputs, 5 hidden); true when the fast path ran it. */
function runsOnce(): { ran: boolean; out: Float32Array } {
  const out = new Float32Array(2 * 3 * 5);
  const a: FastDirection = {
    kind: 'f32', relu: false, T: 2, N: 3, K: 2, H: 5, reverse: false,
    x: Float32Array.from({ length: 12 }, (_, i) => (i % 5) / 5 - 0.4), wih: new Float32Array(10).fill(0.25), whh: new Float32Array(25).fill(-0.125),
    bih: new Float32Array(5).fill(0.5), bhh: null, h0: null, out, outOff: 0, outStride: 5, hN: new Float32Array(15), hnOff: 0,
  };
  return { ran: runFastDirection(a), out };
}

afterEach(() => {
  g.WebAssembly = REAL;
  forceBackend(null);
});

describe('choosing the backend', () => {
  it('is WebAssembly SIMD here; forceBackend switches it and null chooses again', () => {
    forceBackend(null);
    expect(fastBackend()).toBe('wasm-simd');
    forceBackend('typescript');
    expect(fastBackend()).toBe('typescript');
    expect(backend()).toBe(backend()); // kept, not remade on each use
    forceBackend('wasm-simd');
    expect(fastBackend()).toBe('wasm-simd');
    forceBackend(null);
    expect(fastBackend()).toBe('wasm-simd');
  });

  it('wasmUsable: false without WebAssembly, without SIMD, when one kernel module does not validate, or when validate throws', async () => {
    expect(wasmUsable()).toBe(true);
    expect(await withWasm(undefined, () => wasmUsable())).toBe(false);
    const probe = simdProbe();
    const same = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((v, i) => v === b[i]);
    expect(wasmUsable(wrapped({ validate: (b) => !same(b, probe) && REAL.validate(b) }))).toBe(false);
    for (const k of ['f32', 'f64', 'c64'] as const) {
      const mod = kernelModule(k);
      expect(wasmUsable(wrapped({ validate: (b) => !same(b, mod) && REAL.validate(b) })), k).toBe(false);
    }
    expect(wasmUsable(wrapped({ validate: () => { throw new TypeError('no'); } }))).toBe(false);
  });

  it('falls back to TypeScript where a kernel module other than the one compiled first (c64\'s) neither validates nor compiles', async () => {
    const c64 = kernelModule('c64');
    const refused = (b: Uint8Array) => b.length === c64.length && b.every((v, i) => v === c64[i]);
    const Module = function Module(b: Uint8Array) {
      if (refused(b)) throw new Error('WebAssembly.Module(): Compiling function #2:"gemm" failed');
      return new REAL.Module(b);
    } as unknown as WasmApi['Module'];
    await withWasm(wrapped({ validate: (b) => !refused(b) && REAL.validate(b), Module }), () => {
      forceBackend(null);
      // chosen up front, not by the f32 module compiling: a complex64 forward must not fail midway
      expect(fastBackend()).toBe('typescript');
      expect(runsOnce().ran).toBe(true);
    });
  });

  it('falls back to TypeScript where WebAssembly is missing, and the fast path still runs', async () => {
    await withWasm(undefined, () => {
      forceBackend(null);
      expect(fastBackend()).toBe('typescript');
      expect(runsOnce().ran).toBe(true);
    });
  });

  it('falls back to TypeScript where compiling is refused (a CSP without wasm-unsafe-eval), and the fast path still runs', async () => {
    const refuse = function Module(): never {
      throw new Error('WebAssembly.Module(): Wasm code generation disallowed by embedder');
    } as unknown as WasmApi['Module'];
    const want = (await withWasm(REAL, () => (forceBackend('typescript'), runsOnce()))).out;
    await withWasm(wrapped({ Module: refuse }), () => {
      forceBackend(null);
      expect(fastBackend()).toBe('typescript');
      const { ran, out } = runsOnce();
      expect(ran).toBe(true);
      expect([...out]).toEqual([...want]);
    });
    // initFast is for pages that must not compile on the main thread: a refused async compile falls back
    // to TypeScript rather than compiling synchronously
    for (const Module of [refuse, REAL.Module]) {
      forceBackend(null);
      await withWasm(wrapped({ Module, compile: () => Promise.reject(new Error('refused')) }), async () => {
        expect(await initFast()).toBe('typescript');
        expect(fastBackend()).toBe('typescript');
      });
    }
  });
});

describe('initFast', () => {
  it('compiles the three modules ahead: the first fast forward of every kind compiles nothing synchronously', async () => {
    const w = wrapped({});
    await withWasm(w, async () => {
      forceBackend(null);
      expect(await initFast()).toBe('wasm-simd');
      const b = backend();
      expect(b.name).toBe('wasm-simd');
      expect(runsOnce().ran).toBe(true);
      b.gemm('f64', 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1);
      b.gemm('c64', 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1);
      expect(w.syncCompiles).toBe(0);
      // once the fast path is in use, initFast keeps its backend (and memory)
      expect(await initFast()).toBe('wasm-simd');
      expect(backend()).toBe(b);
    });
  });

  it('leaves a forced TypeScript backend alone', async () => {
    forceBackend('typescript');
    const b = backend();
    expect(await initFast()).toBe('typescript');
    expect(backend()).toBe(b);
  });
});

describe('the memory', () => {
  it('the WebAssembly backend\'s views are its memory from the start (one page): what its kernels write is read without a reserve()', () => {
    const b = Backend.wasm();
    expect(b.f32.byteLength).toBe(65_536);
    expect(b.f64.byteLength).toBe(65_536);
    const C = Math.ceil(CONST_END / 16) * 16; // past the constants the module writes when instantiated
    b.f32.set([1, -2, 0.5, -0.25], C / 4);
    b.f32.set([0.5, 1, -1, 0], C / 4 + 4);
    b.act('f32', true, C, C + 16, 4); // P = relu(C + P)
    expect([...b.f32.subarray(C / 4 + 4, C / 4 + 8)]).toEqual([1.5, 0, 0, 0]);
  });

  it('the WebAssembly backend runs gemm, tanh and relu in WebAssembly, instantiating each kind\'s module once', async () => {
    const calls: string[] = [];
    const Instance = function Instance(mod: object, imports: object) {
      const real = new REAL.Instance(mod, imports).exports as Record<string, (...a: number[]) => unknown>;
      const counted = (name: string) => (...a: number[]) => (calls.push(name), real[name](...a));
      return { exports: Object.fromEntries(Object.keys(real).map((k) => [k, counted(k)])) };
    } as unknown as WasmApi['Instance'];
    const w = wrapped({ Instance });
    await withWasm(w, () => {
      const b = Backend.wasm();
      const C = Math.ceil(CONST_END / 16) * 16;
      b.gemm('f32', 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1);
      b.act('f32', false, C, C + 16, 4);
      b.act('f32', true, C, C + 16, 4);
      b.gemm('f32', 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1);
      b.act('f64', false, C, C + 16, 2);
      b.act('f64', true, C, C + 16, 2);
      expect(calls).toEqual(['gemm', 'tanh', 'relu', 'gemm', 'tanh', 'relu']);
      expect(w.syncCompiles).toBe(2);
    });
  });

  it.each(['wasm-simd', 'typescript'] as const)('%s: grows to what is asked, keeps its contents, grows no further for the same size, refuses 4 GiB', (name) => {
    const b = name === 'wasm-simd' ? Backend.wasm() : Backend.typescript();
    expect(b.reserve(100_000)).toBe(true);
    const size = b.f32.byteLength;
    expect(size).toBeGreaterThanOrEqual(100_000);
    expect(size).toBeLessThan(100_000 + 65_536); // whole pages at most, no more
    b.f32[24_999] = 1.5;
    expect(b.reserve(size)).toBe(true);
    expect(b.f32.byteLength).toBe(size);
    expect(b.reserve(size + 1)).toBe(true);
    expect(b.f32.byteLength).toBeGreaterThan(size);
    expect(b.f64.byteLength).toBe(b.f32.byteLength);
    expect(b.f32[24_999]).toBe(1.5);
    const grown = b.f32.byteLength;
    expect(b.reserve(2 ** 32)).toBe(false); // wasm32 offsets: never past 4 GiB − 64 KiB
    expect(b.f32.byteLength).toBe(grown);
  });

  it.each(['wasm-simd', 'typescript'] as const)('%s: grows to 4 GiB − 64 KiB exactly, the largest it may (the pages are not touched)', (name) => {
    const b = name === 'wasm-simd' ? Backend.wasm() : Backend.typescript();
    expect(b.reserve(2 ** 32 - 65_535)).toBe(false);
    expect(b.reserve(2 ** 32 - 65_536)).toBe(true);
    expect(b.f32.byteLength).toBe(2 ** 32 - 65_536);
  });

  it('a memory that cannot grow makes reserve() false (the direction then declines), other errors propagate', async () => {
    const stuck = (e: Error) =>
      function Memory(d: { initial: number }) {
        const m = new REAL.Memory(d); // a real memory (instances import it) whose grow() fails
        m.grow = () => {
          throw e;
        };
        return m;
      } as unknown as WasmApi['Memory'];
    await withWasm(wrapped({ Memory: stuck(new RangeError('WebAssembly.Memory.grow(): Maximum memory size exceeded')) }), () => {
      expect(Backend.wasm().reserve(1 << 20)).toBe(false);
      // a direction whose packed W_hh (200 × 200 floats) outgrows the one page it has declines, writing nothing
      forceBackend(null);
      expect(fastBackend()).toBe('wasm-simd');
      const H = 200;
      const a: FastDirection = {
        kind: 'f32', relu: false, T: 1, N: 1, K: 1, H, reverse: false, x: new Float32Array(1).fill(1), wih: new Float32Array(H).fill(0.5),
        whh: new Float32Array(H * H), bih: null, bhh: null, h0: null, out: new Float32Array(H).fill(7), outOff: 0, outStride: H, hN: new Float32Array(H).fill(7), hnOff: 0,
      };
      expect(runFastDirection(a)).toBe(false);
      expect([...a.out, ...a.hN].every((v) => v === 7)).toBe(true);
    });
    await withWasm(wrapped({ Memory: stuck(new TypeError('detached')) }), () => {
      expect(() => Backend.wasm().reserve(1 << 20)).toThrow('detached');
    });
  });
});

describe('fastKind', () => {
  it('float32, float64 and complex64 have fast kernels; float16, bfloat16 and complex128 run the exact ones', () => {
    expect(fastKind('float32')).toBe('f32');
    expect(fastKind('float64')).toBe('f64');
    expect(fastKind('complex64')).toBe('c64');
    for (const d of ['float16', 'bfloat16', 'complex128'] as const) expect(fastKind(d), d).toBe(null);
  });
});
