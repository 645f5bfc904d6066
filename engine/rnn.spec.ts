// Every constructor and forward check, against torch's live exception type and message (one
// python run for the whole table), plus shapes, repr, parameter names and state-dict semantics.
import { describe, expect, it } from 'vitest';
import { compareTensors } from '../harness/compare/index.js';
import { fromWire, runTorch, toWire, type TorchCase } from '../test/live-torch.js';
import { TorchError } from './errors.js';
import { Generator } from './random.js';
import { RNN } from './rnn.js';
import { zeros, type Tensor } from './tensor.js';
import type { DType } from './dtype.js';
import type { TorchRNNConfig } from './config.js';

const base = { input_size: 4, hidden_size: 3 };
const CONFIGS: TorchRNNConfig[] = [
  { ...base, proj_size: 0 }, { ...base, proj_size: null, nonlinearity: 'x' }, { ...base, nonlinearity: 'sigmoid', dropout: 5 },
  { ...base, nonlinearity: null }, { ...base, nonlinearity: 1.5 }, { ...base, nonlinearity: ['a', 1] }, { ...base, nonlinearity: 'relu' },
  { ...base, dropout: 'abc' }, { ...base, dropout: '0.5' }, { ...base, dropout: null }, { ...base, dropout: [1] }, { ...base, dropout: { a: 1 } },
  { ...base, dropout: true }, { ...base, dropout: 1.5 }, { ...base, dropout: -0.1 }, { ...base, dropout: 0.5 }, { ...base, dropout: 1 },
  { ...base, dropout: 1e-5 }, { ...base, dropout: 0.5, num_layers: true }, { ...base, dropout: 0.25, num_layers: 2 },
  { ...base, dropout: 0.1 + 0.2, num_layers: 3 }, { ...base, bias: 1 }, { ...base, bias: null, batch_first: 1 }, { ...base, batch_first: 'x' },
  { input_size: 2.5, hidden_size: 3, batch_first: 0 }, { input_size: 2.5, hidden_size: 3 }, { input_size: '2', hidden_size: 3 },
  { input_size: null, hidden_size: 3 }, { input_size: true, hidden_size: 3 }, { input_size: 2, hidden_size: true }, { input_size: false, hidden_size: 3 },
  { input_size: 0, hidden_size: 3 }, { input_size: -1, hidden_size: 0 }, { input_size: 1, hidden_size: 0 }, { input_size: 1, hidden_size: 2.5 },
  { ...base, num_layers: 0 }, { ...base, num_layers: -1 }, { ...base, num_layers: 0.5 }, { ...base, num_layers: 2.5 }, { ...base, num_layers: '2' },
  { ...base, num_layers: null }, { ...base, num_layers: [2] }, { ...base, num_layers: false }, { ...base, num_layers: true, bidirectional: true },
  { ...base, bidirectional: 'yes' }, { ...base, bidirectional: 0 }, { ...base, bidirectional: 1 }, { ...base, bidirectional: null }, { ...base, bidirectional: [] },
  { ...base, dtype: 'int32' }, { ...base, dtype: 'bool' }, { ...base, dtype: 'int64' }, { ...base, dtype: 'float8_e4m3fn' }, { ...base, dtype: 'float' }, { ...base, dtype: 'torch.float64' }, { ...base, dtype: 'foo' }, { ...base, dtype: 5 }, { ...base, dtype: true }, { ...base, dtype: [] },
  { ...base, dtype: 'double' }, { ...base, dtype: 'cfloat' }, { ...base, device: 'cpu' }, { ...base, device: 'cpu:0' }, { ...base, device: null, dtype: null },
  { ...base, foo: 1 } as TorchRNNConfig, { input_size: 1, foo: 1 } as TorchRNNConfig, {}, { hidden_size: 2 },
  { input_size: 1, hidden_size: 2, num_layers: 2, bias: false, batch_first: true, dropout: 0.25, bidirectional: true },
  { ...base, dropout: 0 }, { ...base, dropout: 0.0, num_layers: 3 },
  // a refusal after the dropout warning: torch has recorded the warning when it raises
  { ...base, dropout: 0.05, dtype: 'int64' }, { ...base, dropout: 0.5, bias: 1 }, { ...base, dropout: 1, num_layers: true, hidden_size: true },
  { ...base, dropout: 0.3, dtype: 'float8_e5m2' }, { ...base, dropout: 0.3, device: 'cuda' }, { ...base, dropout: 0.3, input_size: 0 },
];

