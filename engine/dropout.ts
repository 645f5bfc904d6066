// torch.nn.functional.dropout(x, p, training=True) on CPU, in place, as ATen's _dropout_impl does it:
//   noise = empty_like(x).bernoulli_(1 - p); noise.div_(1 - p); x = x * noise
// bernoulli_(q) draws random64() per element in row-major order and keeps it if
// (u64 & (2^53-1)) * 2^-53 < q. Because it is a multiply, a dropped NaN or inf becomes NaN, and a
// dropped negative number becomes -0. p = 1 is x * 0 with no draws; p = 0 or an empty tensor: nothing.
// Older torch builds had an MKL path for Intel CPUs (MCG31 stream seeded by one random() word); torch
// 2.13 on an Intel Xeon (AVX512) draws as above, which test/random-vs-torch.test.ts checks live.
import { atenName, isComplex, realPart, type Storage } from './dtype.js';
import { notImplementedError, valueError } from './errors.js';
import { roundBF16, roundF16 } from './half.js';
import { defaultGenerator, type Generator } from './mt19937.js';
import type { Tensor } from './tensor.js';

/** The kept elements' factor as torch computes it: noise (1) divided by the scalar 1 - p in the dtype's opmath. */
function keepScale(dtype: Tensor['dtype'], q: number): number {
  const base = realPart(dtype);
  if (base === 'float64') return 1 / q;
  const s = Math.fround(1 / Math.fround(q)); // float division (double rounding is innocuous for division)
  return base === 'float32' ? s : base === 'float16' ? roundF16(s) : roundBF16(s);
}

/** x * 0 in the dtype: NaN and inf give NaN, negative numbers give -0. Complex: (re + im i) * (0 + 0i). */
function timesZero(t: Tensor): void {
  const d = t.data;
  if (isComplex(t.dtype)) {
    for (let i = 0; i < d.length; i += 2) {
      const re = d[i] * 0 - d[i + 1] * 0;
      const im = d[i] * 0 + d[i + 1] * 0;
      d[i] = re;
      d[i + 1] = im;
    }
  } else {
    for (let i = 0; i < d.length; i++) d[i] *= 0;
  }
}

/**
 * Training-mode dropout over the whole tensor, in place, drawing from gen as torch's CPU kernel does.
 * noise, when given (same length as t.data), receives each element's factor (0 or 1/(1-p) in the
 * dtype): what torch's MulBackward0 multiplies the gradient by.
 */
export function dropout_(t: Tensor, p: number, gen: Generator = defaultGenerator, noise?: Storage): void {
  if (!(p >= 0 && p <= 1)) throw valueError(`dropout probability has to be between 0 and 1, but got ${p}`);
  const d = t.data;
  if (p === 0 || d.length === 0) return;
  if (p === 1) {
    timesZero(t);
    noise?.fill(0);
    return;
  }
  if (isComplex(t.dtype)) throw notImplementedError(`"bernoulli_scalar_cpu_" not implemented for '${atenName(t.dtype)}'`);
  const q = 1 - p;
  const scale = keepScale(t.dtype, q);
  const base = realPart(t.dtype);
  // The factors come from replaying the same draws (values cannot tell a kept 0 from a dropped one).
  if (noise) {
    const replay = gen.clone();
    for (let i = 0; i < d.length; i++) noise[i] = replay.nextUnit53() < q ? scale : 0;
  }
  if (d instanceof Float64Array) dropF64(d, q, scale, gen);
  else if (base === 'float32') dropF32(d, q, scale, gen);
  else dropHalf(d, q, scale, gen, base === 'float16' ? roundF16 : roundBF16);
}

// One loop per storage type keeps each loop monomorphic (several times faster in V8).
function dropF64(d: Float64Array, q: number, scale: number, gen: Generator): void {
  for (let i = 0; i < d.length; i++) d[i] = d[i] * (gen.nextUnit53() < q ? scale : 0);
}

/** The product of two float32 values is exact in a double; the Float32Array store rounds it once. */
function dropF32(d: Float32Array, q: number, scale: number, gen: Generator): void {
  for (let i = 0; i < d.length; i++) d[i] = d[i] * (gen.nextUnit53() < q ? scale : 0);
}

/** float16/bfloat16 in float32 storage: torch multiplies in float32 (exact here) and rounds to the dtype. */
function dropHalf(d: Float32Array, q: number, scale: number, gen: Generator, round: (x: number) => number): void {
  for (let i = 0; i < d.length; i++) d[i] = round(d[i] * (gen.nextUnit53() < q ? scale : 0));
}
