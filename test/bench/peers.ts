// The peers' forward on the grid's shapes (float32 rows): ONNX Runtime (onnxruntime-web, WebAssembly,
// one thread) and TF.js (CPU backend), each built once per row with the engine's weights, then timed
// per op (one forward per listed length) like the engine and torch.
import type { Tensor } from '../../engine/tensor.js';
import { ONNX_TYPE } from '../../harness/engines/onnxruntime/onnx-proto.js';
import { rnnModel } from '../../harness/engines/onnxruntime/rnn-model.js';
import { engineModule } from './engine-forward.js';
import type { GridRow } from './grid.js';
import { median } from './timing.js';

/** medianCall for async ops: warm up 0.25 s, then the median of `repeats` timed calls. */
async function medianAsync(fn: () => Promise<void>, repeats = 7): Promise<number> {
  const w = performance.now();
  do await fn();
  while (performance.now() - w < 250);
  const times: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const t = performance.now();
    await fn();
    times.push((performance.now() - t) / 1000);
  }
  return median(times);
}

export async function timeOnnxruntime(row: GridRow): Promise<number | null> {
  if (row.dtype !== 'float32') return null;
  const ort = await import('onnxruntime-web');
  ort.env.wasm.numThreads = 1;
  const { rnn, inputs } = engineModule(row);
  const sd = rnn.stateDict();
  const sessions = await Promise.all(
    inputs.map((x) => {
      const [T, N] = x.shape as [number, number, number];
      const model = rnnModel({ hiddenSize: row.hidden_size, numLayers: 1, bidirectional: false, relu: false, bias: true, type: ONNX_TYPE.float32, weight: (n) => (sd[n] as Tensor).data as Float32Array, withH0: false, T, N }, Object.fromEntries(Object.entries(sd).map(([k, v]) => [k, v.shape])));
      return ort.InferenceSession.create(model, { executionProviders: ['wasm'] });
    }),
  );
  const feeds = inputs.map((x) => ({ X: new ort.Tensor('float32', x.data as Float32Array, [...x.shape]) }));
  const s = await medianAsync(async () => {
    for (let i = 0; i < sessions.length; i++) await sessions[i]?.run(feeds[i] as Record<string, InstanceType<typeof ort.Tensor>>);
  }, row.repeats ?? 7);
  for (const x of sessions) await x.release();
  return s;
}

export async function timeTfjs(row: GridRow): Promise<number | null> {
  if (row.dtype !== 'float32') return null;
  const tf = await import('@tensorflow/tfjs');
  tf.env().set('PROD', true);
  await tf.setBackend('cpu');
  const { rnn, inputs } = engineModule(row);
  const sd = rnn.stateDict();
  const H = row.hidden_size;
  const I = row.input_size;
  const t2 = (t: Tensor) => {
    const [r, c] = t.shape as [number, number];
    const out = new Float32Array(r * c);
    for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) out[j * r + i] = t.data[i * c + j] as number;
    return tf.tensor2d(out, [c, r]);
  };
  const layer = tf.layers.simpleRNN({ units: H, returnSequences: true, returnState: true });
  // TF.js is batch-major: the same numbers laid out (N, T, I).
  const xs = inputs.map((x) => tf.tensor3d(x.data as Float32Array, [x.shape[1] as number, x.shape[0] as number, I]));
  layer.apply(xs[0] as never);
  const b = sd.bias_ih_l0 as Tensor;
  const bh = sd.bias_hh_l0 as Tensor;
  layer.setWeights([t2(sd.weight_ih_l0 as Tensor), t2(sd.weight_hh_l0 as Tensor), tf.tensor1d(Float32Array.from({ length: H }, (_, j) => (b.data[j] as number) + (bh.data[j] as number)))]);
  const s = await medianAsync(async () => {
    for (const x of xs) tf.tidy(() => (layer.apply(x) as InstanceType<typeof tf.Tensor>[]).map((t) => t.dataSync()));
  }, row.repeats ?? 7);
  layer.dispose();
  return s;
}
