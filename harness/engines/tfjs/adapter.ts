// `check --engine tfjs`: TensorFlow.js's simpleRNN layer (and its bidirectional wrapper, one layer
// per torch layer) on its CPU backend, with kernel = W_ihᵀ, recurrent_kernel = W_hhᵀ and its one
// bias = b_ih + b_hh. TF.js layers compute in float32 only: the one dtype claimed.
import type { Tensor } from '../../../engine/tensor.js';
import type { EngineAdapter, ForwardArgs, ForwardResult } from '../adapter.js';
import { inputDims, outputShape, rnnConfig, swapOuter } from '../layout.js';

const tf = await import('@tensorflow/tfjs').catch((e: unknown) => {
  throw new Error(`@tensorflow/tfjs is not installed (an optional dependency of rnn-conformance: npm install): ${e instanceof Error ? e.message : String(e)}`);
});
// PROD: no console banners (the "install tfjs-node" advice) and no debug checks.
tf.env().set('PROD', true);
await tf.setBackend('cpu');
await tf.ready();

/** [rows, cols] row-major -> its transpose. */
function transposed(t: Tensor): Float32Array {
  const [r, c] = t.shape as [number, number];
  const out = new Float32Array(r * c);
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) out[j * r + i] = t.data[i * c + j] as number;
  return out;
}

function forward(a: ForwardArgs): ForwardResult {
  const c = rnnConfig(a.config);
  const sd = a.stateDict as Record<string, Tensor>;
  const D = c.bidirectional ? 2 : 1;
  const H = c.hiddenSize;
  const dims = inputDims(a.input.shape, c.batchFirst);
  const { T, N, I } = dims;
  const layers: { dispose(): unknown }[] = [];
  try {
    const [y, hN] = tf.tidy(() => {
      // TF.js is batch-major: (N, T, F).
      let x = tf.tensor3d(dims.unbatched || c.batchFirst ? (a.input.data as Float32Array) : swapOuter(a.input.data as Float32Array, T, N, I), [N, T, I]);
      const hs: InstanceType<typeof tf.Tensor>[] = [];
      for (let l = 0; l < c.numLayers; l++) {
        const cell = () => tf.layers.simpleRNN({ units: H, activation: c.relu ? 'relu' : 'tanh', useBias: c.bias, returnSequences: true, returnState: true });
        const layer = c.bidirectional ? tf.layers.bidirectional({ layer: cell() as never, mergeMode: 'concat' }) : cell();
        layers.push(layer);
        const inSize = l === 0 ? I : D * H;
        const weights = Array.from({ length: D }, (_, d) => {
          const s = `_l${l}${d ? '_reverse' : ''}`;
          const w: InstanceType<typeof tf.Tensor>[] = [tf.tensor2d(transposed(sd[`weight_ih${s}`] as Tensor), [inSize, H]), tf.tensor2d(transposed(sd[`weight_hh${s}`] as Tensor), [H, H])];
          if (c.bias) w.push(tf.tensor1d(Float32Array.from({ length: H }, (_, j) => ((sd[`bias_ih${s}`] as Tensor).data[j] as number) + ((sd[`bias_hh${s}`] as Tensor).data[j] as number))));
          return w;
        }).flat();
        const h0 = a.hx ? Array.from({ length: D }, (_, d) => tf.tensor2d((a.hx as Tensor).data.slice((l * D + d) * N * H, (l * D + d + 1) * N * H) as Float32Array, [N, H])) : undefined;
        // A fresh kwargs per call: apply() consumes the initialState list it is given.
        const kwargs = () => (h0 ? { initialState: [...h0] } : {});
        // The first call builds the layer (its own random weights); then torch's weights go in.
        layer.apply(x, kwargs());
        layer.setWeights(weights);
        const out = layer.apply(x, kwargs()) as InstanceType<typeof tf.Tensor>[];
        x = out[0] as typeof x;
        hs.push(...out.slice(1));
      }
      return [x.dataSync() as Float32Array, tf.concat(hs, 0).dataSync() as Float32Array];
    });
    return {
      output: { dtype: 'float32', shape: outputShape(dims, D * H, c.batchFirst), data: dims.unbatched || c.batchFirst ? Float32Array.from(y) : swapOuter(Float32Array.from(y), N, T, D * H) },
      h_n: { dtype: 'float32', shape: dims.unbatched ? [c.numLayers * D, H] : [c.numLayers * D, N, H], data: Float32Array.from(hN) },
    };
  } finally {
    for (const l of layers) l.dispose();
  }
}

const adapter: EngineAdapter = {
  name: `tfjs ${tf.version.tfjs} (cpu)`,
  capabilities: { dtypes: ['float32'], features: ['batch_first', 'bidirectional', 'multi_layer', 'relu', 'no_bias', 'hx', 'unbatched', 'empty'] },
  forward,
};
export default adapter;
