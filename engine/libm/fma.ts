// fma(a, b, c) = a·b + c rounded once, as the FMA instructions glibc's -mfma builds emit: the engine's
// one correctly rounded double fma (uniform.ts, shared with torch's uniform_ reproduction).
export { fma64 as fma } from '../uniform.js';
