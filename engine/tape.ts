// The backward pass's layer / direction / layout plumbing (the mirror of forward.ts): what a forward
// with { grad: true } keeps, and tape.backward(gOut, gHN), which computes what
// torch.autograd.backward([output, h_n], [gOut, gHN]) leaves in input.grad, hx.grad and every
// parameter's .grad. The per-direction math is kernels/bptt-*.ts.
import type { RNNConfig } from './config.js';
import { allocStorage, isComplex, lanes, type Storage } from './dtype.js';
import { runtimeError } from './errors.js';
import type { DirectionWeights, ForwardRecord } from './forward.js';
import { castGrad, checkUpstreamGrads, zerosLike } from './grad-args.js';
import { roundBF16, roundF16 } from './half.js';
import { indexSelect } from './index-select.js';
import { transpose } from './kernels/bptt.js';
import { addAlpha, bpttComplex, projectionGradComplex } from './kernels/bptt-complex.js';
import { bpttReal, projectionGradReal } from './kernels/bptt-real.js';
import type { RealLayout } from './kernels/real.js';
import type { PackedSequence } from './packed.js';
import type { Tensor } from './tensor.js';

/** Gradients by name: `input`, `hx` (when hx was given) and every parameter (`weight_ih_l0`, ...). */
export type Gradients = Record<string, Tensor>;

export interface TapeState {
  readonly config: RNNConfig;
  readonly weights: readonly DirectionWeights[];
  readonly record: ForwardRecord;
  /** The input: padded, or a PackedSequence's data (then `packed` holds the rest of it). */
  readonly input: Tensor;
  readonly packed: Omit<PackedSequence, 'data'> | null;
  readonly hx: Tensor | null;
  /** output, or a packed output's data. */
  readonly output: Tensor;
  readonly hN: Tensor;
  /** Adds this backward's parameter gradients to the module's (like AccumulateGrad). */
  readonly accumulate: (grads: Gradients) => void;
}

const SECOND_BACKWARD =
  'Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed). ' +
  'Saved intermediate values of the graph are freed when you call .backward() or autograd.grad(). ' +
  'Specify retain_graph=True if you need to backward through the graph a second time or if you need to access saved tensors after calling backward.';

/**
 * A forward's record: its results, and the backward through it. For a PackedSequence input the
 * output is a PackedSequence; the backward then takes its data's gradient (or a PackedSequence
 * holding it) and gives the input data's gradient as grads.input (torch's pack_padded_sequence and
 * pad_packed_sequence only move rows: pack and pad those gradients as the tensors themselves).
 */
export class Tape<O extends Tensor | PackedSequence = Tensor> {
  readonly output: O;
  readonly hN: Tensor;
  private state: TapeState | null;

  constructor(state: TapeState, output: O) {
    this.state = state;
    this.output = output;
    this.hN = state.hN;
  }

  /**
   * torch.autograd.backward([output, h_n], [gradOutput, gradHN], retain_graph=retainGraph): returns this
   * pass's gradients and adds the parameters' to the module's accumulated .grad. gradHN absent: zeros.
   */
  backward(gradOutput: O extends PackedSequence ? Tensor | PackedSequence : Tensor, gradHN?: Tensor | null, opts: { retainGraph?: boolean } = {}): Gradients {
    const s = this.state;
    if (!s) throw runtimeError(SECOND_BACKWARD);
    const gHN = gradHN ?? zerosLike(s.hN);
    if ('batchSizes' in gradOutput) gradOutput = gradOutput.data;
    checkUpstreamGrads([s.output, s.hN], [gradOutput, gHN]);
    const grads = rnnBackward(s, castGrad(gradOutput, s.config.dtype), castGrad(gHN, s.config.dtype));
    if (!opts.retainGraph) this.state = null;
    s.accumulate(grads);
    return grads;
  }
}

