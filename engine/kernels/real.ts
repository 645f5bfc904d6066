// Per-direction math for real dtypes, allocation-free (ONNX reference's _run_forward, typed arrays).
// float32 accumulates in float32: fround(acc + a*b) is an FMA (a*b is exact in double), summed from
// 0 in k order, then the bias added. float16/bfloat16 run the float32 pipeline and round to the dtype
// at the four points torch does (P, g, s, h). float64 is plain double.
import type { Storage } from '../dtype.js';

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
  for (let r = 0; r < rows; r++) {
    const xo = r * inSize;
    for (let j = 0; j < H; j++) {
      const wo = j * inSize;
      let acc = 0;
      if (L.f32) {
        for (let k = 0; k < inSize; k++) acc = Math.fround(acc + x[xo + k] * W[wo + k]);
        if (separateBias && L.store) acc = L.store(acc);
        if (b) acc = Math.fround(acc + b[j]);
      } else {
        for (let k = 0; k < inSize; k++) acc += x[xo + k] * W[wo + k];
        if (b) acc += b[j];
      }
      P[r * H + j] = L.store ? L.store(acc) : acc;
    }
  }
}

/**
 * One time step for a batch: h' = act((h·Whhᵀ + b) + P_t). h, hOut: N × H; P read at pOff.
 * Also writes h' into out (row stride outStride, column offset outCol) for the layer output.
 */
export function stepReal(
  L: RealLayout, N: number, H: number, h: Storage, W: Storage, b: Storage | null, P: Storage, pOff: number,
  hOut: Storage, out: Storage, outOff: number, outStride: number,
): void {
  const st = L.store;
  for (let n = 0; n < N; n++) {
    const ho = n * H;
    for (let j = 0; j < H; j++) {
      const wo = j * H;
      let g = 0;
      let s: number;
      if (L.f32) {
        for (let k = 0; k < H; k++) g = Math.fround(g + h[ho + k] * W[wo + k]);
        if (b) g = Math.fround(g + b[j]);
        if (st) g = st(g);
        s = Math.fround(g + P[pOff + ho + j]);
        if (st) s = st(s);
      } else {
        for (let k = 0; k < H; k++) g += h[ho + k] * W[wo + k];
        if (b) g += b[j];
        s = g + P[pOff + ho + j];
      }
      // relu keeps NaN (torch's clamp_min propagates it); tanh(NaN) is NaN.
      let v = L.relu ? (s > 0 || Number.isNaN(s) ? s : 0) : Math.tanh(s);
      if (L.f32) v = st ? st(v) : Math.fround(v);
      hOut[ho + j] = v;
      out[outOff + n * outStride + j] = v;
    }
  }
}
