// Parameter names, shapes and state-dict loading as torch's RNNBase registers and loads them.
import type { RNNConfig } from './config.js';
import { isComplex, lanes, type DType, type Storage } from './dtype.js';
import { runtimeError } from './errors.js';
import { roundBF16, roundF16 } from './half.js';
import { shapeList, type Tensor } from './tensor.js';

export interface ParamSpec {
  readonly name: string;
  readonly shape: readonly number[];
}

/** Registration (= state_dict) order: per layer, per direction: weight_ih, weight_hh, bias_ih, bias_hh. */
export function parameterSpecs(c: Pick<RNNConfig, 'inputSize' | 'hiddenSize' | 'numLayers' | 'bias' | 'bidirectional'>): ParamSpec[] {
  const D = c.bidirectional ? 2 : 1;
  const H = c.hiddenSize;
  const specs: ParamSpec[] = [];
  for (let l = 0; l < c.numLayers; l++) {
    for (let d = 0; d < D; d++) {
      const sfx = `l${l}${d === 1 ? '_reverse' : ''}`;
      const inSize = l === 0 ? c.inputSize : D * H;
      specs.push({ name: `weight_ih_${sfx}`, shape: [H, inSize] }, { name: `weight_hh_${sfx}`, shape: [H, H] });
      if (c.bias) specs.push({ name: `bias_ih_${sfx}`, shape: [H] }, { name: `bias_hh_${sfx}`, shape: [H] });
    }
  }
  return specs;
}

// The text Python's warnings module records, with the source location of the torch 2.13 wheel.
const COMPLEX_TO_REAL =
  'Casting complex values to real discards the imaginary part (Triggered internally at /__w/pytorch/pytorch/aten/src/ATen/native/Copy.cpp:307.)';

const torchSize = (s: readonly number[]): string => `torch.Size(${shapeList(s)})`;

/**
 * torch's Module.load_state_dict: matching entries are copied (cast to the parameter's dtype, as
 * copy_ does) even when others fail; then missing, unexpected and size-mismatch errors are raised
 * together, in torch's order and words. Returns torch's warnings (complex to real casts).
 */
export function loadInto(params: Map<string, Tensor>, sd: Record<string, Tensor>, strict: boolean): string[] {
  const warnings: string[] = [];
  const errors: string[] = [];
  for (const [name, p] of params) {
    const src = Object.prototype.hasOwnProperty.call(sd, name) ? sd[name] : undefined;
    if (!src) continue;
    if (src.shape.length !== p.shape.length || src.shape.some((s, i) => s !== p.shape[i])) {
      errors.push(`size mismatch for ${name}: copying a param with shape ${torchSize(src.shape)} from checkpoint, the shape in current model is ${torchSize(p.shape)}.`);
      continue;
    }
    // torch's copy_ warns with TORCH_WARN_ONCE (once per process); the engine warns once per load.
    if (isComplex(src.dtype) && !isComplex(p.dtype) && warnings.length === 0) warnings.push(COMPLEX_TO_REAL);
    castInto(src, p.dtype, p.data);
  }
  if (strict) {
    const unexpected = Object.keys(sd).filter((k) => !params.has(k));
    const missing = [...params.keys()].filter((k) => !Object.prototype.hasOwnProperty.call(sd, k));
    if (unexpected.length) errors.unshift(`Unexpected key(s) in state_dict: ${unexpected.map((k) => `"${k}"`).join(', ')}. `);
    if (missing.length) errors.unshift(`Missing key(s) in state_dict: ${missing.map((k) => `"${k}"`).join(', ')}. `);
  }
  if (errors.length) {
    // The copies (and their warnings) happened before torch raises.
    const err = runtimeError(`Error(s) in loading state_dict for RNN:\n\t${errors.join('\n\t')}`);
    err.warnings = warnings;
    throw err;
  }
  return warnings;
}

/** Element-wise dtype conversion as Tensor.copy_ does it (complex -> real keeps the real part). */
export function castInto(src: Tensor, dst: DType, out: Storage): void {
  const n = src.data.length / lanes(src.dtype);
  const si = lanes(src.dtype);
  const di = lanes(dst);
  const rnd = dst === 'float16' ? roundF16 : dst === 'bfloat16' ? roundBF16 : null;
  for (let i = 0; i < n; i++) {
    const re = src.data[i * si];
    out[i * di] = rnd ? rnd(re) : re; // Float32Array stores round float64 -> float32
    if (di === 2) out[i * di + 1] = si === 2 ? src.data[i * si + 1] : 0;
  }
}
