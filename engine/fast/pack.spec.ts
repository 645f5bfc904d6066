// pack.ts's layouts slot by slot, as its comments state them: packB's panels (zero beyond H, both
// strides: W for x·Wᵀ and Wᵀ for x·W), packBias's zero-padded planes, loadRows's rows at stride ld (the
// imaginary plane `im` elements on). Every slot outside the layout keeps its sentinel: direction.ts's
// buffers hide a stray write under a buffer written later, a caller with another layout would not.
import { describe, expect, it } from 'vitest';
import type { Storage } from '../dtype.js';
import { Generator } from '../random.js';
import { loadRows, packB, packBias, paddedWidth } from './pack.js';
import { panelWidth, SHAPES, type Kind } from './wasm-kernels.js';

const SEED = Number(process.env.RANDOM_SEED ?? Date.now() % 2 ** 31);
console.log(`fast pack: RANDOM_SEED=${SEED} (set RANDOM_SEED to replay)`);

const SENTINEL = 12345.5; // exact in float32, never an input value here
const KINDS = ['f32', 'f64', 'c64'] as const;

/** Random values in (-1, 1), none of them 0 (a zero would not tell a copied slot from the padding). */
function values(n: number, g: Generator): Float64Array {
  return Float64Array.from({ length: n }, () => Math.fround(0.25 + 0.5 * g.nextUnit53()) * (g.nextUnit53() < 0.5 ? -1 : 1));
}

/** Compares m with the wanted slots (a map from index to value); every other slot must hold the sentinel. */
function diff(m: Float32Array | Float64Array, want: Map<number, number>, where: string): string[] {
  const bad: string[] = [];
  for (let i = 0; i < m.length; i++) {
    const w = want.get(i) ?? SENTINEL;
    if (!Object.is(m[i], w)) bad.push(`${where}: slot ${i} = ${m[i]}, want ${w}${want.has(i) ? '' : ' (outside the layout)'}`);
  }
  return bad;
}

const memory = (kind: Kind, n: number): Float32Array | Float64Array =>
  (SHAPES[kind].elt === 4 ? new Float32Array(n) : new Float64Array(n)).fill(SENTINEL);

describe.each(KINDS)('pack.ts layouts, %s', (kind) => {
  const nr = panelWidth(kind);
  const cplx = SHAPES[kind].complex;
  const planes = cplx ? 2 : 1;

  it('paddedWidth rounds H up to whole panels', () => {
    expect([1, nr - 1, nr, nr + 1, 3 * nr].map((H) => paddedWidth(kind, H))).toEqual([nr, nr, nr, 2 * nr, 3 * nr]);
  });

  it('packB: m[off + ((p·K + k)·planes + plane)·NR + c] = W[p·NR + c, k], zero beyond H, for W and for Wᵀ', () => {
    const g = new Generator(SEED);
    const bad: string[] = [];
    for (const [H, K] of [[1, 1], [nr - 1, 3], [nr, 2], [nr + 3, 5], [2 * nr, 1]]) {
      const src = values(H * K * planes, g);
      for (const transposed of [false, true]) {
        // W (H × K) stored row-major (rowStride K, kStride 1), or its transpose stored row-major (rowStride 1, kStride H)
        const [rowStride, kStride] = transposed ? [1, H] : [K, 1];
        const Hp = paddedWidth(kind, H);
        const off = 5;
        const m = memory(kind, off + Hp * K * planes + 2 * nr + 3);
        packB(m, off, kind, src as Storage, H, K, rowStride, kStride);
        const want = new Map<number, number>();
        for (let p = 0; p < Hp / nr; p++) {
          for (let k = 0; k < K; k++) {
            for (let plane = 0; plane < planes; plane++) {
              for (let c = 0; c < nr; c++) {
                const j = p * nr + c;
                const at = j * rowStride + k * kStride;
                want.set(off + ((p * K + k) * planes + plane) * nr + c, j < H ? src[cplx ? 2 * at + plane : at] : 0);
              }
            }
          }
        }
        bad.push(...diff(m, want, `H=${H} K=${K} transposed=${transposed}`));
      }
    }
    expect(bad.slice(0, 5), `${bad.length} wrong (RANDOM_SEED=${SEED})`).toEqual([]);
  });

  it('packBias: Hp real parts, zero-padded, then (complex) Hp imaginary parts, nothing else', () => {
    const g = new Generator(SEED + 1);
    const bad: string[] = [];
    for (const H of [1, nr - 1, nr, nr + 2]) {
      const b = values(H * planes, g);
      const Hp = paddedWidth(kind, H);
      const off = 3;
      const m = memory(kind, off + planes * Hp + nr);
      packBias(m, off, kind, b as Storage, H);
      const want = new Map<number, number>();
      for (let plane = 0; plane < planes; plane++) {
        for (let j = 0; j < Hp; j++) want.set(off + plane * Hp + j, j < H ? b[planes * j + plane] : 0);
      }
      bad.push(...diff(m, want, `H=${H}`));
    }
    expect(bad.slice(0, 5), `${bad.length} wrong (RANDOM_SEED=${SEED})`).toEqual([]);
  });

  it('loadRows: rows r0 .. r0 + rows - 1 at stride ld (imaginary parts im further), nothing in the gaps or around', () => {
    const g = new Generator(SEED + 2);
    const bad: string[] = [];
    const total = 6; // rows in src: the rows before r0 and after the last loaded one must not be read into m
    for (const [width, ld, r0, rows] of [[3, 3, 1, 3], [3, 5, 2, 2], [4, 4, 0, 6], [1, 2, 4, 1], [5, 5, 2, 0]]) {
      const src = values(total * width * planes, g);
      const off = 2;
      const im = cplx ? rows * ld + 3 : 0;
      const m = memory(kind, off + 2 * (rows * ld + 3) + ld + 2);
      loadRows(m, off, ld, im, src as Storage, r0, rows, width, cplx);
      const want = new Map<number, number>();
      for (let r = 0; r < rows; r++) {
        for (let k = 0; k < width; k++) {
          const s = (r0 + r) * width + k;
          want.set(off + r * ld + k, src[planes * s]);
          if (cplx) want.set(off + im + r * ld + k, src[2 * s + 1]);
        }
      }
      bad.push(...diff(m, want, `width=${width} ld=${ld} r0=${r0} rows=${rows}`));
    }
    expect(bad.slice(0, 5), `${bad.length} wrong (RANDOM_SEED=${SEED})`).toEqual([]);
  });
});
