// The layer / direction / layout plumbing around the per-direction kernels (ONNX reference's _run):
// torch's forward checks in torch's order, batch_first and unbatched reshaping, the reverse
// direction, the concatenation of directions, dropout between layers and h_n.
import type { ConfigDisplay, RNNConfig } from './config.js';
import { allocStorage, atenName, cppName, isComplex, lanes, torchName, type DType, type Storage } from './dtype.js';
import { notImplementedError, runtimeError, valueError } from './errors.js';
import { fastKind, runFastDirection, type Precision } from './fast/index.js';
import { roundBF16, roundF16 } from './half.js';
import { projectComplex, stepComplex } from './kernels/complex.js';
import { projectReal, stepReal, type RealLayout } from './kernels/real.js';
import { shapeList, shapeTuple, type Tensor } from './tensor.js';
import { checkVFArgs } from './vf-args.js';

export interface DirectionWeights {
  readonly wih: Storage;
  readonly whh: Storage;
  readonly bih: Storage | null;
  readonly bhh: Storage | null;
}

export interface ForwardContext {
  readonly config: RNNConfig;
  readonly display: ConfigDisplay;
  /** weights[l * D + d] */
  readonly weights: readonly DirectionWeights[];
  readonly training: boolean;
  /** In-place dropout with 0 < p <= 1 on a non-empty seq-first layer output (dropout.ts's dropout_); noise gets the factors. */
  readonly dropout: (t: Tensor, p: number, noise?: Storage) => void;
  /** 'fast': float32, float64 and complex64 directions run engine/fast/ (default 'exact'). */
  readonly precision?: Precision;
  /** When given, the forward keeps in it what the backward needs (tape.ts). */
  readonly record?: ForwardRecord;
}

/** What a forward keeps for its backward, per layer, seq-first. */
export interface ForwardRecord {
  /** The layer's input (T, N, in): the input itself for layer 0, the previous output after dropout. */
  readonly inputs: Storage[];
  /** The layer's output before dropout (T, N, D*H): every direction's h_t. */
  readonly outputs: Storage[];
  /** The dropout factors applied to the layer's output (0 or 1/(1-p) in the dtype), or null. */
  readonly noise: (Storage | null)[];
}

export function rnnForward(ctx: ForwardContext, input: Tensor, hx: Tensor | null): [Tensor, Tensor] {
  const c = ctx.config;
  const D = c.bidirectional ? 2 : 1;
  const dims = input.shape.length;
  if (dims !== 2 && dims !== 3) throw valueError(`RNN: Expected input to be 2D or 3D, got ${dims}D tensor instead`);
  const batched = dims === 3;
  if (hx && !batched && hx.shape.length !== 2) {
    throw runtimeError(`For unbatched 2-D input, hx should also be 2-D but got ${hx.shape.length}-D tensor`);
  }
  if (hx && batched && hx.shape.length !== 3) {
    throw runtimeError(`For batched 3-D input, hx should also be 3-D but got ${hx.shape.length}-D tensor`);
  }
  // Unbatched input gets a batch dimension of 1 (where batch_first puts it); hx gets it at dim 1.
  const inShape = batched ? input.shape : c.batchFirst ? [1, ...input.shape] : [input.shape[0], 1, input.shape[1]];
  const hxShape = hx ? (batched ? hx.shape : [hx.shape[0], 1, hx.shape[1]]) : null;
  checkInputDType(c, input.dtype);
  const inSize = inShape[2];
  checkInputSize(ctx, inSize);
  const [T, N] = c.batchFirst ? [inShape[1], inShape[0]] : [inShape[0], inShape[1]];
  const H = c.hiddenSize;
  const hShape = [c.numLayers * D, N, H];
  if (hxShape) checkHiddenSize(hShape, hxShape);
  checkVFArgs(c, ctx.display);
  if (T === 0) throw runtimeError('Expected sequence length to be larger than 0 in RNN');
  checkFirstStep(c, hx);
  const cplx = isComplex(c.dtype);

  const lane = lanes(c.dtype);
  // batch_first input reaches torch's linear as a transposed view: non-contiguous unless a dim is 1.
  const transposedInput = c.batchFirst && batched && T > 1 && N > 1;
  let x = seqFirst(input.data, c.batchFirst && batched, T, N, inSize * lane);
  const hN = allocStorage(c.dtype, c.numLayers * D * N * H);
  const realLayout = realLayoutOf(c);
  // The input projections x·W_ihᵀ + b_ih for every step. One direction writes them straight into the
  // layer's output, where each step reads its own row before overwriting it with h: no extra
  // T×N×H buffer (peak memory stays outputs + weights + a constant).
  let P: Storage | null = null; // allocated when an exact direction of a bidirectional layer needs it
  const h = allocStorage(c.dtype, N * H);
  const h2 = allocStorage(c.dtype, N * H);
  const NH = N * H * lane;
  const fast = ctx.precision === 'fast' ? fastKind(c.dtype) : null;
  const rec = ctx.record;
  for (let l = 0; l < c.numLayers; l++) {
    rec?.inputs.push(x);
    const layerIn = l === 0 ? inSize : D * H;
    const out = allocStorage(c.dtype, T * N * D * H);
    for (let d = 0; d < D; d++) {
      const w = ctx.weights[l * D + d];
      const slot = (l * D + d) * NH;
      const h0 = hx ? hx.data.subarray(slot, slot + NH) : null;
      if (fast && runFastDirection({ kind: fast, relu: realLayout.relu, T, N, K: layerIn, H, reverse: d === 1, x, ...w, h0, out, outOff: d * H, outStride: D * H, hN, hnOff: slot / lane })) continue;
      const Pd = D === 1 ? out : (P ??= allocStorage(c.dtype, T * N * H));
      if (cplx) projectComplex(c.dtype === 'complex64', x, T * N, layerIn, w.wih, w.bih, H, Pd, l === 0 && transposedInput);
      else projectReal(realLayout, x, T * N, layerIn, w.wih, w.bih, H, Pd, l === 0 && transposedInput);
      let cur = h;
      let next = h2;
      if (h0) cur.set(h0);
      else cur.fill(0);
      for (let s = 0; s < T; s++) {
        const t = d === 0 ? s : T - 1 - s;
        const outOff = (t * N * D * H + d * H) * lane;
        if (cplx) stepComplex(c.dtype === 'complex64', N, H, cur, w.whh, w.bhh, Pd, t * NH, next, out, outOff, D * H);
        else stepReal(realLayout, N, H, cur, w.whh, w.bhh, Pd, t * NH, next, out, outOff, D * H);
        [cur, next] = [next, cur];
      }
      hN.set(cur, slot);
    }
    dropoutAfterLayer(ctx, l, out, [T, N, D * H]);
    x = out;
  }
  const outData = c.batchFirst && batched ? seqFirst(x, true, N, T, D * H * lane) : x;
  const outShape = !batched ? [T, D * H] : c.batchFirst ? [N, T, D * H] : [T, N, D * H];
  const hnShape = batched ? hShape : [c.numLayers * D, H];
  return [
    { dtype: c.dtype, shape: outShape, data: outData },
    { dtype: c.dtype, shape: hnShape, data: hN },
  ];
}

