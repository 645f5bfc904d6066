// nn.RNN's constructor and forward against live torch: every check, its order, its exception type and
// message, warnings, repr and parameter shapes (python/testing/construct.py: the sidecar answers with
// weights, not repr), and the forward table as cases of check's (test/like-torch.ts: refusals word for
// word, shapes, values by the one comparator); load_state_dict's refusal keeps earlier warnings.
// (Moved from engine/rnn.spec.ts: specs beside the engine stay engine-only.)
import { describe, expect, it } from 'vitest';
import { Generator, RNN, TorchError, zeros, type DType, type Tensor, type TorchRNNConfig } from '../engine/index.js';
import type { ConformanceCase } from '../harness/case/index.js';
import { expectLikeTorch } from './like-torch.js';
import { runToolJson } from './python-tools.js';

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
  const results = runToolJson<{ error?: { type: string; message: string }; warnings: string[]; repr?: string; params?: [string, number[]][] }[]>('construct.py', [], CONFIGS);
  CONFIGS.forEach((cfg, i) => {
    it(JSON.stringify(cfg), () => {
      const r = results[i] as (typeof results)[number];
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
  it(`${FWD.length} forward calls: torch's refusal word for word, or its output and h_n`, async () => {
    const cases = FWD.map((c, i): ConformanceCase => ({
      id: `fwd ${i} ${JSON.stringify(c.cfg)} input ${c.input.dtype}[${c.input.shape.join(',')}] hx ${c.hx ? `${c.hx.dtype}[${c.hx.shape.join(',')}]` : 'None'}${c.train ? ' train' : ''}`,
      config: c.cfg as Record<string, unknown>, seed: 1, stateDict: null, input: c.input, hx: c.hx ?? null, train: c.train ?? false,
    }));
    const judged = await expectLikeTorch(cases);
    expect(judged.filter((j) => j.verdict.refusal).length, 'the table is mostly refusals').toBeGreaterThan(FWD.length / 2);
  });
});

describe('load_state_dict refusals keep the warnings of the copies made before (live)', () => {
  it('complex into real plus a missing key', async () => {
    const cfg = { input_size: 2, hidden_size: 3 };
    const sd = RNN.fromTorchConfig(cfg, { generator: new Generator(0) }).stateDict();
    const stateDict = { weight_ih_l0: zeros('complex64', [3, 2]), weight_hh_l0: sd.weight_hh_l0 as Tensor, bias_ih_l0: sd.bias_ih_l0 as Tensor };
    const [j] = await expectLikeTorch({ id: 'load', config: cfg, seed: 0, stateDict, input: zeros('float32', [2, 1, 2]), hx: null, train: false });
    expect(j?.verdict.refusal, 'both refuse, word for word, with the same warnings').toBe(true);
    expect(j?.torch.kind === 'refused' && j.torch.stage).toBe('load');
    expect(j?.torch.kind === 'refused' && j.torch.warnings.length).toBe(1);
  });
});
