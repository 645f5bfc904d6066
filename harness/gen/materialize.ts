// From a case description to the tensors both sides receive: weights (a torch-like snapshot, scaled
// up on purpose, or none when both sides initialise from the seed), input and hx, mutations applied.
import { isComplex, type DType } from '../../engine/dtype.js';
import { roundBF16, roundF16 } from '../../engine/half.js';
import { parameterSpecs } from '../../engine/state-dict.js';
import { zeros, type Tensor } from '../../engine/tensor.js';
import { torchConfig, type CaseSpec } from './case-spec.js';
import { mulberry32 } from './prng.js';

/** A case as both sides run it: what a replayable case file holds. */
export interface ConformanceCase {
  id: string;
  config: Record<string, unknown>;
  /** torch.manual_seed(seed) right before nn.RNN(**config). */
  seed: number;
  /** null: keep the weights the seeded constructor made (and compare them bit for bit). */
  stateDict: Record<string, Tensor> | null;
  input: Tensor;
  hx: Tensor | null;
  train: boolean;
  spec?: CaseSpec;
}

export function roundTo(dtype: DType): (x: number) => number {
  switch (dtype) {
    case 'float16':
      return roundF16;
    case 'bfloat16':
      return roundBF16;
    case 'float32':
    case 'complex64':
      return Math.fround;
    default:
      return (x) => x;
  }
}

function randomTensor(dtype: DType, shape: number[], rand: () => number, bound: number): Tensor {
  const t = zeros(dtype, shape);
  const r = roundTo(dtype);
  for (let i = 0; i < t.data.length; i++) t.data[i] = r((2 * rand() - 1) * bound);
  return t;
}

function otherDtype(d: DType): DType {
  return d === 'float64' ? 'float32' : isComplex(d) ? (d === 'complex64' ? 'complex128' : 'complex64') : 'float64';
}

export function materialize(spec: CaseSpec, id: string): ConformanceCase {
  const rand = mulberry32(spec.dataSeed);
  const dtype = spec.dtype;
  const config = torchConfig(spec);
  let stateDict: Record<string, Tensor> | null = null;
  if (spec.weights === 'snapshot' && !spec.configMutation) {
    stateDict = {};
    const bound = spec.weightScale / Math.sqrt(spec.hidden_size);
    const layout = { inputSize: spec.input_size, hiddenSize: spec.hidden_size, numLayers: spec.num_layers, bias: spec.bias, bidirectional: spec.bidirectional };
    for (const { name, shape } of parameterSpecs(layout)) stateDict[name] = randomTensor(dtype, [...shape], rand, bound);
  }
  const m = spec.inputMutation;
  const T = m === 'seq-len-0' ? 0 : spec.seqLen;
  const N = spec.batch;
  const I = spec.input_size + (m === 'input-features+1' ? 1 : 0);
  const inDtype = m === 'input-dtype' ? otherDtype(dtype) : dtype;
  let shape = spec.unbatched ? [T, I] : spec.batch_first ? [N, T, I] : [T, N, I];
  if (m === 'input-1d') shape = [I];
  if (m === 'input-4d') shape = [1, ...(spec.unbatched ? [1, T, I] : shape)];
  const input = randomTensor(inDtype, shape, rand, spec.inputScale);
  if (spec.special !== 'none' && input.data.length > 0) {
    const v = spec.special === 'nan' ? NaN : spec.special === 'inf' ? Infinity : -Infinity;
    input.data[Math.floor(rand() * input.data.length)] = v;
  }
  let hx: Tensor | null = null;
  const wantHx = spec.hx || (m !== null && m.startsWith('hx-'));
  if (wantHx) {
    const LD = spec.num_layers * (spec.bidirectional ? 2 : 1);
    const H = spec.hidden_size + (m === 'hx-shape' ? 1 : 0);
    const batchDims = spec.unbatched ? [] : [N + (m === 'hx-batch' ? 1 : 0)];
    let hxShape = [LD, ...batchDims, H];
    if (m === 'hx-dims') hxShape = spec.unbatched ? [LD, 1, H] : [LD, H];
    hx = randomTensor(m === 'hx-dtype' ? otherDtype(dtype) : dtype, hxShape, rand, 1);
  }
  return { id, config, seed: spec.seed, stateDict, input, hx, train: spec.train, spec };
}

