// `precision: 'fast'`: WebAssembly SIMD (or plain TypeScript) kernels within torch's tolerance,
// beside the exact kernels that reproduce torch's rounding. What forward.ts and the API need.
import type { DType } from '../dtype.js';
import type { Kind } from './wasm-kernels.js';

export { runFastDirection, type FastDirection } from './direction.js';
export { fastBackend, initFast, type BackendName } from './backend.js';

/** 'exact' (the default): torch's rounding reproduced; 'fast': SIMD kernels within torch's tolerance. */
export type Precision = 'exact' | 'fast';

export function isPrecision(x: unknown): x is Precision {
  return x === 'exact' || x === 'fast';
}

/** The fast kernels for a dtype; null: the dtype always runs the exact kernels. */
export function fastKind(d: DType): Kind | null {
  return d === 'float32' ? 'f32' : d === 'float64' ? 'f64' : d === 'complex64' ? 'c64' : null;
}
