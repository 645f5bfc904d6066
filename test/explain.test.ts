// explain against real torch: it must name the layer, direction and step where deliberately broken
// engines part from torch, call a long saturated float32 case "accumulated" (not "local"), and draw
// a valid SVG. Cases are built here from a printed seed; torch runs in the project's sidecar.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { DType } from '../engine/dtype.js';
import { Generator } from '../engine/random.js';
import { RNN } from '../engine/rnn.js';
import type { Tensor } from '../engine/tensor.js';
import { brokenEngine } from '../harness/check/broken-engines.js';
import { explainCase } from '../harness/explain/explain.js';
import { svgChart } from '../harness/explain/svg-chart.js';
import { textReport } from '../harness/explain/report.js';
import type { ConformanceCase } from '../harness/gen/materialize.js';
import { roundTo } from '../harness/gen/materialize.js';
import { mulberry32 } from '../harness/gen/prng.js';
import { Sidecar } from '../harness/sidecar/index.js';
import { PYTHON } from './live-torch.js';

let torch: Sidecar;
beforeAll(async () => {
  torch = await Sidecar.start({ python: PYTHON });
});
afterAll(async () => {
  await torch?.close();
});

const SEED = Number(process.env.EXPLAIN_SEED ?? 20240611);
console.log(`explain.test seed ${SEED} (EXPLAIN_SEED=${SEED} to reproduce)`);

interface Spec {
  L: number;
  bi: boolean;
  T: number;
  N: number;
  I: number;
  H: number;
  dtype?: DType;
  scale?: number;
  nonlinearity?: 'tanh' | 'relu';
  batchFirst?: boolean;
  hx?: boolean;
}

/** Weights of torch.manual_seed(seed); nn.RNN(**config) (the engine reproduces them), scaled. */
export function makeCase(id: string, s: Spec, seed = SEED): ConformanceCase {
  const dtype = s.dtype ?? 'float32';
  const config = { input_size: s.I, hidden_size: s.H, num_layers: s.L, bidirectional: s.bi, nonlinearity: s.nonlinearity ?? 'tanh', batch_first: s.batchFirst ?? false, dtype };
  const rnn = RNN.fromTorchConfig(config, { generator: new Generator(seed) });
  const round = roundTo(dtype);
  const scale = s.scale ?? 1;
  const stateDict = Object.fromEntries(Object.entries(rnn.stateDict()).map(([k, t]) => [k, { ...t, data: t.data.map((v) => round(v * scale)) }]));
  const rand = mulberry32(seed);
  const lanes = dtype.startsWith('complex') ? 2 : 1;
  const shape = s.batchFirst ? [s.N, s.T, s.I] : [s.T, s.N, s.I];
  const n = shape.reduce((a, b) => a * b, 1) * lanes;
  const arr = dtype === 'float64' || dtype === 'complex128' ? new Float64Array(n) : new Float32Array(n);
  for (let i = 0; i < n; i++) arr[i] = round(2 * rand() - 1);
  const input: Tensor = { dtype, shape, data: arr };
  let hx: Tensor | null = null;
  if (s.hx) {
    const D = s.bi ? 2 : 1;
    const h = dtype === 'float64' || dtype === 'complex128' ? new Float64Array(s.L * D * s.N * s.H * lanes) : new Float32Array(s.L * D * s.N * s.H * lanes);
    for (let i = 0; i < h.length; i++) h[i] = round(rand() - 0.5);
    hx = { dtype, shape: [s.L * D, s.N, s.H], data: h };
  }
  return { id, config, seed, stateDict, input, hx, train: false };
}

describe('explain names where broken engines part from torch', () => {
  test('bias_hh not applied: local, layer 0 forward, t=0, named', async () => {
    const c = makeCase('bias', { L: 2, bi: true, T: 6, N: 2, I: 3, H: 4 });
    const e = await explainCase(c, torch, { engine: brokenEngine('bias') });
    console.log(textReport(e));
    expect(e.verdict.kind).toBe('local');
    expect(e.verdict.at).toEqual({ layer: 0, direction: 'forward', t: 0 });
    expect(e.verdict.line).toContain('bias_hh not applied');
  });
});