function rnnBackward(s: TapeState, gOutput: Tensor, gHN: Tensor): Gradients {
  const c = s.config;
  const D = c.bidirectional ? 2 : 1;
  const H = c.hiddenSize;
  const L = c.numLayers;
  const lane = lanes(c.dtype);
  const pk = s.packed;
  const batched = s.input.shape.length === 3;
  const bf = c.batchFirst && batched;
  const [T, N] = pk ? [pk.batchSizes.length, pk.batchSizes[0]] : bf ? [s.input.shape[1], s.input.shape[0]] : batched ? [s.input.shape[0], s.input.shape[1]] : [s.input.shape[0], 1];
  const NH = N * H;
  // A packed batch: step t's rows, and hx / h_n's gradient in the sorted order the recurrence runs in
  const steps = pk ? packedSteps(pk.batchSizes) : null;
  const sorted = (t: Tensor | null): Tensor | null => (t && pk?.sortedIndices ? indexSelect(t, 1, pk.sortedIndices) : t);
  const hx = sorted(s.hx);
  gHN = sorted(gHN) as Tensor;
  const cplx = isComplex(c.dtype);
  // torch's h_n is index_select(sorted h_n, unsorted_indices): its backward adds the gradient into zeros,
  // 0 + g, for complex 0 + (1 + 0i)·g (a -0 comes back +0)
  if (pk?.sortedIndices) gHN = { ...gHN, data: addInDType(c.dtype, allocStorage(c.dtype, gHN.data.length / lane), gHN.data) };
  const real: RealLayout = {
    f32: c.dtype !== 'float64',
    store: c.dtype === 'float16' ? roundF16 : c.dtype === 'bfloat16' ? roundBF16 : null,
    relu: c.nonlinearity === 'relu',
  };
  const add = (a: Storage, b: Storage): Storage => addInDType(c.dtype, a, b);
  const grads: Gradients = {};
  const param = (name: string, shape: number[], data: Storage): void => {
    grads[name] = { dtype: c.dtype, shape, data };
  };
  // The last layer's output gradient, seq-first (T, N, D*H).
  let gLayer = bf ? swap01(gOutput.data, T, N, D * H * lane) : gOutput.data;
  const gHx = hx ? allocStorage(c.dtype, L * D * NH) : null;
  let gInput: Storage = gLayer;
  for (let l = L - 1; l >= 0; l--) {
    const inSize = l === 0 ? c.inputSize : D * H;
    const rows = steps ? steps.rows : T * N;
    const x = s.record.inputs[l];
    const xT = allocStorage(c.dtype, rows * inSize);
    transpose(x, 0, inSize * lane, rows, inSize, lane, xT);
    let gX: Storage | null = null;
    for (let d = 0; d < D; d++) {
      const slot = l * D + d;
      const w = s.weights[slot];
      const sfx = `l${l}${d === 1 ? '_reverse' : ''}`;
      const gS = allocStorage(c.dtype, rows * H);
      const gWhh = allocStorage(c.dtype, H * H);
      const gBhh = c.bias ? allocStorage(c.dtype, H) : null;
      const gH0 = gHx ? gHx.subarray(slot * NH * lane, (slot + 1) * NH * lane) : null;
      const dir = {
        T, N, H, reverse: d === 1,
        h: s.record.outputs[l], off: d * H * lane, stride: D * H * lane,
        h0: hx ? hx.data.subarray(slot * NH * lane, (slot + 1) * NH * lane) : null,
        whh: w.whh, relu: real.relu,
        gOut: gLayer, gHN: gHN.data, gHNOff: slot * NH * lane,
        gS, gWhh, gBhh, gH0,
        ...(steps ? { sizes: pk?.batchSizes, starts: steps.starts } : {}),
      };
      const gWih = allocStorage(c.dtype, H * inSize);
      const gBih = c.bias ? allocStorage(c.dtype, H) : null;
      const gXd = allocStorage(c.dtype, rows * inSize);
      const proj = { rows, inSize, H, xT, wih: w.wih, gS, gWih, gBih, gX: gXd };
      if (cplx) {
        bpttComplex(c.dtype === 'complex64', dir);
        projectionGradComplex(c.dtype === 'complex64', proj);
      } else {
        bpttReal(real, dir);
        projectionGradReal(real, proj);
      }
      param(`weight_ih_${sfx}`, [H, inSize], gWih);
      param(`weight_hh_${sfx}`, [H, H], gWhh);
      if (gBih && gBhh) {
        param(`bias_ih_${sfx}`, [H], gBih);
        param(`bias_hh_${sfx}`, [H], gBhh);
      }
      // both directions read the same input: their gradients add, the reverse direction's arriving first
      // (its projection has the higher sequence number in torch's graph): old + alpha·new for complex
      gX = gX ? add(gXd, gX) : gXd;
    }
    if (!gX) throw new Error('internal: a layer without directions');
    const noise = l > 0 ? s.record.noise[l - 1] : null;
    if (noise) multiplyNoise(c.dtype, gX, noise);
    if (l > 0) gLayer = gX;
    else gInput = gX;
  }
  const inputGrad = bf && !pk ? swap01(gInput, N, T, c.inputSize * lane) : gInput;
  const out: Gradients = { input: { dtype: c.dtype, shape: [...s.input.shape], data: inputGrad } };
  if (s.hx && gHx) {
    const g: Tensor = { dtype: c.dtype, shape: [...s.hx.shape], data: gHx };
    out.hx = pk?.unsortedIndices ? indexSelect(g, 1, pk.unsortedIndices) : g;
  }
  // parameters in registration (state_dict) order
  for (let l = 0; l < L; l++) {
    for (let d = 0; d < D; d++) {
      const sfx = `l${l}${d === 1 ? '_reverse' : ''}`;
      for (const k of ['weight_ih', 'weight_hh', 'bias_ih', 'bias_hh']) if (grads[`${k}_${sfx}`]) out[`${k}_${sfx}`] = grads[`${k}_${sfx}`];
    }
  }
  return out;
}

