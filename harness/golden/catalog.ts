// The golden fixtures, one named entry per case (as ONNX's backend test cases are): how each case is
// built. `golden regen` runs every entry through torch and freezes the answer into golden/<name>.safetensors.
// Names are file names: lowercase letters, digits, '-' and '.'. Renaming or editing an entry changes
// its fixture; `golden regen` shows the change to the reviewer.
import { DTYPES, isComplex, type DType } from '../../engine/dtype.js';
import { tensor, zeros, type Tensor } from '../../engine/tensor.js';
import { CONFIG_MUTATIONS, INPUT_MUTATIONS, type CaseSpec, type ConformanceCase } from '../case/index.js';
import { materialize } from '../gen/materialize.js';
import { regimeBlock } from '../gen/regime-block.js';
import { caseAt } from '../gen/stream.js';

export interface GoldenEntry {
  name: string;
  /** One line for the reviewer; stored as the fixture's note. */
  about: string;
  build: () => ConformanceCase;
}

/** The fuzz stream's seed for the fixed sample (never change it casually: every fuzz fixture moves). */
export const FUZZ_SEED = 20240928;
export const FUZZ_COUNT = 40;

const NAME = /^[a-z0-9][a-z0-9.-]*$/;

/** 32-bit FNV-1a of the name: each entry gets its own data, stable across runs and machines. */
function nameSeed(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  return (h >>> 0) & 0x7fffffff;
}

const BASE: CaseSpec = {
  input_size: 3, hidden_size: 4, num_layers: 1, nonlinearity: 'tanh', bias: true, batch_first: false, dropout: 0,
  bidirectional: false, dtype: 'float32', seed: 0, weights: 'snapshot', weightScale: 1, seqLen: 3, batch: 2,
  unbatched: false, hx: false, inputScale: 1, special: 'none', train: false, dataSeed: 0, configMutation: null, inputMutation: null,
};

const entries: GoldenEntry[] = [];

/** A case described by a CaseSpec (the generator's own vocabulary), small by default. */
function spec(name: string, about: string, o: Partial<CaseSpec>): void {
  entries.push({ name, about, build: () => materialize({ ...BASE, dataSeed: nameSeed(name), ...o }, name) });
}

/** A case built by hand (the spec no longer describes it, so it is not stored). */
function hand(name: string, about: string, build: () => Omit<ConformanceCase, 'id'>): void {
  entries.push({ name, about, build: () => ({ ...build(), id: name }) });
}

/** A spec case with its state dict edited (load_state_dict faults). */
function editWeights(name: string, about: string, o: Partial<CaseSpec>, edit: (sd: Record<string, Tensor>, rand: () => number) => Record<string, Tensor>): void {
  hand(name, about, () => {
    const { spec: _spec, id: _id, ...c } = materialize({ ...BASE, dataSeed: nameSeed(name), ...o }, name);
    let k = nameSeed(name);
    const rand = () => ((k = (Math.imul(k, 1103515245) + 12345) >>> 0) / 2 ** 32);
    return { ...c, stateDict: edit(c.stateDict ?? {}, rand) };
  });
}

