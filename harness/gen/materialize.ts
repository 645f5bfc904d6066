// From a case description to the tensors both sides receive: weights (a torch-like snapshot, scaled
// up on purpose, or none when both sides initialise from the seed), input and hx, mutations applied.
import { isComplex, type DType } from '../../engine/dtype.js';
import { roundBF16, roundF16 } from '../../engine/half.js';
import { parameterSpecs } from '../../engine/state-dict.js';
import { zeros, type Tensor } from '../../engine/tensor.js';
import { torchConfig, type CaseSpec, type ConformanceCase } from '../case/index.js';
import { lengthsFor, upstreamShapes } from './kinds.js';
import { mulberry32 } from './prng.js';
import { applySteer } from './steer.js';

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
  // One fault or several at once (comma-separated: torch reports the first it checks).
  const faults = spec.inputMutation?.split(',') ?? [];
  const has = (f: string): boolean => faults.includes(f);
  const T = has('seq-len-0') ? 0 : spec.seqLen;
  const N = spec.batch;
  const I = spec.input_size + (has('input-features+1') ? 1 : 0);
  const inDtype = has('input-dtype') ? otherDtype(dtype) : dtype;
  let shape = spec.unbatched ? [T, I] : spec.batch_first ? [N, T, I] : [T, N, I];
  if (has('input-1d')) shape = [I];
  if (has('input-4d')) shape = [1, ...(spec.unbatched ? [1, T, I] : shape)];
  const input = randomTensor(inDtype, shape, rand, spec.inputScale);
  // The special value lands in the input right away (the PRNG order every earlier case was built in),
  // or, for a case steered there, in hx once it exists.
  const placeSpecial = (t: Tensor | null): void => {
    if (spec.special === 'none' || !t || t.data.length === 0) return;
    t.data[Math.floor(rand() * t.data.length)] = spec.special === 'nan' ? NaN : spec.special === 'inf' ? Infinity : -Infinity;
  };
  const inHx = spec.steer === 'hx-special';
  if (!inHx) placeSpecial(input);
  let hx: Tensor | null = null;
  const wantHx = spec.hx || faults.some((f) => f.startsWith('hx-'));
  if (wantHx) {
    const LD = spec.num_layers * (spec.bidirectional ? 2 : 1);
    const H = spec.hidden_size + (has('hx-shape') ? 1 : 0);
    const batchDims = spec.unbatched ? [] : [N + (has('hx-batch') ? 1 : 0)];
    let hxShape = [LD, ...batchDims, H];
    if (has('hx-dims')) hxShape = spec.unbatched ? [LD, 1, H] : [LD, H];
    hx = randomTensor(has('hx-dtype') ? otherDtype(dtype) : dtype, hxShape, rand, 1);
  }
  if (inHx) placeSpecial(hx);
  const c: ConformanceCase = { id, config, seed: spec.seed, stateDict, input, hx, train: spec.train, spec, ...kindTensors(spec) };
  if (spec.steer) applySteer(spec.steer, spec, c, rand, roundTo(dtype));
  if (spec.stateDictFault && c.stateDict) c.stateDict = stateDictFaults(c.stateDict, spec.stateDictFault, dtype);
  return c;
}

/** Missing, unexpected and size-mismatched keys together: torch raises them in one error, in its order. */
function stateDictFaults(sd: Record<string, Tensor>, fault: NonNullable<CaseSpec['stateDictFault']>, dtype: DType): Record<string, Tensor> {
  const out = { ...sd };
  const keys = Object.keys(sd);
  const parts = fault.split('+');
  if (parts.includes('missing')) delete out[keys[keys.length - 1] as string];
  if (parts.includes('unexpected')) out.weight_ih_l9 = zeros(dtype, [2, 2]);
  if (parts.includes('size')) {
    const w = sd[keys[0] as string] as Tensor;
    out[keys[0] as string] = zeros(dtype, [(w.shape[0] as number) + 1, ...w.shape.slice(1)]);
  }
  return out;
}

/** What a kind adds, from its own random stream (the tensors above stay those of the plain case). */
function kindTensors(spec: CaseSpec): Partial<ConformanceCase> {
  const rand = mulberry32((spec.dataSeed ^ 0x5bd1e995) >>> 0);
  const packed = spec.packed ? lengthsFor(spec, spec.packed, rand) : {};
  if (spec.gradient) {
    // a packed case's padded output is as long as its longest sequence: the padded input, unless the
    // lengths are refused before (pack) or at the forward (too long)
    const shapes = upstreamShapes(spec, spec.gradient);
    return { ...packed, gradOutput: randomTensor(spec.dtype, shapes.output, rand, 1), gradHN: shapes.hN ? randomTensor(spec.dtype, shapes.hN, rand, 1) : null };
  }
  return packed;
}

