// nn.RNN as an ONNX graph, the way torch.onnx exports it: one RNN node per layer (W = weight_ih,
// R = weight_hh, B = concat(bias_ih, bias_hh), both directions stacked in one node when
// bidirectional), Y [T, D, N, H] transposed and reshaped to torch's [T, N, D·H] between layers,
// h_n the layers' Y_h concatenated. Time-major; the adapter does batch_first and unbatched.
import type { Tensor } from '../../../engine/tensor.js';
import { attr, modelProto, nodeProto, tensorProto, valueInfo, type Graph } from './onnx-proto.js';

export interface RnnModelSpec {
  hiddenSize: number;
  numLayers: number;
  bidirectional: boolean;
  relu: boolean;
  bias: boolean;
  /** ONNX element type of every tensor. */
  type: number;
  /** Weights in the element type's array (Float32Array, or Uint16Array bits for float16). */
  weight: (name: string) => ArrayBufferView & { length: number };
  /** Graph inputs h0_l0, h0_l1, … (each [D, N, H]) when torch's hx is given. */
  withH0: boolean;
  /** Sequence length and batch: the reshape's target is spelled out (a -1 cannot be inferred beside a 0). */
  T: number;
  N: number;
}

/** The two directions' tensors of one parameter, stacked on a new leading axis. */
function stacked(spec: RnnModelSpec, base: string, D: number): ArrayBufferView {
  const parts = Array.from({ length: D }, (_, d) => spec.weight(`${base}${d ? '_reverse' : ''}`));
  const n = parts[0]?.length ?? 0;
  const out = new (parts[0]?.constructor as new (n: number) => Float32Array)(n * D);
  parts.forEach((p, d) => out.set(p as unknown as Float32Array, d * n));
  return out;
}

export function rnnModel(spec: RnnModelSpec, shapes: Record<string, Tensor['shape']>): Uint8Array {
  const D = spec.bidirectional ? 2 : 1;
  const H = spec.hiddenSize;
  const g: Graph = { nodes: [], initializers: [], inputs: [valueInfo('X', spec.type)], outputs: [valueInfo('Y', spec.type), valueInfo('h_n', spec.type)] };
  g.initializers.push(tensorProto('flat_shape', 7, [3], BigInt64Array.from([spec.T, spec.N, D * H].map(BigInt))));
  let x = 'X';
  const hs: string[] = [];
  for (let l = 0; l < spec.numLayers; l++) {
    const ih = shapes[`weight_ih_l${l}`] as readonly number[];
    g.initializers.push(tensorProto(`W${l}`, spec.type, [D, H, ih[1] as number], stacked(spec, `weight_ih_l${l}`, D)));
    g.initializers.push(tensorProto(`R${l}`, spec.type, [D, H, H], stacked(spec, `weight_hh_l${l}`, D)));
    if (spec.bias) {
      // B per direction is [Wb | Rb]: bias_ih then bias_hh.
      const b = Array.from({ length: D }, (_, d) => [spec.weight(`bias_ih_l${l}${d ? '_reverse' : ''}`), spec.weight(`bias_hh_l${l}${d ? '_reverse' : ''}`)]).flat();
      const out = new (b[0]?.constructor as new (n: number) => Float32Array)(D * 2 * H);
      b.forEach((p, k) => out.set(p as unknown as Float32Array, k * H));
      g.initializers.push(tensorProto(`B${l}`, spec.type, [D, 2 * H], out));
    }
    if (spec.withH0) g.inputs.push(valueInfo(`h0_l${l}`, spec.type));
    const attrs = [attr.int('hidden_size', H), attr.str('direction', spec.bidirectional ? 'bidirectional' : 'forward'), attr.strs('activations', Array(D).fill(spec.relu ? 'Relu' : 'Tanh'))];
    g.nodes.push(nodeProto('RNN', [x, `W${l}`, `R${l}`, spec.bias ? `B${l}` : '', '', spec.withH0 ? `h0_l${l}` : ''], [`Y${l}`, `Yh${l}`], attrs));
    // [T, D, N, H] -> [T, N, D, H] -> [T, N, D·H]: the next layer's input, or torch's output.
    g.nodes.push(nodeProto('Transpose', [`Y${l}`], [`Yt${l}`], [attr.ints('perm', [0, 2, 1, 3])]));
    x = l === spec.numLayers - 1 ? 'Y' : `X${l + 1}`;
    g.nodes.push(nodeProto('Reshape', [`Yt${l}`, 'flat_shape'], [x]));
    hs.push(`Yh${l}`);
  }
  g.nodes.push(nodeProto('Concat', hs, ['h_n'], [attr.int('axis', 0)]));
  return modelProto(g);
}
