// Targeted value construction: what materialize does to a case built to reach one numeric regime
// (../case/steer-names.ts). Runs after the default materialization, on the same PRNG, so a steered case is
// still a pure function of its spec. Each construction makes the regime certain, not likely: exact
// weights (ones, zeros, 1/4, 1/2) put the pre-activation where the regime lives.
import { isComplex, realPart, type DType } from '../../engine/dtype.js';
import type { Tensor } from '../../engine/tensor.js';
import type { CaseSpec } from '../case/index.js';
import type { ConformanceCase } from '../case/index.js';
import type { Steer } from '../case/steer-names.js';

/** The largest finite value and the smallest normal one of a real dtype (of a complex dtype's parts). */
export function dtypeRange(d: DType): { max: number; minNormal: number } {
  switch (realPart(d)) {
    case 'float16':
      return { max: 65504, minNormal: 2 ** -14 };
    case 'bfloat16':
      return { max: 3.3895313892515355e38, minNormal: 2 ** -126 };
    case 'float32':
      return { max: 3.4028234663852886e38, minNormal: 2 ** -126 };
    default:
      return { max: Number.MAX_VALUE, minNormal: 2 ** -1022 };
  }
}

// |Re| at, just below and beyond glibc's large-argument threshold (44 for ctanhf, 354 for ctanh),
// and past where sinh·cosh overflows; Im ordinary, near a pole, tiny.
const LARGE_RE = { complex64: [40, 43.5, 44, 44.5, 60, 87.9, 88.8, 100], complex128: [350, 353.5, 354, 354.5, 400, 709, 710.5, 800] };
const IM = [0.5, 1.3, -2.9, Math.PI / 2, 1e-3, 3];
const POLE_RE = [0, 1e-3, -1e-8, 1e-30, 0.25];
const POLE_K = [0, 1, -1, -2, 10];

/** Fills a weight tensor with one value (complex: value + 0i). */
function fill(t: Tensor | undefined, value: number, rows?: readonly number[]): void {
  if (!t) return;
  const lanes = isComplex(t.dtype) ? 2 : 1;
  const cols = t.shape.length === 2 ? (t.shape[1] as number) : 1;
  const rowList = rows ?? Array.from({ length: t.shape[0] as number }, (_, r) => r);
  for (const r of rowList) for (let k = 0; k < cols; k++) for (let z = 0; z < lanes; z++) t.data[(r * cols + k) * lanes + z] = z === 0 ? value : 0;
}

