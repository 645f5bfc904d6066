// chain.ts's contract (its doc comments): out[oo + r*H + j] for r < rows, j < H, from x[xo + r*K + k]
// and W[j*K + k], and nothing else written. Every caller in the engine passes buffers of exactly that
// size at offset 0, so a block loop that runs a row or a column group past the end (its writes dropped
// by the typed array) is invisible through nn.RNN; here the block sits inside larger buffers. The
// shapes 1..9 × 1..9 reach every block form (4 rows × 4 or 2 columns, 4 × 1, 1 × 4, 1 × 1) and their
// ends; chainF64 at 4 rows × 1 column once looped forever (a `j + 2 > H` bound).
import { describe, expect, it } from 'vitest';
import { chainF32, chainF64 } from './chain.js';

type Kernel<A> = (x: A, xo: number, rows: number, K: number, W: A, H: number, out: A, oo: number) => void;
const SENTINEL = -1234.5; // no sum of K <= 3 products of integers in [-3, 3]

/** Each shape's block at xo = 3, oo = 5 inside larger buffers (finite values past the block to read). */
function check<A extends Float32Array | Float64Array>(chain: Kernel<A>, make: (n: number) => A): void {
  for (const K of [1, 3]) {
    for (let rows = 1; rows <= 9; rows++) {
      for (let H = 1; H <= 9; H++) {
        const xo = 3, oo = 5, spare = 8 * H + 8;
        const x = make(xo + rows * K + spare);
        x.fill(1);
        for (let i = 0; i < rows * K; i++) x[xo + i] = ((i * 3) % 7) - 3;
        const W = make(H * K + spare);
        W.fill(2);
        for (let i = 0; i < H * K; i++) W[i] = ((i * 5) % 7) - 3;
        const out = make(oo + rows * H + spare);
        out.fill(SENTINEL);
        chain(x, xo, rows, K, W, H, out, oo);
        const alone = make(rows * H);
        chain(x.slice(xo, xo + rows * K) as A, 0, rows, K, W.slice(0, H * K) as A, H, alone, 0);
        const where = `K ${K}, rows ${rows}, H ${H}`;
        expect(Array.from(out.subarray(oo, oo + rows * H)), `${where}: the block as in exact buffers`).toEqual(Array.from(alone));
        const written: number[] = [];
        for (let i = 0; i < out.length; i++) if ((i < oo || i >= oo + rows * H) && out[i] !== SENTINEL) written.push(i);
        expect(written, `${where}: out indices written outside [${oo}, ${oo + rows * H})`).toEqual([]);
      }
    }
  }
}

describe('chain kernels write their block and nothing else', () => {
  it('chainF32', () => check(chainF32, (n) => new Float32Array(n)));
  it('chainF64', () => check(chainF64, (n) => new Float64Array(n)));
});
