// Per-direction math for real dtypes, allocation-free (ONNX reference's _run_forward, typed arrays);
// the dot products are chain.ts's blocked kernels.
// float32 accumulates in float32: fround(acc + a*b) is an FMA (a*b is exact in double), summed from
// 0 in k order, then the bias added. float16/bfloat16 accumulate in float32 in the order of torch's
// 16-bit dot product (dot-vec8.ts) and round to the dtype at the four points torch does (P, g, s, h).
// float64 is plain double.
import type { Storage } from '../dtype.js';
import { chainF64 } from './chain.js';
import { dotVec8F32 } from './dot-vec8.js';
import { biasFused, sgemmF32 } from './sgemm.js';

export type Round = ((x: number) => number) | null;

export interface RealLayout {
  readonly f32: boolean; // accumulate in float32 (float32, float16, bfloat16)
  readonly store: Round; // rounding to a 16-bit dtype, null for float32/float64
  readonly relu: boolean;
}

/**
 * P[r, j] = x[r, :]·W[j, :] + b[j] for rows r < rows (x: rows × inSize, W: H × inSize).
 * separateBias: torch's linear on a non-contiguous input is matmul then add_, so a 16-bit dtype
 * rounds the product before the bias is added (addmm on contiguous input does not).
 */
export function projectReal(
  L: RealLayout, x: Storage, rows: number, inSize: number, W: Storage, b: Storage | null, H: number, P: Storage, separateBias: boolean,
): void {
  if (L.f32) {
    const p = P as Float32Array;
    const st = L.store;
    // float32 sums as MKL's sgemm does; the 16-bit dtypes' as torch's dot_with_fp32_arith (8 lanes).
    if (st) dotVec8F32(x as Float32Array, 0, rows, inSize, W as Float32Array, H, p, 0);
    else sgemmF32(x as Float32Array, 0, rows, inSize, W as Float32Array, H, p, 0);
    if (!st && b && !separateBias && biasFused(rows, inSize, H)) {
      for (let r = 0, i = 0; r < rows; r++) for (let j = 0; j < H; j++, i++) p[i] = Math.fround(b[j] + x[r] * W[j]);
    } else if (st) {
      for (let r = 0, i = 0; r < rows; r++) {
        for (let j = 0; j < H; j++, i++) {
          let acc = p[i];
          if (separateBias) acc = st(acc);
          if (b) acc = Math.fround(acc + b[j]);
          p[i] = st(acc);
        }
      }
    } else if (b) {
      for (let r = 0, i = 0; r < rows; r++) for (let j = 0; j < H; j++, i++) p[i] = Math.fround(p[i] + b[j]);
    }
  } else {
    const p = P as Float64Array;
    chainF64(x as Float64Array, 0, rows, inSize, W as Float64Array, H, p, 0);
    if (b) for (let r = 0, i = 0; r < rows; r++) for (let j = 0; j < H; j++, i++) p[i] += b[j];
  }
}

/**
 * One time step for a batch: h' = act((h·Whhᵀ + b) + P_t). h, hOut: N × H (distinct); P read at pOff.
 * Also writes h' into out (row stride outStride, column offset outCol) for the layer output.
 * hOut first holds the products h·Whhᵀ, then h'.
 */
export function stepReal(
  L: RealLayout, N: number, H: number, h: Storage, W: Storage, b: Storage | null, P: Storage, pOff: number,
  hOut: Storage, out: Storage, outOff: number, outStride: number,
): void {
  if (L.f32) stepF32(L, N, H, h as Float32Array, W as Float32Array, b as Float32Array | null, P as Float32Array, pOff, hOut as Float32Array, out as Float32Array, outOff, outStride);
  else stepF64(L.relu, N, H, h as Float64Array, W as Float64Array, b as Float64Array | null, P as Float64Array, pOff, hOut as Float64Array, out as Float64Array, outOff, outStride);
}

function stepF32(
  L: RealLayout, N: number, H: number, h: Float32Array, W: Float32Array, b: Float32Array | null, P: Float32Array, pOff: number,
  hOut: Float32Array, out: Float32Array, outOff: number, outStride: number,
): void {
  const st = L.store;
  const relu = L.relu;
  if (st) dotVec8F32(h, 0, N, H, W, H, hOut, 0);
  else sgemmF32(h, 0, N, H, W, H, hOut, 0); // K = H: never biasFused
  for (let n = 0; n < N; n++) {
    const ho = n * H;
    const oo = outOff + n * outStride;
    for (let j = 0; j < H; j++) {
      let g = hOut[ho + j];
      if (b) g = Math.fround(g + b[j]);
      if (st) g = st(g);
      let s = Math.fround(g + P[pOff + ho + j]);
      if (st) s = st(s);
      // relu keeps NaN and -0 (torch's clamp_min(s, 0) propagates NaN and returns -0 for -0); tanh(NaN) is NaN.
      let v = relu ? (s >= 0 || Number.isNaN(s) ? s : 0) : Math.tanh(s);
      v = st ? st(v) : Math.fround(v);
      hOut[ho + j] = v;
      out[oo + j] = v;
    }
  }
}

function stepF64(
  relu: boolean, N: number, H: number, h: Float64Array, W: Float64Array, b: Float64Array | null, P: Float64Array, pOff: number,
  hOut: Float64Array, out: Float64Array, outOff: number, outStride: number,
): void {
  chainF64(h, 0, N, H, W, H, hOut, 0);
  for (let n = 0; n < N; n++) {
    const ho = n * H;
    const oo = outOff + n * outStride;
    for (let j = 0; j < H; j++) {
      let g = hOut[ho + j];
      if (b) g += b[j];
      const s = g + P[pOff + ho + j];
      const v = relu ? (s >= 0 || Number.isNaN(s) ? s : 0) : Math.tanh(s);
      hOut[ho + j] = v;
      out[oo + j] = v;
    }
  }
}