export function applySteer(steer: Steer, spec: CaseSpec, c: ConformanceCase, rand: () => number, round: (x: number) => number): void {
  const sd = c.stateDict ?? {};
  const x = c.input.data;
  const { max, minNormal } = dtypeRange(spec.dtype);
  switch (steer) {
    case 'hx-special':
      return; // materialize places the value
    case 'overflow':
      // Every input in (0.3, 0.5)·max and a row of ones: the first pre-activation is past the maximum.
      for (let i = 0; i < x.length; i++) x[i] = round((0.3 + 0.2 * rand()) * max);
      fill(sd.weight_ih_l0, 1, [0]);
      return;
    case 'underflow':
    case 'underflow-amplified':
      // h = tanh(x/4) = x/4 for x of one to three smallest normals: a subnormal. 'underflow-amplified'
      // then multiplies it by W_hh = 1/minNormal (2^126, 2^14: exact) back to 0.25–0.75 at the next step,
      // where a subnormal flushed to zero (or rounded wrongly) shows far beyond any tolerance (alone it
      // hides inside atol).
      for (let i = 0; i < x.length; i++) x[i] = round((rand() < 0.5 ? -1 : 1) * (1 + 2 * rand()) * minNormal);
      fill(sd.weight_ih_l0, 0.25);
      fill(sd.weight_hh_l0, steer === 'underflow' ? 0 : 1 / minNormal);
      return;
    case 'dropout-overflow':
      // Layer 0 (relu, W_ih = 1, W_hh = 0) passes x through; dropout's 1/(1-p) = 2 takes it past max.
      for (let i = 0; i < x.length; i++) x[i] = round((0.6 + 0.3 * rand()) * max);
      // Layer 1 halves it (W_ih = 1/2, W_hh = 0): an inf stays inf, a value that wrongly stayed finite
      // (dropout not rounded to the dtype) comes back below the maximum.
      fill(sd.weight_ih_l0, 1);
      fill(sd.weight_ih_l1, 0.5);
      for (const k of ['weight_hh_l0', 'weight_hh_l1']) fill(sd[k], 0);
      return;
    case 'ctanh-large':
    case 'ctanh-pole': {
      // The pre-activation is the input itself: W_ih = 1 + 0i, W_hh = 0, no bias, no hx.
      fill(sd.weight_ih_l0, 1);
      fill(sd.weight_hh_l0, 0);
      const pick = <T>(a: readonly T[]): T => a[Math.floor(rand() * a.length)] as T;
      for (let i = 0; i < x.length; i += 2) {
        const sign = rand() < 0.5 ? -1 : 1;
        if (steer === 'ctanh-large') {
          x[i] = round(sign * pick(spec.dtype === 'complex64' ? LARGE_RE.complex64 : LARGE_RE.complex128));
          x[i + 1] = round(pick(IM));
        } else {
          x[i] = round(sign * pick(POLE_RE));
          x[i + 1] = round(Math.PI / 2 + pick(POLE_K) * Math.PI);
        }
      }
      return;
    }
    case 'relu-growth':
      // h' = relu(0.5·Σh + P + 10): with H = 4 the state doubles every step.
      for (const [k, t] of Object.entries(sd)) {
        if (k.startsWith('weight_hh')) fill(t, 0.5);
        if (k.startsWith('bias_hh')) fill(t, 10);
      }
      return;
    case 'product-overflow': {
      // bfloat16 products are exact in float32 unless they leave its range. With the first and last input
      // feature 2^100, row 0 of W_ih (2^33, 0…, -2^33) makes 2^133 - 2^133: inf - inf = NaN, as torch's
      // gemm rounds each product; row 1 (-1.5·2^27, 0…, 2^28) makes -1.5·2^127 + 2^128: inf, where a fused
      // multiply-add gives a finite 2^126 (relu keeps both). Every later step sees the NaN through W_hh.
      // With 16 features or more the pair is features 0 and 8 instead: lane 0 of torch's 16-wide loop,
      // where products are fused (2^133 then -2^133 stays inf; -1.5·2^127 + 2^128 is 2^126).
      const I = spec.input_size;
      const b = I >= 16 ? 8 : I - 1;
      for (let i = 0; i < x.length; i += I) x[i] = x[i + b] = 2 ** 100;
      const w = sd.weight_ih_l0;
      if (!w) return;
      fill(w, 0, [0, 1]);
      w.data[0] = 2 ** 33;
      w.data[b] = -(2 ** 33);
      w.data[I] = -1.5 * 2 ** 27;
      w.data[I + b] = 2 ** 28;
      return;
    }
    case 'grad-product-overflow':
    case 'grad-weight-product-overflow': {
      // One step of relu from hx, every pre-activation 0.5·Σx + 1 = 2 > 0 (x = 1, W_ih = 1/2, b_ih = 1,
      // b_hh = 0), so grad_output reaches every gs unchanged.
      x.fill(1);
      fill(sd.weight_ih_l0, 0.5);
      fill(sd.bias_ih_l0, 1);
      fill(sd.bias_hh_l0, 0);
      const whh = sd.weight_hh_l0;
      const g = c.gradOutput?.data;
      if (!whh || !g || !c.hx) return;
      const H = spec.hidden_size;
      if (steer === 'grad-product-overflow') {
        // grad.hx[n, k] = Σ_j gs[n, j]·W_hh[j, k] with gs = 2^100, torch's gemm_notrans_: four partial
        // sums (j = 4i + m into partial m), products of its four-way loop fused into the add, leftover
        // ones (j >= H - H % 4) rounded to float32 first.
        c.hx.data.fill(0);
        fill(whh, 0);
        g.fill(2 ** 100);
        if (H < 8) {
          // H = 5: rows 0 (fused) and 4 (a leftover) give 2^133, then -2^133 rounded: inf - inf = NaN (a
          // fused leftover stays inf); row 1 adds an ordinary 3·2^100.
          fill(whh, 2 ** 33, [0]);
          fill(whh, 3, [1]);
          fill(whh, -(2 ** 33), [4]);
        } else {
          // H = 9: column 0, rows 0 and 4 (both in the loop, one partial): 2^133 then -2^133 fused stays
          // inf (rounding each gives inf - inf = NaN); column 1, rows 0 and 8 (a leftover): NaN.
          whh.data[0] = whh.data[1] = 2 ** 33;
          whh.data[4 * H] = whh.data[8 * H + 1] = -(2 ** 33);
        }
      } else {
        // grad.weight_hh[j, k] = Σ_n gs[n, j]·hx[n, k]: gs = ±2^100 by batch row, hx = 2^33, so 2^133 then
        // -2^133. torch's transposed mm keeps inf here (its sum is not rounded after each product); W_hh = 0
        // keeps the pre-activations at 2.
        c.hx.data.fill(2 ** 33);
        fill(whh, 0);
        for (let i = 0; i < g.length; i++) g[i] = Math.floor(i / H) % 2 === 0 ? 2 ** 100 : -(2 ** 100);
      }
      return;
    }
    case 'ctanh-inf': {
      // An infinite real part made from finite values. complex64: x·W_ih with the first input feature
      // 2^127 and a first W_ih column of ±4 (row 0: -4) overflows to ±inf + 0i (torch's cgemm takes its
      // path without the alpha multiply for these sizes: rows >= 2, H >= 8, K >= 4), add_'s alpha makes
      // ±inf + NaN·i, tanh ±1. complex128: hx of ±2^1022 through W_hh = 8·I overflows, zgemm's alpha makes
      // ±inf + NaN·i, tanh ±1 (C99 Annex G: ctanh(±inf + iy) = ±1 for every y, NaN included).
      const I = spec.input_size;
      const H = spec.hidden_size;
      const whh = sd.weight_hh_l0;
      const wih = sd.weight_ih_l0;
      if (!whh || !wih) return;
      fill(whh, 0);
      fill(wih, 0);
      if (spec.dtype === 'complex64') {
        for (let j = 0; j < H; j++) wih.data[2 * j * I] = j === 0 || rand() < 0.5 ? -4 : 4;
        for (let i = 0; i < x.length; i += 2 * I) {
          x[i] = 2 ** 127;
          x[i + 1] = 0;
        }
      } else if (c.hx) {
        for (let j = 0; j < H; j++) whh.data[2 * (j * H + j)] = 8;
        const h = c.hx.data;
        for (let i = 0; i < h.length; i += 2) {
          h[i] = (rand() < 0.5 ? -1 : 1) * 2 ** 1022;
          h[i + 1] = 0;
        }
      }
      return;
    }
    case 'lanes-cancel': {
      // input_size 16: torch's 16-wide loop, where lane l takes features l and l + 8 (dot-vec8.ts). Per
      // row, features 0 and 2 (lanes 0 and 2) make products ±2^25 that cancel (x = ±2^12 twice, W_ih
      // 2^13 and -2^13), feature 1 (lane 1) a small one v·w (v in [0.5, 0.94], w = 2^-(j mod 4): exact
      // in the dtype); the rest are 0. AVX2's reduction (l0 + l2) + (l1 + l3) gives v·w; the lanes added
      // in order lose it in ±2^25 + v·w (under half an ulp either side) and give 0. No bias, W_hh = 0
      // (and H < 16: one by one), relu: the output is v·w, or 0.
      const I = spec.input_size;
      const w = sd.weight_ih_l0;
      fill(w, 0);
      fill(sd.weight_hh_l0, 0);
      if (w) for (let j = 0; j < spec.hidden_size; j++) [w.data[j * I], w.data[j * I + 1], w.data[j * I + 2]] = [2 ** 13, 2 ** -(j % 4), -(2 ** 13)];
      x.fill(0);
      for (let i = 0; i < x.length; i += I) {
        x[i] = x[i + 2] = (rand() < 0.5 ? -1 : 1) * 2 ** 12;
        x[i + 1] = round(0.5 + 0.4375 * rand());
      }
      return;
    }
    case 'grad-swamped': {
      // relu, x = 1, W_ih = 1, W_hh = 0, biases 0: h = 1 at every step and gs = grad_output (nothing
      // carried through W_hh). grad_output B/N per row at the last step (B = 2048 in float16, 256 in
      // bfloat16, where the ulp is 2), 0.375 before: each earlier step adds 0.75 (N = 2), under half an
      // ulp, to grad.weight_hh and grad.bias_hh, which torch's autograd rounds to the dtype after each
      // add: they stay B. Summed without rounding they end near B + 0.75·T, many tolerances away.
      const g = c.gradOutput?.data;
      if (!g) return;
      const B = spec.dtype === 'float16' ? 2048 : 256;
      const N = spec.batch;
      x.fill(1);
      fill(sd.weight_ih_l0, 1);
      fill(sd.weight_hh_l0, 0);
      fill(sd.bias_ih_l0, 0);
      fill(sd.bias_hh_l0, 0);
      const last = (spec.seqLen - 1) * N * spec.hidden_size; // seq-first (batch_first fixed false)
      for (let i = 0; i < g.length; i++) g[i] = i >= last ? B / N : 0.375;
      return;
    }
    case 'zeros': {
      // Every other (t, n) row of exact zeros, of both signs: with no bias and no hx, h = act(±0).
      const I = c.input.shape[c.input.shape.length - 1] as number;
      const lanes = isComplex(spec.dtype) ? 2 : 1;
      const row = I * lanes;
      for (let r = 0; r * row < x.length; r += 2) for (let k = 0; k < row; k++) x[r * row + k] = rand() < 0.5 ? -0 : 0;
      return;
    }
  }
}
