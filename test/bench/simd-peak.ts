// WebAssembly SIMD's peak on this machine, the yardstick for the fast kernels: a tight loop of
// independent f32x4 (f64x2) multiply-then-add chains on registers, no memory traffic, assembled with
// the engine's own wasm-asm.ts. 12 chains hide the add latency; a multiply-add pair is 4 (2) MACs.
import { wasmApi, type WasmApi } from '../../engine/fast/backend.js';
import { assemble, Fn, I32, V128, type Op } from '../../engine/fast/wasm-asm.js';
import { medianCall } from './timing.js';

const CHAINS = 12;
const ITERS = 1 << 20;

function peakModule(f32: boolean): Uint8Array {
  const f = new Fn([I32]);
  const acc = Array.from({ length: CHAINS }, () => f.local(V128));
  const [a, b] = [f.local(V128), f.local(V128)];
  const [mul, add]: Op[] = f32 ? ['f32x4.mul', 'f32x4.add'] : ['f64x2.mul', 'f64x2.add'];
  f.f64x2(1.0000001).set(a).f64x2(0.9999999).set(b);
  f.loop();
  for (const c of acc) f.get(c).get(a).get(b).op(mul, add).set(c);
  f.get(0).i32(1).op('i32.sub').tee(0).brIf(0).end();
  // keep the sums alive: their total goes to memory
  f.i32(0).get(acc[0]);
  for (const c of acc.slice(1)) f.get(c).op(add);
  f.mem('v128.store');
  return assemble([['peak', f]]);
}

/** Multiply-adds a second at SIMD's peak (f32x4 or f64x2 mul then add, no FMA). */
export function simdPeak(f32: boolean): number {
  const wasm = wasmApi() as WasmApi;
  const inst = new wasm.Instance(new wasm.Module(peakModule(f32)), { env: { memory: new wasm.Memory({ initial: 1 }) } });
  const peak = (inst.exports as { peak: (n: number) => void }).peak;
  const t = medianCall(() => peak(ITERS), 7);
  return (ITERS * CHAINS * (f32 ? 4 : 2)) / t.medianS;
}