/**
 * Elementwise a + b in the dtype (a new array): how autograd sums two gradients of one tensor, a the
 * one that arrived first. Complex: add's a + alpha·b with alpha = 1 + 0i as a complex multiply
 * (addAlpha), which can turn a zero's sign (and an infinite part into NaN).
 */
export function addInDType(dtype: Tensor['dtype'], a: Storage, b: Storage): Storage {
  if (isComplex(dtype)) return addAlpha(dtype === 'complex64', a, b);
  const round = dtype === 'float16' ? roundF16 : dtype === 'bfloat16' ? roundBF16 : null;
  const out = a.slice();
  for (let i = 0; i < out.length; i++) out[i] = round ? round(a[i] + b[i]) : a[i] + b[i];
  return out;
}

/** MulBackward0 of dropout's x * noise: g * conj(noise), in place, rounded to the dtype. */
function multiplyNoise(dtype: Tensor['dtype'], g: Storage, noise: Storage): void {
  if (isComplex(dtype)) {
    // only p = 1 reaches here for complex (torch refuses 0 < p < 1): noise 0, conj(0) = 0 - 0i. What reaches a
    // gradient is h_n's gradient + (1 + 0i)·g (or g + a carry summed from +0): the imaginary part's zero sign
    // counts only when the real part is -0, and then both products give it +0 (gi * nr's sign cannot show)
    for (let i = 0; i < g.length; i += 2) {
      const gr = g[i], gi = g[i + 1], nr = noise[i], ni = -noise[i + 1];
      g[i] = gr * nr - gi * ni;
      g[i + 1] = gr * ni + gi * nr;
    }
    return;
  }
  const round = dtype === 'float16' ? roundF16 : dtype === 'bfloat16' ? roundBF16 : null;
  for (let i = 0; i < g.length; i++) g[i] = round ? round(g[i] * noise[i]) : g[i] * noise[i];
}

/** (A, B, row) laid out B-major -> (B, A, row): batch_first <-> seq-first. */
function swap01(data: Storage, A: number, B: number, row: number): Storage {
  const out = data.slice();
  for (let b = 0; b < B; b++) {
    for (let a = 0; a < A; a++) out.set(data.subarray((b * A + a) * row, (b * A + a + 1) * row), (a * B + b) * row);
  }
  return out;
}

/** A packed batch's steps: where each starts among the rows, and how many rows there are. */
function packedSteps(batchSizes: readonly number[]): { starts: number[]; rows: number } {
  const starts = new Array<number>(batchSizes.length);
  let rows = 0;
  batchSizes.forEach((n, t) => {
    starts[t] = rows;
    rows += n;
  });
  return { starts, rows };
}
