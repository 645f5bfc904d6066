// Column sums as torch 2.13's CPU sum over dim 0 computes them (aten/src/ATen/native/cpu/SumKernel.cpp,
// cascade_sum): what autograd's sum_to does to a bias gradient (rows × H -> H). Per column, the rows
// are summed either by multi_row_sum (one running sum, moved up four cascade levels every 16 rows) or
// by row_sum (four interleaved partial sums, rows 4i+k, each a multi_row_sum, then added in order);
// which one depends on the column's place among the vector registers of the build. The widths here
// are the AVX2 build's (8 floats, 4 doubles per register); float16/bfloat16 accumulate in float32.
import type { Storage } from '../dtype.js';

/** Per dtype: elements per vector of the stored type and of the accumulation type (AVX2). */
export interface SumWidths {
  readonly vec: number;
  readonly acc: number;
}

export const SUM_WIDTHS = {
  half: { vec: 16, acc: 8 }, // float16, bfloat16 (accumulated as float32)
  float32: { vec: 8, acc: 8 },
  float64: { vec: 4, acc: 4 },
  complex64: { vec: 4, acc: 4 },
  complex128: { vec: 2, acc: 2 },
} as const satisfies Record<string, SumWidths>;

const fr = Math.fround;
const addF32 = (x: number, y: number): number => fr(x + y);
const addF64 = (x: number, y: number): number => x + y;

/** utils::CeilLog2 (x a positive integer: ceil(log2 x) is the bit length of x - 1) */
function ceilLog2(x: number): number {
  return x <= 2 ? 1 : 32 - Math.clz32(x - 1);
}

/** multi_row_sum for one column: a[off + i*stride], i < size, one running sum cascaded every 2^p rows. */
function multiRowSum(a: Storage, off: number, stride: number, size: number, add: (x: number, y: number) => number): number {
  const p = Math.max(4, Math.floor(ceilLog2(size) / 4));
  const step = 2 ** p;
  const mask = step - 1;
  let a0 = 0, a1 = 0, a2 = 0, a3 = 0;
  let i = 0;
  while (i + step <= size) {
    for (let j = 0; j < step; j++, i++) a0 = add(a0, a[off + i * stride]);
    a1 = add(a1, a0);
    a0 = 0;
    if ((i & (mask * step)) !== 0) continue;
    a2 = add(a2, a1);
    a1 = 0;
    if ((i & (mask * step * step)) !== 0) continue;
    a3 = add(a3, a2);
    a2 = 0;
  }
  for (; i < size; i++) a0 = add(a0, a[off + i * stride]);
  return add(add(add(a0, a1), a2), a3);
}

/** row_sum for one column: four partial sums over rows 4i+k, the leftover rows into the first. */
function rowSum(a: Storage, off: number, stride: number, size: number, add: (x: number, y: number) => number): number {
  const q = Math.floor(size / 4);
  const p0 = multiRowSum(a, off, 4 * stride, q, add);
  const p1 = multiRowSum(a, off + stride, 4 * stride, q, add);
  const p2 = multiRowSum(a, off + 2 * stride, 4 * stride, q, add);
  const p3 = multiRowSum(a, off + 3 * stride, 4 * stride, q, add);
  let s = p0;
  for (let i = 4 * q; i < size; i++) s = add(s, a[off + i * stride]);
  return add(add(add(s, p1), p2), p3);
}

/**
 * multiRowSum (cascade) or rowSum of fewer than 16 rows, where no cascade level is reached: the same
 * additions in the same order, without the per-column calls (a per-step bias gradient sums N rows).
 */
