// Where the fast kernels run: WebAssembly SIMD when this JavaScript engine validates a SIMD module
// and compiles ours, else the plain-TypeScript fallback (ts-kernels.ts). Both work on one linear
// memory addressed by byte offsets, so the caller (direction.ts) is the same for both.
// Compilation: each kind's module is compiled synchronously on first use (each stays under the 4 KB
// Chrome allows on a page's main thread); initFast() compiles all three asynchronously instead, for
// pages that prefer to do it up front. The memory grows as needed and is kept (never shrinks).
import { actTS, gemmTS, type Views } from './ts-kernels.js';
import { kernelModule, simdProbe, type Kind } from './wasm-kernels.js';

export type BackendName = 'wasm-simd' | 'typescript';

type GemmFn = (A: number, lda: number, ak: number, rows: number, K: number, B: number, Hp: number, C: number, ldc: number, bias: number, mc: number, aIm?: number, cIm?: number) => void;
type ActFn = (C: number, P: number, n: number) => void;
interface Exports {
  gemm: GemmFn;
  tanh?: ActFn;
  relu?: ActFn;
}

// The slice of the WebAssembly JS API used here (engine/ is typed without the DOM's or Node's lib).
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
export interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  compile(bytes: Uint8Array): Promise<object>;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
  Memory: new (d: { initial: number }) => WasmMemory;
}
export const wasmApi = (): WasmApi | undefined => (globalThis as { WebAssembly?: WasmApi }).WebAssembly;

const PAGE = 65536;

/** The kernels over one memory; views are valid until the next reserve(). */
export class Backend implements Views {
  f32 = new Float32Array(0);
  f64 = new Float64Array(0);
  private buffer: ArrayBuffer = new ArrayBuffer(0);
  private readonly exports = new Map<Kind, Exports>();

  private constructor(
    readonly name: BackendName,
    private readonly memory: WasmMemory | null,
    private readonly modules: Map<Kind, object>,
  ) {
    this.refresh();
  }

  /** On WebAssembly (the caller has checked wasmUsable); modules: compiled ahead (initFast). */
  static wasm(modules = new Map<Kind, object>()): Backend {
    return new Backend('wasm-simd', new (wasmApi() as WasmApi).Memory({ initial: 1 }), modules);
  }

  static typescript(): Backend {
    return new Backend('typescript', null, new Map());
  }

  /** Makes the memory at least `bytes` long; false when it cannot grow that far. */
  reserve(bytes: number): boolean {
    if (bytes <= this.buffer.byteLength) return true;
    // wasm32 pointers: the kernels compare offsets as unsigned 32-bit numbers
    if (bytes > 2 ** 32 - PAGE) return false;
    try {
      if (this.memory) this.memory.grow(Math.ceil((bytes - this.memory.buffer.byteLength) / PAGE));
      else {
        const next = new ArrayBuffer(Math.max(bytes, 2 * this.buffer.byteLength));
        new Uint8Array(next).set(new Uint8Array(this.buffer));
        this.buffer = next;
      }
    } catch (e) {
      if (e instanceof RangeError) return false;
      throw e;
    }
    this.refresh();
    return true;
  }

  gemm(kind: Kind, A: number, lda: number, ak: number, rows: number, K: number, B: number, Hp: number, C: number, ldc: number, bias: number, mc: number, aIm = 0, cIm = 0): void {
    if (this.memory) this.kernels(kind).gemm(A, lda, ak, rows, K, B, Hp, C, ldc, bias, mc, aIm, cIm);
    else gemmTS(this, kind, A, lda, ak, rows, K, B, Hp, C, ldc, bias, aIm, cIm);
  }

  /** P[i] = act(C[i] + P[i]), i < n (a multiple of 4 floats or 2 doubles). */
  act(kind: 'f32' | 'f64', relu: boolean, C: number, P: number, n: number): void {
    const e = this.memory ? this.kernels(kind) : null;
    if (e) (relu ? e.relu : e.tanh)?.(C, P, n);
    else actTS(this, kind, relu, C, P, n);
  }

  private kernels(kind: Kind): Exports {
    let e = this.exports.get(kind);
    if (!e) {
      const api = wasmApi() as WasmApi;
      const mod = this.modules.get(kind) ?? new api.Module(kernelModule(kind));
      e = new api.Instance(mod, { env: { memory: this.memory } }).exports as Exports;
      this.exports.set(kind, e);
    }
    return e;
  }

  private refresh(): void {
    if (this.memory) this.buffer = this.memory.buffer;
    this.f32 = new Float32Array(this.buffer);
    this.f64 = new Float64Array(this.buffer);
  }
}

const KINDS: readonly Kind[] = ['f32', 'f64', 'c64'];
let current: Backend | null = null;
let forced: BackendName | null = null;

/** WebAssembly with SIMD, and our modules validate here. */
export function wasmUsable(api = wasmApi()): api is WasmApi {
  try {
    return !!api && api.validate(simdProbe()) && KINDS.every((k) => api.validate(kernelModule(k)));
  } catch {
    return false;
  }
}

/** The backend the fast path uses now (created on first use). */
export function backend(): Backend {
  if (current) return current;
  const api = wasmApi();
  if (forced !== 'typescript' && wasmUsable(api)) {
    try {
      const b = Backend.wasm();
      b.gemm('f32', 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1); // compile one module now: a refusal falls back here, not mid-forward
      current = b;
    } catch {
      current = Backend.typescript();
    }
  } else current = Backend.typescript();
  return current;
}

/** Which backend `precision: 'fast'` runs on here. */
export function fastBackend(): BackendName {
  return backend().name;
}

/**
 * Compiles the fast kernels asynchronously (WebAssembly.compile), for pages that would rather not
 * compile on the main thread at the first fast forward. Optional: without it the first fast forward
 * compiles each module synchronously. Resolves to the backend the fast path will use.
 */
export async function initFast(): Promise<BackendName> {
  const api = wasmApi();
  if (forced !== 'typescript' && !current && wasmUsable(api)) {
    try {
      const mods = await Promise.all(KINDS.map((k) => api.compile(kernelModule(k))));
      current = Backend.wasm(new Map(KINDS.map((k, i) => [k, mods[i] as object])));
    } catch {
      current = Backend.typescript();
    }
  }
  return backend().name;
}

/** Tests: run the fast path on the given backend from now on (null: choose as usual). */
export function forceBackend(name: BackendName | null): void {
  forced = name;
  current = name === 'typescript' ? Backend.typescript() : null;
}