// Checks and set-up the packed forward (forward-packed.ts) shares.

/** check_input: the input's dtype must be the weights'. */
export function checkInputDType(c: RNNConfig, dtype: DType): void {
  if (dtype === c.dtype) return;
  throw valueError(
    `RNN input dtype (${torchName(dtype)}) does not match weight dtype (${torchName(c.dtype)}). ` +
      `Convert input: input.to(${torchName(c.dtype)}), or convert model: model.to(${torchName(dtype)})`,
  );
}

export function checkInputSize(ctx: ForwardContext, size: number): void {
  if (size !== ctx.config.inputSize) {
    throw runtimeError(`input.size(-1) must be equal to input_size. Expected ${ctx.display.inputSize}, got ${size}`);
  }
}

export function checkHiddenSize(expected: readonly number[], got: readonly number[]): void {
  if (got.length !== expected.length || got.some((s, i) => s !== expected[i])) {
    throw runtimeError(`Expected hidden size ${shapeTuple(expected)}, got ${shapeList(got)}`);
  }
}

/** What torch's first step refuses: an hx of another dtype (in h·W_hhᵀ), then complex relu (clamp). */
export function checkFirstStep(c: RNNConfig, hx: Tensor | null): void {
  if (hx && hx.dtype !== c.dtype) {
    // addmm with a bias, matmul without
    throw runtimeError(
      c.bias
        ? `mat1 and mat2 must have the same dtype, but got ${atenName(hx.dtype)} and ${atenName(c.dtype)}`
        : `expected m1 and m2 to have the same dtype, but got: ${cppName(hx.dtype)} != ${cppName(c.dtype)}`,
    );
  }
  if (isComplex(c.dtype) && c.nonlinearity === 'relu') throw notImplementedError('clamp is not supported for complex types');
}

/** Training-mode dropout on layer l's whole output, but the last layer's (torch's apply_layer_stack). */
export function dropoutAfterLayer(ctx: ForwardContext, l: number, out: Storage, shape: readonly number[]): void {
  const c = ctx.config;
  const rec = ctx.record;
  const drop = ctx.training && c.dropout !== 0 && l < c.numLayers - 1 && out.length > 0;
  rec?.outputs.push(drop ? out.slice() : out); // the backward needs the output before dropout
  const noise = drop && rec ? allocStorage(c.dtype, out.length / lanes(c.dtype)) : undefined;
  rec?.noise.push(noise ?? null); // p = 1: the factors stay 0
  if (!drop) return;
  ctx.dropout({ dtype: c.dtype, shape, data: out }, c.dropout, noise); // p = 1: torch's x * 0 (complex: times 0 + 0i)
}

export function realLayoutOf(c: RNNConfig): RealLayout {
  return {
    f32: c.dtype !== 'float64',
    store: c.dtype === 'float16' ? roundF16 : c.dtype === 'bfloat16' ? roundBF16 : null,
    relu: c.nonlinearity === 'relu',
  };
}

/** Swaps the first two axes of an (A, B, row) array into (B, A, row) when asked, else returns it. */
function seqFirst(data: Storage, swap: boolean, A: number, B: number, row: number): Storage {
  if (!swap) return data;
  // data is (B, A, row) laid out batch-first; produce (A, B, row).
  const out = data instanceof Float64Array ? new Float64Array(data.length) : new Float32Array(data.length);
  for (let b = 0; b < B; b++) {
    for (let a = 0; a < A; a++) out.set(data.subarray((b * A + a) * row, (b * A + a + 1) * row), (a * B + b) * row);
  }
  return out;
}
