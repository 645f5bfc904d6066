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
      // h = tanh(x/4) = x/4 for x of one to three smallest normals: a subnormal.
      for (let i = 0; i < x.length; i++) x[i] = round((rand() < 0.5 ? -1 : 1) * (1 + 2 * rand()) * minNormal);
      fill(sd.weight_ih_l0, 0.25);
      fill(sd.weight_hh_l0, 0);
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
