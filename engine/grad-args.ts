// The upstream gradients of torch.autograd.backward([output, h_n], [grad_output, grad_h_n]): torch's
// checks in its order and words (torch/autograd/__init__.py _make_grads), then the cast to the
// output's dtype that autograd's engine applies to a real gradient of another real dtype.
//
// _make_grads names the culprit with Python's list.index, which compares tensors with ==: for the
// second pair that compares the first and second tensors of the list, and torch then raises whatever
// that comparison raises (broadcasting, or bool() of a tensor that is not one element).
import { isComplex, lanes, torchName, type DType } from './dtype.js';
import { runtimeError } from './errors.js';
import { roundBF16, roundF16 } from './half.js';
import { numel, shapeList, zeros, type Tensor } from './tensor.js';

const torchSize = (s: readonly number[]): string => `torch.Size(${shapeList(s)})`;

/** Checks grads against outputs as _make_grads does; throws torch's RuntimeError. */
export function checkUpstreamGrads(outputs: readonly Tensor[], grads: readonly Tensor[]): void {
  for (let i = 0; i < outputs.length; i++) {
    const out = outputs[i];
    const g = grads[i];
    if (!sameShape(out.shape, g.shape)) {
      const gi = listIndex(grads, i);
      const oi = listIndex(outputs, i);
      throw runtimeError(`Mismatch in shape: grad_output[${gi}] has a shape of ${torchSize(g.shape)} and output[${oi}] has a shape of ${torchSize(out.shape)}.`);
    }
    if (isComplex(out.dtype) !== isComplex(g.dtype)) {
      const gi = listIndex(grads, i);
      const oi = listIndex(outputs, i);
      throw runtimeError(
        'For complex Tensors, both grad_output and output are required to have the same dtype. ' +
          `Mismatch in dtype: grad_output[${gi}] has a dtype of ${torchName(g.dtype)} and output[${oi}] has a dtype of ${torchName(out.dtype)}.`,
      );
    }
  }
}

/** The gradient in the output's dtype (autograd casts a real gradient of another real dtype; complex likewise). */
export function castGrad(g: Tensor, dtype: DType): Tensor {
  if (g.dtype === dtype) return g;
  const out = zeros(dtype, g.shape);
  const round = dtype === 'float16' ? roundF16 : dtype === 'bfloat16' ? roundBF16 : null;
  for (let i = 0; i < out.data.length; i++) out.data[i] = round ? round(g.data[i]) : g.data[i]; // Float32Array stores round to float32
  return out;
}

/** A zero gradient shaped like t (what a missing grad_h_n means here). */
export function zerosLike(t: Tensor): Tensor {
  return zeros(t.dtype, t.shape);
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((s, i) => s === b[i]);
}

/** Python's list.index(list[i]): identity first, else list[k] == list[i] must be a one-element True. */
function listIndex(list: readonly Tensor[], i: number): number {
  for (let k = 0; k < i; k++) if (tensorEqualsAsBool(list[k], list[i])) return k;
  return i;
}

/** bool(a == b) for tensors: broadcasting, then only a one-element result has a truth value. */
function tensorEqualsAsBool(a: Tensor, b: Tensor): boolean {
  const shape = broadcastShape(a.shape, b.shape);
  const n = numel(shape);
  if (n === 0) throw runtimeError('Boolean value of Tensor with no values is ambiguous');
  if (n > 1) throw runtimeError('Boolean value of Tensor with more than one value is ambiguous');
  const [ar, ai] = element0(a);
  const [br, bi] = element0(b);
  return ar === br && ai === bi; // NaN is never equal; -0 == 0
}

function element0(t: Tensor): [number, number] {
  return lanes(t.dtype) === 2 ? [t.data[0], t.data[1]] : [t.data[0], 0];
}

/** ATen's infer_size: aligned from the right, checked from the right. */
function broadcastShape(a: readonly number[], b: readonly number[]): number[] {
  const nd = Math.max(a.length, b.length);
  const out = new Array<number>(nd);
  for (let i = nd - 1; i >= 0; i--) {
    const off = nd - 1 - i;
    const sa = a.length - 1 - off >= 0 ? a[a.length - 1 - off] : 1;
    const sb = b.length - 1 - off >= 0 ? b[b.length - 1 - off] : 1;
    if (sa !== sb && sa !== 1 && sb !== 1) {
      throw runtimeError(`The size of tensor a (${sa}) must match the size of tensor b (${sb}) at non-singleton dimension ${i}`);
    }
    out[i] = sa === 1 ? sb : sa;
  }
  return out;
}
