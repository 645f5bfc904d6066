// float32 tanh's argument is the float32 sum C + P, as torch adds two float32 tensors before tanh (the
// exact path's stepF32 too): on these pairs, tanh of the sum taken in double rounds to the neighbouring
// float32. Values: torch.tanh(torch.tensor([c], dtype=torch.float32) + torch.tensor([p], dtype=torch.float32))
// printed by torch 2.13.0+cpu (.venv, Python 3.11); the pairs were picked (in double arithmetic) where
// Math.fround(Math.tanh(c + p)) differs from Math.fround(Math.tanh(Math.fround(c + p))).
import { describe, expect, it } from 'vitest';
import { Backend, wasmUsable } from './backend.js';
import { CONST_END } from './wasm-kernels.js';

// [c, p, torch.tanh(c + p) in float32]
const TORCH: [number, number, number][] = [
  [-0.6833774447441101, -0.36425912380218506, -0.7808857560157776],
  [-0.5498580932617188, -0.5009269118309021, -0.782111406326294],
  [-0.6265819072723389, -0.9161908030509949, -0.9125851392745972],
  [-0.7610888481140137, -0.6932920813560486, -0.8965557813644409],
  [-0.9665720462799072, -0.46071165800094604, -0.8911086320877075],
  [0.3531656861305237, 0.6559293270111084, 0.7653874158859253],
  [-0.9811184406280518, -0.38367098569869995, -0.8774992823600769],
  [0.9621177315711975, 0.27364587783813477, 0.8442429900169373],
  [-0.9960235953330994, -0.0516037791967392, -0.7808821797370911],
  [0.1996939778327942, 0.8731918334960938, 0.7905459403991699],
  [-0.9717525839805603, -0.7906795740127563, -0.9427739977836609],
  [-0.05500021576881409, -0.5791642665863037, -0.5609130859375],
];

describe.each(['wasm-simd', 'typescript'] as const)('float32 act on %s', (name) => {
  it('tanh(C + P) with the sum rounded to float32 first: torch 2.13\'s value on every pair', () => {
    expect(wasmUsable()).toBe(true); // WebAssembly SIMD is in every Node this project supports
    const be = name === 'wasm-simd' ? Backend.wasm() : Backend.typescript();
    expect(be.name).toBe(name);
    const n = 16; // a multiple of the kernels' vector width; the last 4 slots repeat the first pairs
    const C = Math.ceil(CONST_END / 16) * 16;
    const P = C + 4 * n;
    expect(be.reserve(P + 4 * n)).toBe(true);
    const pair = (i: number) => TORCH[i % TORCH.length];
    for (let i = 0; i < n; i++) {
      be.f32[C / 4 + i] = pair(i)[0];
      be.f32[P / 4 + i] = pair(i)[1];
    }
    be.act('f32', false, C, P, n);
    const got = Array.from(be.f32.subarray(P / 4, P / 4 + n));
    expect(got).toEqual(Array.from({ length: n }, (_, i) => pair(i)[2]));
  });
});