const f32 = (shape: number[], v: number[]): Tensor => tensor('float32', shape, v);
const c64 = (shape: number[], re: number[]): Tensor => tensor('complex64', shape, re.flatMap((x) => [x, 0]));
const slug = (s: string): string => s.toLowerCase().replace(/"/g, '').replace(/[^a-z0-9.]+/g, '-').replace(/^-|-$/g, '');

// ---- the seed document ("RNN in PyTorch"): torch.manual_seed(42) and its inputs ----------------------
const seedDoc = (name: string, about: string, config: Record<string, unknown>, input: Tensor, hx: Tensor | null = null) =>
  hand(name, about, () => ({ config, seed: 42, stateDict: null, input, hx, train: false }));
const doc6 = () => f32([1, 6], [8, -3, 0, 1, 5, -2]);
seedDoc('seed-doc-rnn1-6-3', 'seed doc: manual_seed(42); RNN(6, 3) on [[8,-3,0,1,5,-2]] -> [[0.9590,-0.9501,0.9999]]', { input_size: 6, hidden_size: 3 }, doc6());
seedDoc('seed-doc-rnn-all-kwargs', 'seed doc: every keyword spelled out, device=None, dtype=None', {
  input_size: 6, hidden_size: 3, num_layers: 1, nonlinearity: 'tanh', bias: true, batch_first: false, dropout: 0.0, bidirectional: false, device: null, dtype: null,
}, doc6());
seedDoc('seed-doc-rnn-hx-zeros', 'seed doc: hx=[[0,0,0]] gives the same answer as hx=None', { input_size: 6, hidden_size: 3 }, doc6(), f32([1, 3], [0, 0, 0]));
seedDoc('seed-doc-rnn2-3-3', 'seed doc: RNN(3, 3) on rnn1\'s printed output [[0.9590,-0.9501,0.9999]]', { input_size: 3, hidden_size: 3 }, f32([1, 3], [0.959, -0.9501, 0.9999]));
seedDoc('seed-doc-2x3-unbatched', 'seed doc: RNN(3, 3) on [[8,-3,0],[1,5,-2]]', { input_size: 3, hidden_size: 3 }, f32([2, 3], [8, -3, 0, 1, 5, -2]));
seedDoc('seed-doc-6x1-unbatched', 'seed doc: RNN(1, 3) on six steps of one feature', { input_size: 1, hidden_size: 3 }, f32([6, 1], [8, -3, 0, 1, 5, -2]));
seedDoc('seed-doc-2x3x1-batched', 'seed doc: RNN(1, 3) on a (2, 3, 1) batch', { input_size: 1, hidden_size: 3 }, f32([2, 3, 1], [8, -3, 0, 1, 5, -2]));
seedDoc('seed-doc-complex64', 'seed doc: RNN(1, 3, dtype=complex64) on the (2, 3, 1) batch as complex', { input_size: 1, hidden_size: 3, dtype: 'complex64' }, c64([2, 3, 1], [8, -3, 0, 1, 5, -2]));
seedDoc('seed-doc-input-size-0', 'seed doc says input_size may be 0; torch 2.13 refuses it', { input_size: 0, hidden_size: 3 }, f32([1, 0], []));

// ---- every argument alone (float32) ----------------------------------------------------------------
hand('arg-defaults-only-required', 'only input_size and hidden_size given: every default', () => ({
  config: { input_size: 3, hidden_size: 4 }, seed: 7, stateDict: null, input: f32([2, 1, 3], [0.5, -1, 2, 1.5, 0.25, -0.75]), hx: null, train: false,
}));
spec('arg-num-layers-2', 'num_layers=2', { num_layers: 2 });
spec('arg-num-layers-3', 'num_layers=3', { num_layers: 3 });
spec('arg-nonlinearity-relu', "nonlinearity='relu'", { nonlinearity: 'relu' });
spec('arg-bias-false', 'bias=False: no bias_ih/bias_hh', { bias: false });
spec('arg-batch-first', 'batch_first=True: (N, T, H_in) in and out', { batch_first: true, batch: 3 });
spec('arg-dropout-eval', 'dropout=0.5 with num_layers=2 in eval mode: no effect', { dropout: 0.5, num_layers: 2 });
spec('arg-dropout-one-layer-warns', 'dropout>0 with num_layers=1: UserWarning, still constructs', { dropout: 0.3 });
spec('arg-bidirectional', 'bidirectional=True', { bidirectional: true });
spec('arg-hx', 'an explicit hx', { hx: true });
spec('arg-unbatched', 'unbatched 2-D input', { unbatched: true });
spec('arg-unbatched-hx', 'unbatched input with a 2-D hx', { unbatched: true, hx: true });
spec('arg-unbatched-batch-first', 'batch_first has no effect on unbatched input', { unbatched: true, batch_first: true });
spec('arg-input-size-1', 'input_size=1', { input_size: 1 });
spec('arg-hidden-size-1', 'hidden_size=1', { hidden_size: 1 });
spec('arg-wide', 'input_size=9, hidden_size=12', { input_size: 9, hidden_size: 12, seqLen: 2, batch: 1 });
for (const seed of [0, 1, 42, -1, 2 ** 32 + 5, 123456789]) {
  spec(`arg-seeded-init-${seed < 0 ? `neg${-seed}` : seed}`, `weights from torch.manual_seed(${seed}); nn.RNN(...)`, { weights: 'seeded', seed });
}
spec('arg-seeded-init-bi-l2-nobias', 'seeded init, bidirectional, 2 layers, no bias', { weights: 'seeded', seed: 3, bidirectional: true, num_layers: 2, bias: false });
hand('arg-device-cpu', "device='cpu'", () => ({ config: { input_size: 2, hidden_size: 3, device: 'cpu' }, seed: 5, stateDict: null, input: f32([1, 2], [1, -1]), hx: null, train: false }));
for (const alias of ['double', 'half', 'float', 'cfloat', 'torch.float64']) {
  hand(`arg-dtype-alias-${slug(alias)}`, `dtype given as '${alias}'`, () => {
    const d: DType = alias === 'half' ? 'float16' : alias === 'float' ? 'float32' : alias === 'cfloat' ? 'complex64' : 'float64';
    const re = [0.5, -1, 0.25, 2];
    return { config: { input_size: 2, hidden_size: 3, dtype: alias }, seed: 11, stateDict: null, input: tensor(d, [2, 2], isComplex(d) ? re.flatMap((x) => [x, -x / 2]) : re), hx: null, train: false };
  });
}

// ---- arguments in combination: nonlinearity x bias x batch_first x bidirectional x num_layers ---------
for (const nl of ['tanh', 'relu'] as const)
  for (const bias of [true, false])
    for (const bf of [false, true])
      for (const bi of [false, true])
        for (const L of [1, 2]) {
          const name = `combo-${nl}-${bias ? 'bias' : 'nobias'}-${bf ? 'bf' : 'sf'}-${bi ? 'bi' : 'uni'}-l${L}`;
          spec(name, `nonlinearity=${nl} bias=${bias} batch_first=${bf} bidirectional=${bi} num_layers=${L}`, {
            nonlinearity: nl, bias, batch_first: bf, bidirectional: bi, num_layers: L, hx: (L + (bi ? 1 : 0)) % 2 === 1, input_size: 2, hidden_size: 3,
          });
        }

// ---- every dtype ------------------------------------------------------------------------------------
for (const d of DTYPES) {
  spec(`dtype-${d}-basic`, `${d}: one layer, tanh`, { dtype: d });
  spec(`dtype-${d}-seeded`, `${d}: weights from manual_seed(42)`, { dtype: d, weights: 'seeded', seed: 42 });
  spec(`dtype-${d}-bi-l2-hx`, `${d}: bidirectional, 2 layers, hx, batch_first`, { dtype: d, bidirectional: true, num_layers: 2, hx: true, batch_first: true });
  spec(`dtype-${d}-unbatched-long`, `${d}: unbatched, 24 steps`, { dtype: d, unbatched: true, seqLen: 24, hidden_size: 3, input_size: 2 });
  if (isComplex(d)) spec(`dtype-${d}-relu-refused`, `${d} with relu: constructs, forward raises (clamp on complex)`, { dtype: d, nonlinearity: 'relu' });
  else spec(`dtype-${d}-relu`, `${d}: relu`, { dtype: d, nonlinearity: 'relu', num_layers: 2 });
}

// ---- every mutation torch refuses (or accepts) ---------------------------------------------------------
for (const m of CONFIG_MUTATIONS) spec(`config-${slug(m)}`, `config mutation ${m}`, { configMutation: m });
for (const m of INPUT_MUTATIONS) spec(`input-${slug(m)}`, `input mutation ${m}`, { inputMutation: m });
spec('input-hx-dtype-nobias', 'hx of another dtype with bias=False (the other matmul message)', { inputMutation: 'hx-dtype', bias: false });
spec('input-hx-shape-unbatched', 'wrong hx size for unbatched input (message shows unsqueezed shapes)', { inputMutation: 'hx-shape', unbatched: true });
spec('input-hx-dims-unbatched', '3-D hx for unbatched input', { inputMutation: 'hx-dims', unbatched: true });
spec('input-4d-unbatched', '4-D input built from an unbatched case', { inputMutation: 'input-4d', unbatched: true });
spec('input-features-plus-1-bi', 'wrong input size with a bidirectional module', { inputMutation: 'input-features+1', bidirectional: true });
spec('input-dtype-float64-module', 'float32 input to a float64 module', { inputMutation: 'input-dtype', dtype: 'float64' });
spec('input-dtype-complex', 'complex128 input to a complex64 module', { inputMutation: 'input-dtype', dtype: 'complex64' });
// hx of another dtype to a 16-bit or complex module: the message names both dtypes (ATen's names with a
// bias, C++'s without): Half, BFloat16, ComplexFloat, ComplexDouble, c10::Half, c10::complex<double>, ...
for (const d of ['float16', 'bfloat16', 'complex64'] as const) {
  spec(`input-hx-dtype-${d}`, `hx of another dtype to a ${d} module (ATen's dtype names)`, { inputMutation: 'hx-dtype', dtype: d });
  spec(`input-hx-dtype-nobias-${d}`, `hx of another dtype to a ${d} module with bias=False (C++ type names)`, { inputMutation: 'hx-dtype', dtype: d, bias: false });
}
const cfgCase = (name: string, about: string, config: Record<string, unknown>) =>
  hand(name, about, () => ({ config, seed: 0, stateDict: null, input: f32([1, 1, 2], [1, 2]), hx: null, train: false }));
cfgCase('config-unknown-keyword', 'an unknown keyword argument', { input_size: 2, hidden_size: 3, foo: 1 });
cfgCase('config-missing-input-size', 'input_size missing', { hidden_size: 3 });
cfgCase('config-missing-both-sizes', 'input_size and hidden_size missing', { num_layers: 1 });
cfgCase('config-dtype-float8', 'a float8 dtype: uniform_ is not implemented for it', { input_size: 2, hidden_size: 3, dtype: 'float8_e4m3fn' });
cfgCase('config-dtype-uint8', 'dtype=uint8', { input_size: 2, hidden_size: 3, dtype: 'uint8' });
cfgCase('config-num-layers-string', "num_layers='2': '<=' between str and int", { input_size: 2, hidden_size: 3, num_layers: '2' });
cfgCase('config-hidden-size-true', 'hidden_size=True: torch.empty refuses a bool dimension', { input_size: 2, hidden_size: true });
cfgCase('config-nonlinearity-none', 'nonlinearity=None', { input_size: 2, hidden_size: 3, nonlinearity: null });
cfgCase('config-batch-first-none', 'batch_first=None', { input_size: 2, hidden_size: 3, batch_first: null });
cfgCase('config-dropout-1-two-layers', 'dropout=1 (an int) with two layers constructs', { input_size: 2, hidden_size: 3, num_layers: 2, dropout: 1 });
cfgCase('config-bidirectional-string', "bidirectional='yes': truthy, two directions", { input_size: 2, hidden_size: 3, bidirectional: 'yes' });
// forward hands num_layers and bidirectional to _VF as the module holds them (engine/vf-args.ts): the
// parser's words name the function (rnn_tanh, rnn_relu), each argument's type and, for a PackedSequence, the other overload.
cfgCase('config-num-layers-true', 'num_layers=True: constructs one layer; forward: _VF.rnn_tanh wants an int, not a bool', { input_size: 2, hidden_size: 3, num_layers: true });
cfgCase('config-num-layers-true-relu', "num_layers=True with nonlinearity='relu': _VF.rnn_relu's words", { input_size: 2, hidden_size: 3, num_layers: true, nonlinearity: 'relu' });
cfgCase('config-bidirectional-list', 'bidirectional=[1]: truthy, two directions; forward: the parser names a list of [int]', { input_size: 2, hidden_size: 3, bidirectional: [1] });
cfgCase('config-bidirectional-list-two', "bidirectional=[1, 'x']: forward: the parser names a list of [int, str]", { input_size: 2, hidden_size: 3, bidirectional: [1, 'x'] });
hand('packed-config-num-layers-true', "a PackedSequence to a module with num_layers=True: the packed overload's words", () => ({
  config: { input_size: 2, hidden_size: 3, num_layers: true }, seed: 0, stateDict: null, train: false, hx: null,
  input: f32([3, 2, 2], [1, 2, 0.5, -1, -0.25, 0.75, 2, -2, 0.125, 1.5, -0.5, 0.25]), lengths: [3, 2], enforceSorted: true,
}));
hand('packed-config-bidirectional-string', "a PackedSequence to a module with bidirectional='yes': the packed overload's words", () => ({
  config: { input_size: 2, hidden_size: 3, bidirectional: 'yes' }, seed: 0, stateDict: null, train: false, hx: null,
  input: f32([3, 2, 2], [1, 2, 0.5, -1, -0.25, 0.75, 2, -2, 0.125, 1.5, -0.5, 0.25]), lengths: [3, 2], enforceSorted: true,
}));

// ---- load_state_dict faults --------------------------------------------------------------------------
const without = (sd: Record<string, Tensor>, ...keys: string[]) => Object.fromEntries(Object.entries(sd).filter(([k]) => !keys.includes(k)));
editWeights('load-missing-key', 'state dict without bias_hh_l0', {}, (sd) => without(sd, 'bias_hh_l0'));
editWeights('load-unexpected-key', 'state dict with an extra key', {}, (sd) => ({ ...sd, weight_ih_l1: zeros('float32', [4, 4]) }));
editWeights('load-wrong-shape', 'weight_hh_l0 of the wrong shape', {}, (sd) => ({ ...sd, weight_hh_l0: zeros('float32', [4, 3]) }));
editWeights('load-all-faults', 'missing, unexpected and size mismatch together', { num_layers: 2 }, (sd) => ({
  ...without(sd, 'weight_ih_l1'), weight_hh_l0: zeros('float32', [3, 4]), extra_b: zeros('float32', [2]), extra_a: zeros('float32', [1]),
}));
editWeights('load-missing-reverse', 'bidirectional module given a unidirectional state dict', { bidirectional: true }, (sd) => without(sd, ...Object.keys(sd).filter((k) => k.endsWith('_reverse'))));
editWeights('load-bias-into-nobias', 'bias=False module given bias keys', { bias: false }, (sd) => ({ ...sd, bias_ih_l0: zeros('float32', [4]), bias_hh_l0: zeros('float32', [4]) }));
editWeights('load-float64-into-float32', 'float64 weights are cast by load_state_dict', {}, (sd) =>
  Object.fromEntries(Object.entries(sd).map(([k, t]) => [k, { dtype: 'float64' as DType, shape: t.shape, data: Float64Array.from(t.data, (x) => x + 1e-9) }])),
);
editWeights('load-float32-into-bfloat16', 'float32 weights rounded into a bfloat16 module', { dtype: 'bfloat16' }, (sd, rand) =>
  Object.fromEntries(Object.entries(sd).map(([k, t]) => [k, { dtype: 'float32' as DType, shape: t.shape, data: Float32Array.from(t.data, (x) => x + (rand() - 0.5) * 1e-2) }])),
);
editWeights('load-float32-into-float16', 'float32 weights rounded into a float16 module', { dtype: 'float16' }, (sd, rand) =>
  Object.fromEntries(Object.entries(sd).map(([k, t]) => [k, { dtype: 'float32' as DType, shape: t.shape, data: Float32Array.from(t.data, (x) => x + (rand() - 0.5) * 1e-3) }])),
);
editWeights('load-complex-into-float32', 'complex weights into a real module: a warning, imaginary parts dropped', {}, (sd) =>
  Object.fromEntries(Object.entries(sd).map(([k, t]) => [k, { dtype: 'complex64' as DType, shape: t.shape, data: Float32Array.from({ length: t.data.length * 2 }, (_, i) => (i % 2 ? 0.5 : (t.data[i >> 1] as number))) }])),
);
editWeights('load-real-into-complex64', 'real weights into a complex module', { dtype: 'complex64' }, (sd) =>
  Object.fromEntries(Object.entries(sd).map(([k, t]) => [k, { dtype: 'float32' as DType, shape: t.shape, data: Float32Array.from({ length: t.data.length / 2 }, (_, i) => t.data[2 * i] as number) }])),
);
editWeights('load-reordered-keys', 'the same weights in reverse key order', { num_layers: 2 }, (sd) => Object.fromEntries(Object.entries(sd).reverse()));

// ---- edge cases --------------------------------------------------------------------------------------
spec('edge-batch-0', 'batch of 0: empty output, empty h_n', { batch: 0 });
spec('edge-batch-0-bi-l2-bf', 'batch of 0, bidirectional, 2 layers, batch_first', { batch: 0, bidirectional: true, num_layers: 2, batch_first: true });
spec('edge-batch-0-hx', 'batch of 0 with an empty hx', { batch: 0, hx: true });
spec('edge-length-1', 'one time step', { seqLen: 1 });
spec('edge-length-1-unbatched-bi', 'one time step, unbatched, bidirectional', { seqLen: 1, unbatched: true, bidirectional: true });
spec('edge-long-sequence', '200 steps', { seqLen: 200, batch: 1, input_size: 2, hidden_size: 3 });
spec('edge-long-sequence-bi-relu', '120 steps, bidirectional relu', { seqLen: 120, batch: 1, input_size: 2, hidden_size: 2, bidirectional: true, nonlinearity: 'relu', weightScale: 0.5 });
spec('edge-long-sequence-float64', '150 steps in float64', { seqLen: 150, batch: 2, dtype: 'float64', input_size: 2, hidden_size: 3 });
spec('edge-saturated-tanh', 'inputs x100: tanh saturates at +-1', { inputScale: 100 });
spec('edge-saturated-tanh-float16', 'saturated tanh in float16', { inputScale: 100, dtype: 'float16' });
spec('edge-tiny-inputs', 'inputs x0.01', { inputScale: 0.01 });
spec('edge-exploding-relu', 'relu with weights x3 over 30 steps: values grow without bound', { nonlinearity: 'relu', weightScale: 3, seqLen: 30, batch: 1 });
spec('edge-exploding-relu-float16-inf', 'exploding relu overflows float16 to inf', { nonlinearity: 'relu', weightScale: 10, seqLen: 12, batch: 1, dtype: 'float16', inputScale: 100 });
spec('edge-exploding-relu-bfloat16', 'exploding relu in bfloat16', { nonlinearity: 'relu', weightScale: 10, seqLen: 12, batch: 1, dtype: 'bfloat16', inputScale: 100 });
spec('edge-large-weights-tanh', 'weights x30: tanh of large arguments', { weightScale: 30, num_layers: 2 });
spec('edge-complex64-large-weights', 'complex64 tanh near its poles (weights x3, 12 steps)', { dtype: 'complex64', weightScale: 3, seqLen: 12, batch: 1 });
// complex64 shapes for MKL cgemm's paths (engine/kernels/cgemm.ts) that no other fixture reaches with finite
// values: K = 1 (x·W_ih with input_size 1, hidden >= 8, several rows; h·W_hh is the small addmm kernel), the
// four FMA chains (hidden 11, several rows), and the dot path with hidden 1 (x's row as the vector operand)
spec('edge-complex64-input-size-1-hidden-9', 'complex64, input_size 1, hidden 9, batch 3: the K = 1 product x·W_ih, the small addmm kernel h·W_hh', { dtype: 'complex64', input_size: 1, hidden_size: 9, batch: 3, seqLen: 2 });
spec('edge-complex64-hidden-11', 'complex64, hidden 11: the four FMA chains of x·W_ih and h·W_hh, bias through addmm', { dtype: 'complex64', input_size: 2, hidden_size: 11, seqLen: 2 });
spec('edge-complex64-hidden-1', 'complex64, hidden 1: the dot products with x\'s row as the vector operand', { dtype: 'complex64', input_size: 3, hidden_size: 1, seqLen: 3 });
for (const s of ['nan', 'inf', '-inf'] as const) {
  const word = s === '-inf' ? 'neg-inf' : s;
  spec(`edge-input-${word}`, `one ${s} in the input`, { special: s });
  spec(`edge-input-${word}-relu-bi`, `one ${s} in the input, relu, bidirectional`, { special: s, nonlinearity: 'relu', bidirectional: true });
}
spec('edge-input-nan-complex128', 'NaN in a complex128 input', { special: 'nan', dtype: 'complex128' });
spec('edge-input-inf-float16', 'inf in a float16 input', { special: 'inf', dtype: 'float16' });
hand('edge-hx-nan', 'NaN in hx', () => {
  const c = materialize({ ...BASE, dataSeed: nameSeed('edge-hx-nan'), hx: true }, 'edge-hx-nan');
  const hx = c.hx ?? zeros('float32', [1, 2, 4]);
  hx.data[1] = NaN;
  const { spec: _s, id: _i, ...rest } = c;
  return { ...rest, hx };
});
// check seed 5 case 196: relu growth where bfloat16 products leave float32's range. torch's gemm rounds
// each product to float32 before adding (inf, then inf - inf = NaN); an FMA would stay finite.
spec('edge-bfloat16-product-overflow', 'bfloat16 relu growth: float32 products overflow (torch: no FMA, NaN where an FMA stays finite)', {
  input_size: 2, hidden_size: 15, nonlinearity: 'relu', bias: false, batch_first: true, dtype: 'bfloat16', seed: 2692901863,
  weightScale: 30, seqLen: 63, batch: 2, dataSeed: 2147483633,
});
// ...and input_size 16: torch's 16-bit x·Wᵀ (dot_with_fp32_arith, 8 lanes on AVX2) puts k = 0 and k = 8
// in one lane of its 16-wide loop, fused: 2^133 then -2^133 stays inf (rounded products: NaN).
hand('edge-bfloat16-product-overflow-k16', 'bfloat16 relu, input_size 16: x·W_ih products overflow float32 in the fused 16-wide loop (torch inf, not NaN)', () => {
  const H = 4;
  const I = 16;
  const wih = zeros('bfloat16', [H, I]);
  for (let j = 0; j < H; j++) { wih.data[j * I] = 2 ** 33; wih.data[j * I + 8] = -(2 ** 33); }
  const input = zeros('bfloat16', [1, 2, I]);
  for (let n = 0; n < 2; n++) { input.data[n * I] = 2 ** 100; input.data[n * I + 8] = 2 ** 100; }
  return {
    config: { input_size: I, hidden_size: H, nonlinearity: 'relu', bias: false, dtype: 'bfloat16' }, seed: 0, train: false, hx: null, input,
    stateDict: { weight_ih_l0: wih, weight_hh_l0: zeros('bfloat16', [H, H]) },
  };
});
// the order of that dot product (K = 80: one 64-block in 8 registers of 8 lanes, then 16 in one
// register, each reduced as AVX2's vec_reduce_all): inputs i and i + 40 (i < 24) cancel, ±(1..2)·2^20
// with equal weights, so the float32 rounding of the big partial sums shows in the bfloat16 result (a
// k-order chain differs from torch in 14 of the 24 outputs).
hand('edge-bfloat16-dot-order-k80', 'bfloat16, input_size 80 with cancelling large products: torch\'s lane order of the 16-bit dot product', () => {
  const I = 80;
  const H = 8;
  const N = 3;
  let k = 12345;
  const rand = () => (k = (Math.imul(k, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const x = new Array<number>(N * I);
  const w = new Array<number>(H * I);
  for (let i = 0; i < N * I; i++) x[i] = rand() * 2 - 1;
  for (let i = 0; i < H * I; i++) w[i] = rand() * 2 - 1;
  for (let i = 0; i < 24; i++) {
    for (let n = 0; n < N; n++) { const v = (1 + rand()) * 2 ** 20; x[n * I + i] = v; x[n * I + i + 40] = -v; }
    for (let j = 0; j < H; j++) w[j * I + i + 40] = w[j * I + i];
  }
  return {
    config: { input_size: I, hidden_size: H, nonlinearity: 'relu', bias: false, dtype: 'bfloat16' }, seed: 0, train: false, hx: null,
    input: tensor('bfloat16', [1, N, I], x), stateDict: { weight_ih_l0: tensor('bfloat16', [H, I], w), weight_hh_l0: zeros('bfloat16', [H, H]) },
  };
});
// two 64-blocks of the 16-bit dot product (K >= 128): the second block reads x and W at k = 64 + 8r + lane
spec('edge-float16-input-size-146', 'float16, input_size 146: two 64-lane blocks, one 16-wide register and 2 products one by one in the 16-bit x·W_ih', { dtype: 'float16', input_size: 146, hidden_size: 3, seqLen: 2, batch: 2 });
// ...and its lane reduction: products 2^24, 1, -2^24, 1 in lanes 0..3 (input_size 16): AVX2's
// vec_reduce_all adds (0 + 2) + (1 + 3) = 2; lanes in order (2^24 + 1 rounds to 2^24) or the k-order
// chain give 1.
hand('edge-bfloat16-dot-lane-reduction', 'bfloat16, input_size 16: products 2^24, 1, -2^24, 1 summed in torch\'s lane tree give 2, in order 1', () => {
  const H = 2;
  const I = 16;
  const input = zeros('bfloat16', [1, 1, I]);
  [2 ** 12, 1, -(2 ** 12), 1].forEach((v, k) => { input.data[k] = v; });
  const wih = zeros('bfloat16', [H, I]);
  for (let j = 0; j < H; j++) [2 ** 12, 1, 2 ** 12, 1].forEach((v, k) => { wih.data[j * I + k] = v; });
  return {
    config: { input_size: I, hidden_size: H, nonlinearity: 'relu', bias: false, dtype: 'bfloat16' }, seed: 0, train: false, hx: null, input,
    stateDict: { weight_ih_l0: wih, weight_hh_l0: zeros('bfloat16', [H, H]) },
  };
});
// complex tanh with an infinite real part, reached through nn.RNN (the catalog's ctanhf-neg-inf and
// ctanh-inf-re-nan-im). complex64: x·W_ih on cgemm's four-chain path (no alpha multiply: rows >= 2,
// H >= 8, K >= 4 here and on AVX2) gives 2^127·(-4) = -inf + 0i, add_'s alpha makes it -inf + NaN·i,
// tanh -1. complex128: a finite hx of 2^1022 times W_hh = 8·I overflows, zgemm's alpha makes inf + NaN·i,
// tanh 1 (C99 Annex G: ctanh(±inf + i·y) = ±1 for any y).
hand('edge-complex64-tanh-neg-inf', 'complex64: x·W_ih overflows to -inf + 0i; tanh(-inf + NaN·i) = -1', () => {
  const H = 12;
  const K = 4;
  const wih = zeros('complex64', [H, K]);
  for (let j = 0; j < H; j++) wih.data[2 * j * K] = -4;
  const input = zeros('complex64', [2, 2, K]);
  for (let r = 0; r < 4; r++) input.data[2 * r * K] = 2 ** 127;
  return {
    config: { input_size: K, hidden_size: H, bias: false, dtype: 'complex64' }, seed: 0, train: false, hx: null, input,
    stateDict: { weight_ih_l0: wih, weight_hh_l0: zeros('complex64', [H, H]) },
  };
});
// cgemm's dot path (batch 1) scales h·W_hh by alpha = 1 + 0i as a complex multiply, then addmm adds the
// bias plainly (torch 2.13 on AVX2 and the engine alike): unit 1's 2^127·4 = inf + 0i becomes inf + NaN·i
// (tanh 1 - 0i: x86's NaN is negative; without alpha, tanh(inf + 0i) = 1 + 0i), unit 0's bias 0 + inf·i
// gives tanh(0 + inf·i) = 0 + NaN·i (through add_'s alpha, 0 - inf·0 would make the real part NaN).
hand('edge-complex64-alpha-inf', 'complex64, batch 1, hidden 2: h·W_hh = inf + 0i times alpha = inf + NaN·i (tanh 1 - 0i); a bias 0 + inf·i added plainly (tanh 0 + NaN·i)', () => {
  const H = 2;
  const whh = zeros('complex64', [H, H]);
  whh.data[2 * (1 * H + 0)] = 4;
  const bhh = zeros('complex64', [H]);
  bhh.data[1] = Infinity;
  const hx = zeros('complex64', [1, 1, H]);
  hx.data[0] = 2 ** 127;
  return {
    config: { input_size: 2, hidden_size: H, dtype: 'complex64' }, seed: 0, train: false, hx, input: zeros('complex64', [1, 1, 2]),
    stateDict: { weight_ih_l0: zeros('complex64', [H, 2]), weight_hh_l0: whh, bias_ih_l0: zeros('complex64', [H]), bias_hh_l0: bhh },
  };
});
hand('edge-complex128-tanh-inf-nan', 'complex128: a finite hx of 2^1022 through W_hh = 8·I overflows to inf + NaN·i; tanh = 1', () => {
  const H = 4;
  const whh = zeros('complex128', [H, H]);
  for (let j = 0; j < H; j++) whh.data[2 * (j * H + j)] = 8;
  const hx = zeros('complex128', [1, 2, H]);
  for (let i = 0; i < 2 * H; i++) hx.data[2 * i] = 2 ** 1022;
  return {
    config: { input_size: 2, hidden_size: H, bias: false, dtype: 'complex128' }, seed: 0, train: false, hx,
    input: zeros('complex128', [2, 2, 2]), stateDict: { weight_ih_l0: zeros('complex128', [H, 2]), weight_hh_l0: whh },
  };
});
// float16 results among the subnormals and just below the smallest one (2^-25 .. 2^-24 rounds up to it)
spec('edge-float16-subnormal-rounding', 'float16 with tiny inputs and weights: results rounded among the subnormals', { dtype: 'float16', inputScale: 1e-3, weightScale: 1e-3, bias: false, batch: 4, seqLen: 4 });
hand('edge-zero-input', 'all-zero input: the output is the bias path alone', () => ({ config: { input_size: 3, hidden_size: 2 }, seed: 9, stateDict: null, input: zeros('float32', [2, 2, 3]), hx: null, train: false }));

// ---- repr: torch's repr(module) is recorded in every fixture computed since; these two reach its corners ----
spec('repr-dropout-one-layer', 'repr with dropout on one layer (torch prints dropout= where it has no effect, and warns)', { dropout: 0.5 });
spec('repr-every-argument', 'repr with every argument away from its default, in torch\'s order', { num_layers: 2, nonlinearity: 'relu', bias: false, batch_first: true, dropout: 0.25, bidirectional: true });

// ---- train mode: dropout --------------------------------------------------------------------------------
spec('train-dropout-p1', 'train, dropout=1, 2 layers: the second layer sees x*0', { train: true, dropout: 1, num_layers: 2 });
spec('train-dropout-p1-nan', 'train, dropout=1 with a NaN input: NaN*0 still propagates', { train: true, dropout: 1, num_layers: 2, special: 'nan' });
spec('train-dropout-half', 'train, dropout=0.5, 2 layers, seeded weights', { train: true, dropout: 0.5, num_layers: 2, weights: 'seeded', seed: 42, batch: 3, seqLen: 4 });
spec('train-dropout-0.3-l3-bi', 'train, dropout=0.3, 3 layers, bidirectional', { train: true, dropout: 0.3, num_layers: 3, bidirectional: true, seed: 1234 });
spec('train-dropout-bf', 'train, dropout=0.5 with batch_first (masks drawn in seq-first layout)', { train: true, dropout: 0.5, num_layers: 2, batch_first: true, batch: 3, seed: 77 });
spec('train-dropout-p0', 'train, dropout=0: no draws', { train: true, dropout: 0, num_layers: 2 });
spec('train-dropout-one-layer', 'train, dropout=0.5 with one layer: warning, no dropout', { train: true, dropout: 0.5 });
spec('train-dropout-float64', 'train, dropout=0.25 in float64', { train: true, dropout: 0.25, num_layers: 2, dtype: 'float64', seed: 5 });
spec('train-dropout-float16', 'train, dropout=0.5 in float16', { train: true, dropout: 0.5, num_layers: 2, dtype: 'float16', seed: 6 });
spec('train-dropout-bfloat16', 'train, dropout=0.5 in bfloat16', { train: true, dropout: 0.5, num_layers: 2, dtype: 'bfloat16', seed: 8 });
spec('train-dropout-complex64-refused', 'train, dropout=0.5 on complex64: bernoulli not implemented', { train: true, dropout: 0.5, num_layers: 2, dtype: 'complex64' });
spec('train-dropout-complex128-refused', 'train, dropout=0.5 on complex128: bernoulli not implemented (ComplexDouble)', { train: true, dropout: 0.5, num_layers: 2, dtype: 'complex128' });
spec('train-dropout-complex128-p1', 'train, dropout=1 on complex128: no draws, x*0', { train: true, dropout: 1, num_layers: 2, dtype: 'complex128' });
// a mask drawn after another in one forward (3 layers: 2 masks) per storage loop: one draw too many
// in the first mask shifts every element of the second
spec('train-dropout-float64-l3', 'train, dropout=0.4, 3 layers in float64: the second mask follows the first', { train: true, dropout: 0.4, num_layers: 3, dtype: 'float64', seed: 31 });
spec('train-dropout-float16-l3', 'train, dropout=0.4, 3 layers in float16: the second mask follows the first', { train: true, dropout: 0.4, num_layers: 3, dtype: 'float16', seed: 32 });
spec('train-dropout-bfloat16-p0.3', 'train, dropout=0.3, 2 layers in bfloat16: the kept factor 1/0.7 and the products rounded to bfloat16', { train: true, dropout: 0.3, num_layers: 2, dtype: 'bfloat16', seed: 36 });
spec('train-no-dropout-seeded', 'train mode without dropout equals eval', { train: true, weights: 'seeded', seed: 99, num_layers: 2 });

// ---- numeric regimes: one fixture per regime-block case (every regime and double fault; then each numeric
// regime again through the backward, the block's gradient cases: regime-grad-*) ----------------------------
for (const gradient of [false, true]) {
  const taken = new Set<string>();
  for (const e of regimeBlock(DTYPES).filter((b) => Boolean(b.fixed.gradient) === gradient)) {
    const base = `regime-${gradient ? 'grad-' : ''}${slug((e.targets[0] ?? '').replace('-inf', 'minus-inf'))}`;
    let name = base;
    for (let n = 2; taken.has(name); n++) name = `${base}-${n}`;
    taken.add(name);
    spec(name, `${gradient ? 'gradients through a case that ' : ''}reaches ${e.targets.join('; ')}`, e.fixed);
  }
}

// ---- packed input: pack_padded_sequence -> nn.RNN -> pad_packed_sequence ---------------------------------
// Lengths are written out (the spec draws them, and would not say which pattern a fixture pins): the
// padded steps hold random values, so an engine that feeds them into the recurrence differs.
function packed(name: string, about: string, o: Partial<CaseSpec>, lengths: number[], enforceSorted = false): void {
  hand(name, about, () => {
    const seqLen = o.seqLen ?? Math.max(...lengths);
    const { spec: _s, id: _i, ...c } = materialize({ ...BASE, dataSeed: nameSeed(name), seqLen, batch: lengths.length, ...o }, name);
    return { ...c, lengths, enforceSorted };
  });
}
packed('packed-sorted', 'lengths [6, 4, 3, 1] sorted, enforce_sorted=True', {}, [6, 4, 3, 1], true);
packed('packed-sorted-not-enforced', 'lengths [6, 5, 2] sorted, enforce_sorted=False (no permutation)', {}, [6, 5, 2]);
packed('packed-unsorted', 'lengths [3, 6, 1, 4] unsorted, enforce_sorted=False: sorted inside, h_n back in the caller\'s order', {}, [3, 6, 1, 4]);
packed('packed-equal', 'all lengths equal [5, 5, 5]: the same as padded input', {}, [5, 5, 5], true);
packed('packed-one-beside-long', 'a length 1 beside long ones [9, 1, 8]', {}, [9, 1, 8]);
packed('packed-one-beside-long-bi', 'a length 1 beside long ones, bidirectional: each reverse starts at its own last step', { bidirectional: true }, [1, 9, 7]);
packed('packed-shorter-than-padded', 'every length shorter than the padded input (T=7, lengths [5, 2, 4]): the output padded to 5 steps', { seqLen: 7 }, [5, 2, 4]);
packed('packed-batch-1', 'one sequence', {}, [4], true);
packed('packed-hx', 'unsorted lengths with hx: hx rows permuted by sorted_indices', { hx: true }, [2, 6, 4]);
packed('packed-bidirectional', 'bidirectional, unsorted lengths', { bidirectional: true }, [4, 6, 2, 5]);
packed('packed-bi-hx', 'bidirectional with hx, unsorted lengths', { bidirectional: true, hx: true }, [3, 1, 6]);
packed('packed-layers-3', 'three layers, unsorted lengths', { num_layers: 3 }, [2, 5, 5, 1]);
packed('packed-bi-l2-bf-hx', 'bidirectional, 2 layers, batch_first, hx, unsorted lengths', { bidirectional: true, num_layers: 2, batch_first: true, hx: true }, [4, 7, 2]);
packed('packed-relu', 'relu, unsorted lengths', { nonlinearity: 'relu' }, [5, 3, 6]);
packed('packed-nobias-bi', 'bias=False, bidirectional', { bias: false, bidirectional: true }, [6, 4, 2], true);
packed('packed-seeded', 'weights from manual_seed(7), unsorted lengths', { weights: 'seeded', seed: 7 }, [2, 5, 3]);
packed('packed-train-dropout', 'train, dropout=0.5, 2 layers: the mask over the packed rows', { train: true, dropout: 0.5, num_layers: 2, seed: 21 }, [3, 6, 1, 5]);
packed('packed-train-dropout-bi-l3', 'train, dropout=0.3, 3 layers, bidirectional, hx', { train: true, dropout: 0.3, num_layers: 3, bidirectional: true, hx: true, seed: 22 }, [5, 2, 6]);
for (const d of DTYPES) {
  packed(`packed-${d}`, `${d}: bidirectional, 2 layers, hx, unsorted lengths with a length 1`, { dtype: d, bidirectional: true, num_layers: 2, hx: true }, [4, 1, 6, 3]);
}
packed('packed-float16-train-dropout', 'float16, train, dropout=0.5, 2 layers', { dtype: 'float16', train: true, dropout: 0.5, num_layers: 2, seed: 23 }, [5, 2, 4]);
packed('packed-float64-long', 'float64, 60 steps beside 7', { dtype: 'float64', input_size: 2, hidden_size: 3 }, [7, 60]);
// packed and gradient at once: pack_padded_sequence -> nn.RNN -> pad_packed_sequence -> autograd.backward
const G = { gradient: { gradHN: true, fault: null } } as const;
packed('packed-grad-unsorted', 'gradients through a packed batch, unsorted lengths [3, 6, 1, 4]', G, [3, 6, 1, 4]);
packed('packed-grad-bi-l2-bf-hx', 'gradients through a packed batch: bidirectional, 2 layers, batch_first, hx', { ...G, bidirectional: true, num_layers: 2, batch_first: true, hx: true }, [4, 7, 2]);
packed('packed-grad-float16-hx', 'gradients through a packed batch in float16, hx, a length 1', { ...G, dtype: 'float16', hx: true, bidirectional: true }, [5, 1, 3]);
packed('packed-grad-complex64-refused', 'gradients through a packed batch in complex64: _pack_padded_sequence refuses autograd on complex', { ...G, dtype: 'complex64', bidirectional: true }, [2, 5, 4]);
packed('packed-grad-no-grad-h-n', 'gradients through a packed batch without grad_h_n', { gradient: { gradHN: false, fault: null }, hx: true }, [6, 4, 2], true);
packed('packed-grad-train-dropout', 'gradients through a packed batch, train, dropout=0.5, 2 layers', { ...G, train: true, dropout: 0.5, num_layers: 2, seed: 41 }, [3, 6, 1, 5]);
// torch's refusals of bad lengths, in its words
packed('packed-refused-unsorted-enforced', 'unsorted lengths with enforce_sorted=True', {}, [3, 5, 2], true);
packed('packed-refused-zero', 'a length of 0', {}, [5, 0, 3]);
packed('packed-refused-negative', 'a negative length', {}, [5, -1, 3]);
packed('packed-refused-count-short', 'one length fewer than the batch, enforce_sorted=True', { batch: 3, seqLen: 5 }, [5, 3], true);
packed('packed-count-short-accepted', 'one length fewer than the batch, enforce_sorted=False: torch accepts it (the sort\'s index_select keeps 2 of the 3 sequences)', { batch: 3, seqLen: 5 }, [5, 3]);
packed('packed-refused-count-long', 'one length more than the batch', { batch: 3, seqLen: 5 }, [5, 3, 2, 1]);
packed('packed-refused-too-long', 'a length beyond the padded input (T=5)', { seqLen: 5 }, [7, 5, 3]);
packed('packed-refused-too-long-sorted', 'a length beyond the padded input, sorted, enforce_sorted=True', { seqLen: 4 }, [6, 4, 2], true);

// ---- gradients: torch.autograd.backward([output, h_n], [grad_output, grad_h_n]) --------------------------
// torch's .grad of the input, hx and every parameter (grad_h_n zeros when absent).
const grad = (name: string, about: string, o: Partial<CaseSpec>, gradHN = true): void => spec(name, about, { gradient: { gradHN, fault: null }, ...o });
for (const d of DTYPES) {
  grad(`grad-${d}-basic`, `${d}: gradients of one layer, grad_h_n given`, { dtype: d });
  grad(`grad-${d}-bi-l2-hx`, `${d}: gradients, bidirectional, 2 layers, hx, batch_first`, { dtype: d, bidirectional: true, num_layers: 2, hx: true, batch_first: true });
}
grad('grad-layers-3', 'gradients through 3 layers', { num_layers: 3, seqLen: 5 });
grad('grad-bidirectional', 'gradients, bidirectional', { bidirectional: true, seqLen: 5 });
grad('grad-batch-first', 'gradients, batch_first', { batch_first: true, batch: 3 });
grad('grad-unbatched', 'gradients of unbatched input', { unbatched: true, seqLen: 5 });
grad('grad-unbatched-hx-bi', 'gradients of unbatched input with hx, bidirectional', { unbatched: true, hx: true, bidirectional: true });
grad('grad-hx', 'gradients with hx: grad.hx', { hx: true, seqLen: 6 });
grad('grad-no-grad-h-n', 'no grad_h_n (zeros): only the output carries gradient', { seqLen: 6 }, false);
grad('grad-hx-no-grad-h-n-bi-l2', 'hx, no grad_h_n, bidirectional, 2 layers', { hx: true, bidirectional: true, num_layers: 2 }, false);
grad('grad-nobias', 'bias=False: no bias gradients', { bias: false });
grad('grad-nobias-bi-l2-hx', 'bias=False, bidirectional, 2 layers, hx', { bias: false, bidirectional: true, num_layers: 2, hx: true });
grad('grad-relu', 'relu: gradient through the clamp', { nonlinearity: 'relu', seqLen: 6 });
grad('grad-relu-bi-l2-bf', 'relu, bidirectional, 2 layers, batch_first', { nonlinearity: 'relu', bidirectional: true, num_layers: 2, batch_first: true });
grad('grad-seeded', 'weights from manual_seed(42)', { weights: 'seeded', seed: 42, num_layers: 2 });
grad('grad-long-sequence', '40 steps', { seqLen: 40, batch: 1, input_size: 2, hidden_size: 3 });
grad('grad-relu-batch-300', 'relu, one step, batch 300: the bias gradients sum 300 rows (torch\'s cascade sum past 16 and 256 rows)', { nonlinearity: 'relu', seqLen: 1, batch: 300, input_size: 2, hidden_size: 5 });
grad('grad-saturated-tanh', 'inputs x100: tanh saturated, 1 - h^2 at 0', { inputScale: 100 });
grad('grad-batch-0', 'batch of 0: empty gradients', { batch: 0 });
grad('grad-batch-0-bi-l2-hx', 'batch of 0, bidirectional, 2 layers, hx', { batch: 0, bidirectional: true, num_layers: 2, hx: true });
grad('grad-train-dropout', 'train, dropout=0.5, 2 layers: the same masks in the backward', { train: true, dropout: 0.5, num_layers: 2, seed: 31, batch: 3, seqLen: 4 });
grad('grad-train-dropout-bi-l3-hx', 'train, dropout=0.3, 3 layers, bidirectional, hx', { train: true, dropout: 0.3, num_layers: 3, bidirectional: true, hx: true, seed: 32 });
grad('grad-train-no-dropout-l2', 'train, dropout=0, 2 layers: no masks drawn, the whole gradient reaches the lower layer', { train: true, num_layers: 2 });
grad('grad-train-dropout-p1', 'train, dropout=1: the upper layer sees x*0, no gradient reaches the lower one through it', { train: true, dropout: 1, num_layers: 2 });
grad('grad-train-dropout-float64', 'train, dropout=0.25 in float64', { train: true, dropout: 0.25, num_layers: 2, dtype: 'float64', seed: 33 });
grad('grad-train-dropout-float16', 'train, dropout=0.5 in float16', { train: true, dropout: 0.5, num_layers: 2, dtype: 'float16', seed: 34 });
grad('grad-train-dropout-bfloat16', 'train, dropout=0.5 in bfloat16', { train: true, dropout: 0.5, num_layers: 2, dtype: 'bfloat16', seed: 35 });
grad('grad-train-dropout-float16-p0.3', 'train, dropout=0.3 in float16: the lower layer\'s gradient times the mask (0 or 1/0.7) rounded to float16', { train: true, dropout: 0.3, num_layers: 2, dtype: 'float16', seed: 37 });
grad('grad-train-dropout-bfloat16-p0.3', 'train, dropout=0.3 in bfloat16: the lower layer\'s gradient times the mask (0 or 1/0.7) rounded to bfloat16', { train: true, dropout: 0.3, num_layers: 2, dtype: 'bfloat16', seed: 38 });
grad('grad-train-dropout-complex128-p1', 'train, dropout=1 on complex128 (no draws, x*0)', { train: true, dropout: 1, num_layers: 2, dtype: 'complex128' });
grad('grad-complex64-bi-unbatched', 'complex64, bidirectional, unbatched, hx: conjugate Wirtinger gradients', { dtype: 'complex64', bidirectional: true, unbatched: true, hx: true, seqLen: 5 });
grad('grad-complex128-l2-nobias', 'complex128, 2 layers, no bias', { dtype: 'complex128', num_layers: 2, bias: false });
// check seed 13 case 480: a chaotic complex128 forward (torch's output 1e8 tolerances from the exact one)
// near complex tanh's poles, where 1 - h^2 is unbounded. torch's gradients land 1000x below the exact
// ones (1e7 tolerances: no correct bit), the engine's up to 2e6x above (1.7e14). The oracle rule's (l):
// torch's error bounds nothing once torch has no correct bit (harness/compare/oracle-rule.ts).
spec('grad-complex128-chaotic-near-poles', 'complex128 gradients through a chaotic forward near the poles of complex tanh: torch has no correct bit', {
  input_size: 2, hidden_size: 15, num_layers: 2, batch_first: true, dropout: 0.050000000000000024, bidirectional: true, dtype: 'complex128',
  seed: 2655879963, seqLen: 65, batch: 2, hx: true, dataSeed: 2147483630, gradient: { gradHN: false, fault: null },
});
// bfloat16 gradient products past float32's range: grad.hx = gs·W_hh is torch's gemm_notrans_ (four
// partial sums; K = 5: k = 4 is a leftover product, rounded to float32 before it is added):
// 2^100·2^33 = inf at k = 0 and -inf at k = 4, in one partial: inf - inf = NaN (fused it would stay inf).
hand('grad-bfloat16-product-overflow', 'bfloat16 relu: grad.hx products overflow float32 (torch rounds each product: inf - inf = NaN)', () => {
  const H = 5;
  const whh = zeros('bfloat16', [H, H]);
  for (let k = 0; k < H; k++) {
    whh.data[k] = 2 ** 33;
    whh.data[H + k] = 3;
    whh.data[4 * H + k] = -(2 ** 33);
  }
  const filled = (shape: number[], v: number) => tensor('bfloat16', shape, new Array<number>(shape.reduce((a, b) => a * b, 1)).fill(v));
  return {
    config: { input_size: 2, hidden_size: H, nonlinearity: 'relu', dtype: 'bfloat16' }, seed: 0, train: false,
    input: filled([1, 2, 2], 1), hx: zeros('bfloat16', [1, 2, H]), gradOutput: filled([1, 2, H], 2 ** 100), gradHN: null,
    stateDict: { weight_ih_l0: filled([H, 2], 0.5), weight_hh_l0: whh, bias_ih_l0: filled([H], 1), bias_hh_l0: zeros('bfloat16', [H]) },
  };
});
// ...and K = 10 (check seed 1 case 1972, torch -inf where rounding every product gave NaN): the four-way
// loop is a fused multiply-add, only the leftovers (k = 8, 9) round the product. Columns of W_hh, gs =
// 2^100: 0: 2^133 then -2^133 in partial 0: inf; 1: -1.75·2^127 then 2.5·2^127: 1.28e38; 2: 2^133 then
// -2^133 at leftover k = 8: NaN; 3: -2^133 then 2^133 in partial 1: -inf; 4: -1.75·2^127 then a leftover
// 2.5·2^127 rounded to inf: inf.
hand('grad-bfloat16-product-overflow-k10', 'bfloat16 relu, hidden 10: grad.hx products overflow float32, fused in the four-way loop (inf, 1.28e38, -inf), rounded in the leftovers (NaN, inf)', () => {
  const H = 10;
  const whh = zeros('bfloat16', [H, H]);
  const set = (j: number, c: number, v: number) => { whh.data[j * H + c] = v; };
  set(0, 0, 2 ** 33); set(4, 0, -(2 ** 33));
  set(0, 1, -1.75 * 2 ** 27); set(4, 1, 1.25 * 2 ** 28);
  set(0, 2, 2 ** 33); set(8, 2, -(2 ** 33));
  set(1, 3, -(2 ** 33)); set(5, 3, 2 ** 33);
  set(0, 4, -1.75 * 2 ** 27); set(9, 4, 1.25 * 2 ** 28);
  for (let j = 0; j < H; j++) for (let c = 5; c < H; c++) set(j, c, 1);
  const filled = (shape: number[], v: number) => tensor('bfloat16', shape, new Array<number>(shape.reduce((a, b) => a * b, 1)).fill(v));
  return {
    config: { input_size: 2, hidden_size: H, nonlinearity: 'relu', dtype: 'bfloat16' }, seed: 0, train: false,
    input: filled([1, 2, 2], 1), hx: zeros('bfloat16', [1, 2, H]), gradOutput: filled([1, 2, H], 2 ** 100), gradHN: null,
    stateDict: { weight_ih_l0: filled([H, 2], 0.5), weight_hh_l0: whh, bias_ih_l0: filled([H], 1), bias_hh_l0: zeros('bfloat16', [H]) },
  };
});
// ...and grad.weight_hh = gsᵀ·hx, torch's transposed mm, which does not round each product: 2^100·2^33
// then -2^100·2^33 over the batch gives inf (an unfused sum would give inf - inf = NaN).
hand('grad-bfloat16-weight-product-overflow', 'bfloat16 relu: grad.weight_hh products overflow float32 (torch keeps inf: no NaN here)', () => {
  const H = 3;
  const filled = (shape: number[], v: number) => tensor('bfloat16', shape, new Array<number>(shape.reduce((a, b) => a * b, 1)).fill(v));
  const gradOutput = filled([1, 2, H], 2 ** 100);
  for (let j = 0; j < H; j++) gradOutput.data[H + j] = -(2 ** 100);
  return {
    config: { input_size: 2, hidden_size: H, nonlinearity: 'relu', dtype: 'bfloat16' }, seed: 0, train: false,
    input: filled([1, 2, 2], 1), hx: filled([1, 2, H], 2 ** 33), gradOutput, gradHN: null,
    stateDict: { weight_ih_l0: filled([H, 2], 0.5), weight_hh_l0: zeros('bfloat16', [H, H]), bias_ih_l0: filled([H], 1), bias_hh_l0: zeros('bfloat16', [H]) },
  };
});
spec('grad-refused-grad-shape', 'grad_output one feature too wide: torch.autograd.backward refuses', { gradient: { gradHN: true, fault: 'grad-shape' } });
// Upstream gradients of another dtype or shape (engine/grad-args.ts): autograd casts a real gradient of
// another real dtype to the output's; _make_grads refuses a complex/real mix and a mis-shaped gradient,
// naming the culprit with list.index, which compares the gradients (and the outputs) with ==.
const eighths = (n: number, k: number): number[] => Array.from({ length: n }, (_, i) => (((i * 7 + k) % 11) - 5) / 8);
const tenths = (n: number, k: number): number[] => Array.from({ length: n }, (_, i) => (((i * 7 + k) % 13) - 6) / 10);
const gradCase = (name: string, about: string, dtype: DType, T: number, N: number, gradOutput: Tensor, gradHN: Tensor | null, H = 3): void =>
  hand(name, about, () => ({
    config: { input_size: 2, hidden_size: H, dtype }, seed: 0, stateDict: null, train: false, hx: null,
    input: tensor(dtype, [T, N, 2], isComplex(dtype) ? eighths(T * N * 2, 1).flatMap((x) => [x, -x / 2]) : eighths(T * N * 2, 1)), gradOutput, gradHN,
  }));
gradCase('grad-cast-float64-float16-into-float32', 'float32 module, grad_output float64 and grad_h_n float16: autograd casts both to float32', 'float32', 3, 2,
  tensor('float64', [3, 2, 3], tenths(18, 2)), tensor('float16', [1, 2, 3], eighths(6, 3)));
gradCase('grad-cast-float32-into-float16', 'float16 module, grad_output and grad_h_n float32: cast (rounded) to float16', 'float16', 3, 2,
  tensor('float32', [3, 2, 3], tenths(18, 4)), tensor('float32', [1, 2, 3], tenths(6, 5)));
gradCase('grad-cast-float64-into-bfloat16', 'bfloat16 module, grad_output float64: cast (rounded) to bfloat16', 'bfloat16', 3, 2,
  tensor('float64', [3, 2, 3], tenths(18, 6)), null);
gradCase('grad-refused-complex-real', 'complex64 module, a float32 grad_output: _make_grads refuses the complex/real mix', 'complex64', 2, 2,
  tensor('float32', [2, 2, 3], eighths(12, 7)), null);
gradCase('grad-refused-h-n-shape-broadcast', 'grad_h_n shaped (1, 2, 3, 1): list.index compares it with grad_output, which does not broadcast', 'float32', 2, 2,
  tensor('float32', [2, 2, 3], eighths(12, 8)), tensor('float32', [1, 2, 3, 1], eighths(6, 9)));
gradCase('grad-refused-h-n-shape-ambiguous', "grad_h_n shaped (2, 3): broadcasts with grad_output, the comparison's truth value is ambiguous", 'float32', 2, 2,
  tensor('float32', [2, 2, 3], eighths(12, 10)), tensor('float32', [2, 3], eighths(6, 11)));
gradCase('grad-refused-h-n-shape-empty', 'batch 0, grad_h_n shaped (0, 3): the comparison has no values', 'float32', 2, 0,
  tensor('float32', [2, 0, 3], []), tensor('float32', [0, 3], []));
gradCase('grad-refused-h-n-shape-broadcast-wider', 'one-element grad_output, grad_h_n shaped (1, 1, 2): the comparison broadcasts to two values, ambiguous', 'float32', 1, 1,
  tensor('float32', [1, 1, 1], [0.5]), tensor('float32', [1, 1, 2], [0.5, 0.25]), 1);
gradCase('grad-refused-h-n-shape-one-element-equal', 'one element everywhere, grad_h_n shaped (1, 1) equal to grad_output: list.index finds grad_output first', 'float32', 1, 1,
  tensor('float32', [1, 1, 1], [0.5]), tensor('float32', [1, 1], [0.5]), 1);
gradCase('grad-refused-h-n-shape-one-element-complex', 'complex64, one element, grad_h_n (1, 1) with grad_output\'s real part but another imaginary part', 'complex64', 1, 1,
  tensor('complex64', [1, 1, 1], [0.5, 0.25]), tensor('complex64', [1, 1], [0.5, -0.25]), 1);
gradCase('grad-refused-h-n-shape-one-element-unequal', 'one element everywhere, grad_h_n (1, 1) unequal to grad_output: list.index names grad_h_n itself', 'float32', 1, 1,
  tensor('float32', [1, 1, 1], [0.5]), tensor('float32', [1, 1], [0.25]), 1);
gradCase('grad-refused-h-n-complex-one-element-equal', "float32 module, one element, a complex64 grad_h_n equal to grad_output (0.5 == 0.5+0j): list.index names grad_output", 'float32', 1, 1,
  tensor('float32', [1, 1, 1], [0.5]), tensor('complex64', [1, 1, 1], [0.5, 0]), 1);
gradCase('grad-refused-h-n-shape-fewer-dims', "two steps of one element, grad_h_n (1, 1): broadcasts to grad_output's (2, 1, 1), ambiguous", 'float32', 2, 1,
  tensor('float32', [2, 1, 1], [0.5, 0.25]), tensor('float32', [1, 1], [0.5]), 1);
gradCase('grad-refused-h-n-shape-more-dims', "one element, grad_h_n (2, 1, 1, 1): a leading dimension grad_output lacks, ambiguous", 'float32', 1, 1,
  tensor('float32', [1, 1, 1], [0.5]), tensor('float32', [2, 1, 1, 1], [0.5, 0.25]), 1);

// ---- a fixed sample of the fuzz stream ------------------------------------------------------------------
for (let i = 0; i < FUZZ_COUNT; i++) {
  const name = `fuzz-${String(i).padStart(3, '0')}`;
  // (plain forward cases: the sample was frozen before regimes, packed and gradient cases joined the stream)
  entries.push({ name, about: `caseAt({ seed: ${FUZZ_SEED} }, ${i})`, build: () => materialize(caseAt({ seed: FUZZ_SEED, regimes: false, kinds: false }, i), name) });
}

const seen = new Set<string>();
for (const e of entries) {
  if (!NAME.test(e.name)) throw new Error(`golden entry name '${e.name}' is not a plain file name`);
  if (seen.has(e.name)) throw new Error(`golden entry name '${e.name}' is used twice`);
  seen.add(e.name);
}

/** Every entry, sorted by name (names are unique). */
export const CATALOG: readonly GoldenEntry[] = [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