describe('constructor: torch checks, order, messages, warnings, repr, parameters (live)', () => {
  const results = runTorch(CONFIGS.map((config) => ({ config: config as Record<string, unknown> })));
  CONFIGS.forEach((cfg, i) => {
    it(JSON.stringify(cfg), () => {
      const r = results[i];
      let rnn: RNN | undefined;
      let err = '';
      try {
        RNN.fromTorchConfig(cfg, { generator: new Generator(0) });
      } catch (e) {
        if (!(e instanceof TorchError)) throw e;
        err = String(e);
      }
      let warnings: string[] = [];
      try {
        rnn = RNN.fromTorchConfig(cfg, { generator: new Generator(0) });
        warnings = rnn.warnings;
      } catch (e) {
        if (!(e instanceof TorchError)) throw e;
        warnings = e.warnings;
      }
      // the device refusal is the engine's own (torch builds on CUDA), so only its warnings are compared
      if (cfg.device !== 'cuda') expect(err).toBe(r.error ? `${r.error.type}: ${r.error.message}` : '');
      expect(warnings).toEqual(r.warnings);
      if (!rnn) return;
      expect(String(rnn)).toBe(r.repr);
      expect(Object.entries(rnn.stateDict()).map(([k, v]) => [k, v.shape])).toEqual(r.params);
    });
  });

  it('refuses devices other than the CPU with a clear error', () => {
    for (const device of ['cuda', 'cuda:0', 'meta', 'mps']) {
      expect(() => new RNN({ inputSize: 2, hiddenSize: 3, device })).toThrow(/this engine runs on the CPU only/);
    }
  });
});

