// The fast path's modules build tables while they load (wasm-asm.ts encodes its SIMD opcodes with
// uleb() at load). A module that throws while loading makes every spec importing it fail to collect,
// which a mutation run counts as no failed test; imported inside a test, the failure is a failed test.
// So this file imports nothing of engine/ at its top.
import { describe, expect, it } from 'vitest';

describe('the fast path', () => {
  it('loads: the assembler, the kernel modules, and the backend choosing WebAssembly SIMD here', async () => {
    const { uleb } = await import('./wasm-asm.js');
    expect(uleb(300)).toEqual([0xac, 0x02]);
    const { kernelModule } = await import('./wasm-kernels.js');
    expect(kernelModule('f32').length).toBeGreaterThan(8);
    const { fastBackend } = await import('./index.js');
    expect(fastBackend()).toBe('wasm-simd');
  });
});
