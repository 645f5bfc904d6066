// explain against real torch: it must name the layer, direction and step where deliberately broken
// engines part from torch, call a long saturated float32 case "accumulated" (not "local"), and draw
// a valid SVG. Cases are built here from a printed seed; torch runs in the project's sidecar.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { DType } from '../engine/dtype.js';
import { Generator } from '../engine/random.js';
import { RNN } from '../engine/rnn.js';
import type { Tensor } from '../engine/tensor.js';
import { brokenEngine } from '../harness/engines/broken-engines.js';
import { parseXml, type XmlElement } from '../harness/files/xml.js';
import { explainCase } from '../harness/explain/explain.js';
import { svgChart } from '../harness/explain/svg-chart.js';
import { textReport } from '../harness/explain/report.js';
import type { ConformanceCase } from '../harness/case/index.js';
import { roundTo } from '../harness/gen/materialize.js';
import { mulberry32 } from '../harness/gen/prng.js';
import { Sidecar } from '../harness/sidecar/index.js';
import { defaultPython } from '../harness/sidecar/paths.js';

const PYTHON = defaultPython();

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

  test('bias_hh not applied with hx and batch_first: still the bias, at the first step', async () => {
    const c = makeCase('bias-hx', { L: 1, bi: false, T: 5, N: 3, I: 2, H: 3, batchFirst: true, hx: true });
    const e = await explainCase(c, torch, { engine: brokenEngine('bias') });
    expect(e.verdict.kind).toBe('local');
    expect(e.verdict.at).toEqual({ layer: 0, direction: 'forward', t: 0 });
    expect(e.verdict.line).toContain('bias_hh not applied');
  });

  test('reverse outputs in processing order: layout, last layer reverse, mirrored in time', async () => {
    const c = makeCase('reverse', { L: 2, bi: true, T: 7, N: 2, I: 3, H: 4 });
    const e = await explainCase(c, torch, { engine: brokenEngine('reverse') });
    console.log(textReport(e));
    expect(e.verdict.kind).toBe('layout');
    expect(e.verdict.at).toEqual({ layer: 1, direction: 'reverse', t: 0, tensor: 'output' });
    expect(e.verdict.line).toContain('output t=0 holds t=6');
    expect(e.verdict.line).toContain('processing order');
    // Every step function is right: no local error anywhere.
    expect(e.slots.every((r) => r.firstLocal === null)).toBe(true);
  });

  test('h_n stacked direction-major: layout, h_n row 1 (layer 0 reverse) holds row 2', async () => {
    const c = makeCase('hn-layout', { L: 2, bi: true, T: 4, N: 2, I: 3, H: 4 });
    const e = await explainCase(c, torch, { engine: brokenEngine('hn-layout') });
    expect(e.verdict.kind).toBe('layout');
    expect(e.verdict.at).toEqual({ layer: 0, direction: 'reverse', t: -1, tensor: 'h_n' });
    expect(e.verdict.line).toContain('h_n row 1 (layer 0 reverse) holds row 2 (layer 1 forward)');
    expect(e.verdict.line).toContain('direction-major');
  });

  test('float32 computed in float64: precision, the engine tracks the exact answer while torch drifts', async () => {
    const c = makeCase('float64-inside', { L: 1, bi: false, T: 120, N: 2, I: 4, H: 16, scale: 6 });
    const e = await explainCase(c, torch, { engine: brokenEngine('float64') });
    console.log(textReport(e));
    expect(e.verdict.kind).toBe('precision');
    expect(e.verdict.at?.layer).toBe(0);
    expect(e.verdict.at?.direction).toBe('forward');
  });
});

describe('explain tells accumulated rounding from a wrong step', () => {
  test('a long saturated float32 case (weights x10, T=200, tanh) is "accumulated", not "local"', async () => {
    const c = makeCase('saturated', { L: 1, bi: false, T: 200, N: 2, I: 4, H: 16, scale: 10 });
    const e = await explainCase(c, torch);
    console.log(textReport(e));
    expect(e.verdict.kind).toBe('accumulated');
    expect(e.slots.every((r) => r.firstLocal === null)).toBe(true);
    expect(e.verdict.line).toMatch(/^accumulated: every step within \d+ ULP; amplification \S+ over 200 steps/);
  });
});

// ---- the SVG chart: well-formed, the expected elements, finite coordinates inside the picture -----

function all(e: XmlElement, name: string): XmlElement[] {
  return [...(e.name === name ? [e] : []), ...e.children.flatMap((c) => all(c, name))];
}

function texts(e: XmlElement): string[] {
  return [e.text, ...e.children.flatMap(texts)].filter(Boolean);
}

describe('the SVG chart', () => {
  test.each([
    ['bias', { L: 2, bi: true, T: 6, N: 2, I: 3, H: 4 }, 'bias'],
    ['saturated', { L: 1, bi: false, T: 200, N: 2, I: 4, H: 16, scale: 10 }, undefined],
    ['one-step', { L: 1, bi: true, T: 1, N: 1, I: 2, H: 2 }, undefined],
  ] as const)('%s: valid SVG with a panel per layer and direction', async (id, spec, kind) => {
    const c = makeCase(id, spec);
    const e = await explainCase(c, torch, { engine: brokenEngine(kind) });
    const svg = svgChart(e);
    const root = parseXml(svg);
    expect(root.name).toBe('svg');
    expect(root.attrs.xmlns).toBe('http://www.w3.org/2000/svg');
    const [, , W, H] = (root.attrs.viewBox ?? '').split(' ').map(Number);
    const panels = all(root, 'g').filter((g) => g.attrs.class === 'panel');
    expect(panels.map((p) => p.attrs['data-slot'])).toEqual(e.slots.map((s) => `layer ${s.layer} ${s.direction}`));
    for (const p of panels) {
      expect(all(p, 'line').filter((l) => l.attrs.class === 'tolerance')).toHaveLength(1);
      const series = all(p, 'path').map((x) => x.attrs['data-series']);
      expect(series).toEqual(expect.arrayContaining(['free', 'local', 'engineVsOracle', 'torchVsOracle']));
      expect(texts(p)).toEqual(expect.arrayContaining(['timestep t', 'error / tolerance']));
    }
    const numbers = [...svg.matchAll(/(?<![\w-])(?:[xy][12]?|c[xy]|d)="([^"]*)"/g)].flatMap((m) => (m[1] ?? '').split(/[ ML]+/).filter(Boolean).map(Number));
    expect(numbers.length).toBeGreaterThan(10);
    for (const v of numbers) {
      expect(Number.isFinite(v)).toBe(true);
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(Math.max(W ?? 0, H ?? 0));
    }
    const legend = texts(all(root, 'g').find((g) => g.attrs.class === 'legend') as XmlElement);
    expect(legend).toEqual(expect.arrayContaining(['engine, free running', 'engine step from torch state', 'tolerance (1)']));
  });
});