// ---- forward refusals ----
const t = (dtype: DType, shape: number[]): Tensor => zeros(dtype, shape);
interface FwdCase { cfg: TorchRNNConfig; input: Tensor; hx?: Tensor; train?: boolean }
const F32 = 'float32';
const FWD: FwdCase[] = [
  { cfg: base, input: t(F32, [4]) }, { cfg: base, input: t(F32, [1, 1, 1, 4]) }, { cfg: base, input: t(F32, []) },
  { cfg: base, input: t(F32, [2, 4]), hx: t(F32, [1, 1, 3]) }, { cfg: base, input: t(F32, [2, 4]), hx: t(F32, [3]) },
  { cfg: base, input: t(F32, [2, 1, 4]), hx: t(F32, [1, 3]) }, { cfg: base, input: t('float64', [2, 1, 4]) },
  { cfg: base, input: t('float64', [2, 1, 5]) }, { cfg: base, input: t(F32, [2, 1, 5]) },
  { cfg: { input_size: true, hidden_size: 3 }, input: t(F32, [2, 1, 5]) },
  { cfg: base, input: t(F32, [2, 1, 4]), hx: t(F32, [1, 2, 3]) }, { cfg: base, input: t(F32, [2, 4]), hx: t(F32, [2, 3]) },
  { cfg: { ...base, num_layers: 2, bidirectional: true }, input: t(F32, [2, 5, 4]), hx: t(F32, [4, 5, 2]) },
  { cfg: { ...base, batch_first: true }, input: t(F32, [5, 2, 4]), hx: t(F32, [1, 2, 3]) },
  { cfg: base, input: t(F32, [2, 1, 4]), hx: t('float64', [1, 1, 3]) }, { cfg: base, input: t(F32, [2, 1, 4]), hx: t('float64', [1, 2, 3]) },
  { cfg: { ...base, bias: false }, input: t(F32, [2, 1, 4]), hx: t('complex64', [1, 1, 3]) },
  { cfg: { ...base, dtype: 'bfloat16' }, input: t('bfloat16', [2, 1, 4]), hx: t('float16', [1, 1, 3]) },
  { cfg: { ...base, dtype: 'complex128', bias: false }, input: t('complex128', [2, 1, 4]), hx: t('complex64', [1, 1, 3]) },
  { cfg: base, input: t(F32, [0, 1, 4]) }, { cfg: base, input: t(F32, [0, 4]) }, { cfg: base, input: t(F32, [0, 1, 4]), hx: t('float64', [1, 1, 3]) },
  { cfg: base, input: t(F32, [2, 0, 4]) }, { cfg: base, input: t(F32, [0, 0, 4]) }, { cfg: base, input: t(F32, [2, 0, 4]), hx: t('float64', [1, 0, 3]) },
  { cfg: { ...base, batch_first: true }, input: t(F32, [1, 0, 4]) }, { cfg: { ...base, batch_first: true }, input: t(F32, [5, 4]) },
  { cfg: { ...base, batch_first: true, num_layers: 2, bidirectional: true }, input: t(F32, [5, 4]), hx: t(F32, [4, 3]) },
  { cfg: { ...base, batch_first: true, num_layers: 2, bidirectional: true }, input: t(F32, [2, 5, 4]) },
  { cfg: { ...base, num_layers: 3, bidirectional: true }, input: t('float64', [2, 0, 4]) },
  { cfg: { ...base, nonlinearity: 'relu', dtype: 'complex64' }, input: t('complex64', [2, 1, 4]) },
  { cfg: { ...base, nonlinearity: 'relu', dtype: 'complex128' }, input: t('complex128', [2, 0, 4]) },
  { cfg: { ...base, nonlinearity: 'relu', dtype: 'complex64' }, input: t('complex64', [2, 1, 4]), hx: t(F32, [1, 1, 3]) },
  { cfg: { ...base, num_layers: 2, dropout: 0.5, dtype: 'complex64' }, input: t('complex64', [2, 1, 4]), train: true },
  { cfg: { ...base, num_layers: 2, dropout: 0.5, dtype: 'complex128' }, input: t('complex128', [2, 1, 4]), train: true },
  { cfg: { ...base, num_layers: 2, dropout: 0.5, dtype: 'complex64' }, input: t('complex64', [2, 0, 4]), train: true },
  { cfg: { ...base, num_layers: 2, dropout: 1, dtype: 'complex64' }, input: t('complex64', [2, 1, 4]), train: true },
  { cfg: { ...base, num_layers: 2, dropout: 0.5, nonlinearity: 'relu', dtype: 'complex64' }, input: t('complex64', [2, 1, 4]), train: true },
  { cfg: { ...base, num_layers: 2, dropout: 0.5, dtype: 'complex64' }, input: t('complex64', [2, 1, 4]), train: false },
  // values the constructor keeps but _VF.rnn_tanh / rnn_relu's argument parser refuses
  ...[1, 0, 2, 'a', 'yes', [1], [], null, 1.5, {}, { a: 1 }, [[1], 'a', null, 1.5, true, {}]].map((bidirectional) => ({ cfg: { ...base, bidirectional }, input: t(F32, [2, 3, 4]) })),
  { cfg: { ...base, num_layers: true }, input: t(F32, [2, 3, 4]) }, { cfg: { ...base, num_layers: true, bidirectional: 1 }, input: t(F32, [2, 3, 4]) },
  { cfg: { ...base, num_layers: 3, bias: false, bidirectional: 1, nonlinearity: 'relu' }, input: t(F32, [2, 4]), hx: t(F32, [6, 3]) },
  { cfg: { ...base, bidirectional: 1, nonlinearity: 'relu', dtype: 'complex64' }, input: t('complex64', [2, 3, 4]) },
  { cfg: { ...base, bidirectional: 1, batch_first: true }, input: t(F32, [0, 3, 4]) }, { cfg: { ...base, bidirectional: 1 }, input: t(F32, [0, 3, 4]) },
  { cfg: { ...base, bidirectional: 1 }, input: t(F32, [2, 3, 4]), hx: t('float64', [2, 3, 3]) },
  { cfg: { ...base, bidirectional: 1 }, input: t('float64', [2, 3, 4]) }, { cfg: { ...base, bidirectional: 1 }, input: t(F32, [2, 3, 4]), hx: t(F32, [1, 3, 3]) },
  { cfg: { ...base, bidirectional: 'x', num_layers: 2, dropout: 0.5 }, input: t(F32, [2, 3, 4]), train: true },
];

