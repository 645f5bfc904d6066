// `check --engine onnxruntime`: ONNX Runtime's RNN operator (onnxruntime-web, its WebAssembly
// backend, single-threaded, in Node), fed a model built from the case's state dict (rnn-model.ts).
// float64 has no RNN kernel there (onnxruntime#16494) and bfloat16 none either: not claimed.
import { f16Bits, f16FromBits } from '../../../engine/half.js';
import type { Tensor } from '../../../engine/tensor.js';
import type { EngineAdapter, ForwardArgs, ForwardResult } from '../adapter.js';
import { inputDims, outputShape, rnnConfig, swapOuter } from '../layout.js';
import { ONNX_TYPE } from './onnx-proto.js';
import { rnnModel } from './rnn-model.js';

const ort = await import('onnxruntime-web').catch((e: unknown) => {
  throw new Error(`onnxruntime-web is not installed (an optional dependency of rnn-conformance: npm install): ${e instanceof Error ? e.message : String(e)}`);
});
ort.env.wasm.numThreads = 1;
ort.env.logLevel = 'error';

type Half = 'float16';
type Kind = 'float32' | Half;
const toRuntime = (t: Tensor, kind: Kind): Float32Array | Uint16Array => (kind === 'float32' ? (t.data as Float32Array) : Uint16Array.from(t.data, f16Bits));
const fromRuntime = (d: unknown, kind: Kind): Float32Array => (kind === 'float32' ? Float32Array.from(d as Float32Array) : Float32Array.from(d as Uint16Array, f16FromBits));

async function forward(a: ForwardArgs): Promise<ForwardResult> {
  const c = rnnConfig(a.config);
  const kind = c.dtype as Kind;
  const sd = a.stateDict as Record<string, Tensor>;
  const D = c.bidirectional ? 2 : 1;
  const H = c.hiddenSize;
  const dims = inputDims(a.input.shape, c.batchFirst);
  const { T, N, I } = dims;
  const model = rnnModel(
    { hiddenSize: H, numLayers: c.numLayers, bidirectional: c.bidirectional, relu: c.relu, bias: c.bias, type: ONNX_TYPE[kind], weight: (n) => toRuntime(sd[n] as Tensor, kind), withH0: a.hx !== null, T, N },
    Object.fromEntries(Object.entries(sd).map(([k, v]) => [k, v.shape])),
  );
  const session = await ort.InferenceSession.create(model, { executionProviders: ['wasm'] });
  try {
    let x = toRuntime(a.input, kind);
    if (!dims.unbatched && c.batchFirst) x = swapOuter(x, N, T, I);
    const feeds: Record<string, InstanceType<typeof ort.Tensor>> = { X: new ort.Tensor(kind, x, [T, N, I]) };
    if (a.hx) {
      const h = toRuntime(a.hx, kind);
      for (let l = 0; l < c.numLayers; l++) feeds[`h0_l${l}`] = new ort.Tensor(kind, h.slice(l * D * N * H, (l + 1) * D * N * H), [D, N, H]);
    }
    const r = await session.run(feeds);
    let y = fromRuntime(r.Y?.data, kind);
    if (!dims.unbatched && c.batchFirst) y = swapOuter(y, T, N, D * H);
    const hN = fromRuntime(r.h_n?.data, kind);
    return {
      output: { dtype: kind, shape: outputShape(dims, D * H, c.batchFirst), data: y },
      h_n: { dtype: kind, shape: dims.unbatched ? [c.numLayers * D, H] : [c.numLayers * D, N, H], data: hN },
    };
  } finally {
    await session.release();
  }
}

const adapter: EngineAdapter = {
  name: `onnxruntime-web ${ort.env.versions?.web ?? ''} (wasm)`.replace('  ', ' '),
  capabilities: { dtypes: ['float32', 'float16'], features: ['batch_first', 'bidirectional', 'multi_layer', 'relu', 'no_bias', 'hx', 'unbatched', 'empty'] },
  forward,
};
export default adapter;