function fewRowsSum(a: Storage, off: number, stride: number, size: number, cascade: boolean, f32: boolean): number {
  if (f32) {
    if (cascade) {
      let s = 0;
      for (let i = 0; i < size; i++) s = fr(s + a[off + i * stride]);
      return fr(fr(fr(s + 0) + 0) + 0);
    }
    const q = size >> 2;
    let p0 = 0, p1 = 0, p2 = 0, p3 = 0;
    for (let i = 0; i < q; i++) {
      const o = off + 4 * i * stride;
      p0 = fr(p0 + a[o]);
      p1 = fr(p1 + a[o + stride]);
      p2 = fr(p2 + a[o + 2 * stride]);
      p3 = fr(p3 + a[o + 3 * stride]);
    }
    let s = fr(fr(fr(p0 + 0) + 0) + 0);
    for (let i = 4 * q; i < size; i++) s = fr(s + a[off + i * stride]);
    return fr(fr(fr(s + fr(fr(fr(p1 + 0) + 0) + 0)) + fr(fr(fr(p2 + 0) + 0) + 0)) + fr(fr(fr(p3 + 0) + 0) + 0));
  }
  if (cascade) {
    let s = 0;
    for (let i = 0; i < size; i++) s += a[off + i * stride];
    return s + 0 + 0 + 0;
  }
  const q = size >> 2;
  let p0 = 0, p1 = 0, p2 = 0, p3 = 0;
  for (let i = 0; i < q; i++) {
    const o = off + 4 * i * stride;
    p0 += a[o];
    p1 += a[o + stride];
    p2 += a[o + 2 * stride];
    p3 += a[o + 3 * stride];
  }
  let s = p0 + 0 + 0 + 0;
  for (let i = 4 * q; i < size; i++) s += a[off + i * stride];
  return s + (p1 + 0 + 0 + 0) + (p2 + 0 + 0 + 0) + (p3 + 0 + 0 + 0);
}

/**
 * out[j] = Σ_r src[r*cols + j] for j < cols (lanes = 2: complex, re and im summed alike), as torch
 * sums a contiguous (rows, cols) tensor over dim 0; f32: accumulate in float32 (else double).
 * The sums are returned unrounded to a 16-bit dtype (the caller stores them).
 */
export function columnSums(src: Storage, rows: number, cols: number, lanes: 1 | 2, w: SumWidths, f32: boolean, out: Storage): void {
  const add = f32 ? addF32 : addF64;
  const stride = cols * lanes;
  if (cols === 1 && rows >= w.vec) {
    innerSum(src, rows, lanes, w, add, out);
    return;
  }
  // vectorized_outer_sum takes 4 registers of columns at a time by multi_row_sum, then single registers
  // and leftover columns by row_sum; scalar_outer_sum (fewer columns than a register) 4 columns at a time.
  const group = cols >= w.vec ? 4 * w.acc : 4;
  const cascaded = Math.floor(cols / group) * group;
  for (let j = 0; j < cols; j++) {
    for (let c = 0; c < lanes; c++) {
      const off = j * lanes + c;
      if (rows < 16) out[off] = fewRowsSum(src, off, stride, rows, j < cascaded, f32);
      else out[off] = j < cascaded ? multiRowSum(src, off, stride, rows, add) : rowSum(src, off, stride, rows, add);
    }
  }
}

/** vectorized_inner_sum for a single column (the reduced dim contiguous): register lanes, then the tail. */
function innerSum(src: Storage, rows: number, lanes: 1 | 2, w: SumWidths, add: (x: number, y: number) => number, out: Storage): void {
  const vecs = Math.floor(rows / w.vec);
  const fold = w.vec / w.acc; // a 16-bit load of 16 becomes 8 float lanes: element L + element L + 8
  for (let c = 0; c < lanes; c++) {
    let tail = 0;
    for (let r = vecs * w.vec; r < rows; r++) tail = add(tail, src[r * lanes + c]);
    // lane L of register v holds the sum of elements v*vec + L + acc*m for m < fold
    const lane = new Float64Array(vecs);
    for (let L = 0; L < w.acc; L++) {
      for (let v = 0; v < vecs; v++) {
        let x = 0;
        for (let m = 0; m < fold; m++) x = m === 0 ? src[(v * w.vec + L) * lanes + c] : add(x, src[(v * w.vec + L + m * w.acc) * lanes + c]);
        lane[v] = x;
      }
      tail = add(tail, rowSum(lane, 0, 1, vecs, add));
    }
    out[c] = tail;
  }
}