describe('forward: torch checks, order, messages and shapes (live)', () => {
  const cases: TorchCase[] = FWD.map((c) => {
    const rnn = RNN.fromTorchConfig(c.cfg, { generator: new Generator(1) });
    return {
      config: c.cfg as Record<string, unknown>,
      state: Object.fromEntries(Object.entries(rnn.stateDict()).map(([k, v]) => [k, toWire(v)])),
      input: toWire(c.input), hx: c.hx ? toWire(c.hx) : null, train: c.train ?? false, seed: 0,
    };
  });
  const results = runTorch(cases);
  FWD.forEach((c, i) => {
    it(`${JSON.stringify(c.cfg)} input ${c.input.dtype}[${c.input.shape.join(',')}] hx ${c.hx ? `${c.hx.dtype}[${c.hx.shape.join(',')}]` : 'None'}${c.train ? ' train' : ''}`, () => {
      const r = results[i];
      const rnn = RNN.fromTorchConfig(c.cfg, { generator: new Generator(1) }).train(c.train ?? false);
      let out: [Tensor, Tensor] | undefined;
      let err = '';
      try {
        out = rnn.forward(c.input, c.hx, { generator: new Generator(0) });
      } catch (e) {
        if (!(e instanceof TorchError)) throw e;
        err = String(e);
      }
      expect(err).toBe(r.error ? `${r.error.type}: ${r.error.message}` : '');
      if (!out || !r.output || !r.h_n) return;
      expect(out[0].shape).toEqual(r.output.shape);
      expect(out[1].shape).toEqual(r.h_n.shape);
      expect(out[0].dtype).toBe(r.output.dtype);
      for (const [got, exp] of [[out[0], r.output], [out[1], r.h_n]] as const) {
        const v = compareTensors(got, fromWire(exp));
        expect(v.ok, v.message).toBe(true);
      }
    });
  });
});

describe('load_state_dict refusals keep the warnings of the copies made before (live)', () => {
  it('complex into real plus a missing key', () => {
    const cfg = { input_size: 2, hidden_size: 3 };
    const rnn = RNN.fromTorchConfig(cfg, { generator: new Generator(0) });
    const sd = rnn.stateDict();
    const state = { weight_ih_l0: toWire(zeros('complex64', [3, 2])), weight_hh_l0: toWire(sd.weight_hh_l0), bias_ih_l0: toWire(sd.bias_ih_l0) };
    const [r] = runTorch([{ config: cfg, state }]);
    let err: TorchError | undefined;
    try {
      rnn.loadStateDict(Object.fromEntries(Object.entries(state).map(([k, v]) => [k, fromWire(v)])));
    } catch (e) {
      if (!(e instanceof TorchError)) throw e;
      err = e;
    }
    expect(err && String(err)).toBe(r.error ? `${r.error.type}: ${r.error.message}` : undefined);
    expect(err?.warnings).toEqual(r.warnings);
    expect(r.warnings.length).toBe(1);
  });
});

describe('module semantics', () => {
  it('train/eval, parameter order, state dict copies, hx untouched', () => {
    const rnn = new RNN({ inputSize: 2, hiddenSize: 3, numLayers: 2, bidirectional: true, bias: false }, { generator: new Generator(3) });
    expect(rnn.training).toBe(true);
    expect(rnn.eval().training).toBe(false);
    expect(rnn.train().training).toBe(true);
    expect(rnn.parameterNames()).toEqual(['weight_ih_l0', 'weight_hh_l0', 'weight_ih_l0_reverse', 'weight_hh_l0_reverse', 'weight_ih_l1', 'weight_hh_l1', 'weight_ih_l1_reverse', 'weight_hh_l1_reverse']);
    const sd = rnn.stateDict();
    sd.weight_ih_l0.data.fill(7);
    expect(rnn.stateDict().weight_ih_l0.data[0]).not.toBe(7);
    const hx = zeros('float32', [4, 1, 3]);
    hx.data.fill(0.5);
    rnn.eval().forward(zeros('float32', [3, 1, 2]), hx);
    expect(Array.from(hx.data).every((v) => v === 0.5)).toBe(true);
  });

  it('load_state_dict: torch words for missing, unexpected and size mismatch; strict=False', () => {
    const rnn = new RNN({ inputSize: 4, hiddenSize: 3 });
    const sd = rnn.stateDict();
    const bad: Record<string, Tensor> = { weight_hh_l0: zeros('float32', [3, 5]), bias_ih_l0: zeros('float32', []), foo: zeros('float32', [1]) };
    expect(() => rnn.loadStateDict(bad)).toThrow(
      'Error(s) in loading state_dict for RNN:\n\tMissing key(s) in state_dict: "weight_ih_l0", "bias_hh_l0". \n\tUnexpected key(s) in state_dict: "foo". \n\t' +
        'size mismatch for weight_hh_l0: copying a param with shape torch.Size([3, 5]) from checkpoint, the shape in current model is torch.Size([3, 3]).\n\t' +
        'size mismatch for bias_ih_l0: copying a param with shape torch.Size([]) from checkpoint, the shape in current model is torch.Size([3]).',
    );
    expect(() => rnn.loadStateDict({ foo: zeros('float32', [1]) }, false)).not.toThrow();
    sd.bias_hh_l0.data.fill(0.25);
    rnn.loadStateDict(sd);
    expect(rnn.stateDict().bias_hh_l0.data[0]).toBe(0.25);
  });
});
