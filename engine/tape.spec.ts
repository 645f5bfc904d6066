// The backward pass against finite differences of the engine's own forward (float64, complex128):
// every gradient of every configuration kind is the derivative of L = Σ Re(conj(gOut)·output) +
// Σ Re(conj(gHN)·h_n), torch's convention (complex: ∂L/∂re + i·∂L/∂im, the conjugate Wirtinger
// derivative times 2). Against torch itself: test/backward-vs-torch.test.ts.
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../harness/gen/prng.js';
import type { TorchRNNConfig } from './config.js';
import { isComplex, type DType } from './dtype.js';
import { TorchError } from './errors.js';
import { Generator } from './random.js';
import { RNN } from './rnn.js';
import { packSequence } from './pack-sequence.js';
import { packPaddedSequence } from './packed.js';
import { tensor, zeros, type Tensor } from './tensor.js';

const SEED = Number(process.env.RNN_CONFORMANCE_TEST_SEED ?? 11);

function randomTensor(dtype: DType, shape: number[], rnd: () => number, scale = 1): Tensor {
  const t = zeros(dtype, shape);
  for (let i = 0; i < t.data.length; i++) t.data[i] = (2 * rnd() - 1) * scale;
  return t;
}

/** L = Σ Re(conj(g)·y) over output and h_n. */
function loss(out: Tensor, hN: Tensor, gOut: Tensor, gHN: Tensor): number {
  let s = 0;
  for (const [y, g] of [[out, gOut], [hN, gHN]] as const) for (let i = 0; i < y.data.length; i++) s += y.data[i] * g.data[i];
  return s; // interleaved (re, im): Re(conj(g)·y) = gr·yr + gi·yi
}

interface Case {
  cfg: TorchRNNConfig;
  shape: number[];
  hx: boolean;
  train?: boolean;
}

const CASES: Case[] = [
  { cfg: { input_size: 3, hidden_size: 4 }, shape: [5, 2, 3], hx: false },
  { cfg: { input_size: 2, hidden_size: 3, num_layers: 2, bidirectional: true }, shape: [4, 3, 2], hx: true },
  { cfg: { input_size: 3, hidden_size: 2, num_layers: 3, batch_first: true, bias: false }, shape: [2, 5, 3], hx: true },
  { cfg: { input_size: 4, hidden_size: 3, nonlinearity: 'relu', num_layers: 2, bidirectional: true, batch_first: true }, shape: [3, 4, 4], hx: true },
  { cfg: { input_size: 2, hidden_size: 3, num_layers: 2, dropout: 0.4 }, shape: [6, 2, 2], hx: false, train: true },
  { cfg: { input_size: 3, hidden_size: 3, num_layers: 2, bidirectional: true }, shape: [4, 3], hx: true }, // unbatched
  { cfg: { input_size: 1, hidden_size: 1 }, shape: [1, 1, 1], hx: true },
];

function check(dtype: 'float64' | 'complex128', c: Case, k: number): void {
  const rnd = mulberry32(SEED * 1000 + k);
  const cfg = { ...c.cfg, dtype };
  const rnn = RNN.fromTorchConfig(cfg, { generator: new Generator(SEED + k) });
  rnn.train(c.train ?? false);
  const D = c.cfg.bidirectional ? 2 : 1;
  const L = (c.cfg.num_layers as number | undefined) ?? 1;
  const H = c.cfg.hidden_size as number;
  const batched = c.shape.length === 3;
  const N = batched ? (c.cfg.batch_first ? c.shape[0] : c.shape[1]) : 1;
  const input = randomTensor(dtype, c.shape, rnd);
  const hx = c.hx ? randomTensor(dtype, batched ? [L * D, N, H] : [L * D, H], rnd, 0.5) : null;
  const run = (x: Tensor, h: Tensor | null) => rnn.tape(x, h, { generator: new Generator(99) }); // same masks every run
  const tape = run(input, hx);
  const gOut = randomTensor(dtype, [...tape.output.shape], rnd);
  const gHN = randomTensor(dtype, [...tape.hN.shape], rnd);
  const grads = tape.backward(gOut, gHN);
  const sd = rnn.stateDict();
  const lossAt = (name: string, i: number, delta: number): number => {
    if (name === 'input' || name === 'hx') {
      const x = { ...input, data: input.data.slice() };
      const h = hx ? { ...hx, data: hx.data.slice() } : null;
      (name === 'input' ? x : (h as Tensor)).data[i] += delta;
      const t = run(x, h);
      return loss(t.output, t.hN, gOut, gHN);
    }
    const p = sd[name];
    const moved = { ...p, data: p.data.slice() };
    moved.data[i] += delta;
    rnn.loadStateDict({ ...sd, [name]: moved });
    const t = run(input, hx);
    rnn.loadStateDict(sd);
    return loss(t.output, t.hN, gOut, gHN);
  };
  const eps = 1e-6;
  for (const [name, g] of Object.entries(grads)) {
    // a few elements of each gradient, real and imaginary lanes alike
    for (let i = 0; i < g.data.length; i += Math.max(1, Math.floor(g.data.length / 5))) {
      const fd = (lossAt(name, i, eps) - lossAt(name, i, -eps)) / (2 * eps);
      expect(Math.abs(g.data[i] - fd), `${dtype} case ${k} ${name}[${i}]: backward ${g.data[i]}, finite difference ${fd}`).toBeLessThan(1e-6 * (1 + Math.abs(fd)));
    }
  }
}

describe(`backward = finite differences of forward (seed ${SEED}; RNN_CONFORMANCE_TEST_SEED varies it)`, () => {
  CASES.forEach((c, k) => {
    it(`float64 ${JSON.stringify(c.cfg)} ${JSON.stringify(c.shape)}${c.hx ? ' hx' : ''}${c.train ? ' train' : ''}`, () => check('float64', c, k));
    if (c.cfg.nonlinearity !== 'relu' && !c.train) {
      it(`complex128 ${JSON.stringify(c.cfg)} ${JSON.stringify(c.shape)}${c.hx ? ' hx' : ''}`, () => check('complex128', c, k));
    }
  });
});

describe('the tape', () => {
  const make = (dtype: DType = 'float32') => {
    const rnn = RNN.fromTorchConfig({ input_size: 2, hidden_size: 3, num_layers: 2, dtype }, { generator: new Generator(1) });
    const x = randomTensor(dtype, [4, 2, 2], mulberry32(1));
    return { rnn, x };
  };

  it('gives forward\'s output and h_n', () => {
    const { rnn, x } = make();
    const [out, hN] = rnn.forward(x);
    const tape = rnn.tape(x);
    expect(tape.output.data).toEqual(out.data);
    expect(tape.hN.data).toEqual(hN.data);
  });

  it('refuses a second backward as torch does, unless retainGraph', () => {
    const { rnn, x } = make();
    const tape = rnn.tape(x);
    const g = zeros('float32', [...tape.output.shape]);
    tape.backward(g, null, { retainGraph: true });
    tape.backward(g);
    expect(() => tape.backward(g)).toThrow(/^Trying to backward through the graph a second time/);
  });

  it('accumulates parameter gradients like .grad, and zeroGrad clears them', () => {
    const { rnn, x } = make('float64');
    const tape = rnn.tape(x);
    const g = randomTensor('float64', [...tape.output.shape], mulberry32(3));
    const once = tape.backward(g, null, { retainGraph: true });
    expect(Object.keys(rnn.grad)).toEqual(rnn.parameterNames());
    tape.backward(g);
    for (const name of rnn.parameterNames()) expect(Array.from(rnn.grad[name].data)).toEqual(Array.from(once[name].data, (v) => 2 * v));
    rnn.zeroGrad();
    expect(rnn.grad).toEqual({});
  });

  it('names gradients input, hx and torch\'s parameter names, shaped as they are', () => {
    const rnn = RNN.fromTorchConfig({ input_size: 2, hidden_size: 3, bidirectional: true, batch_first: true }, { generator: new Generator(1) });
    const x = randomTensor('float32', [5, 4, 2], mulberry32(2));
    const hx = randomTensor('float32', [2, 5, 3], mulberry32(3));
    const tape = rnn.tape(x, hx);
    const grads = tape.backward(randomTensor('float32', [5, 4, 6], mulberry32(4)));
    expect(Object.keys(grads)).toEqual(['input', 'hx', ...rnn.parameterNames()]);
    expect(grads.input.shape).toEqual([5, 4, 2]);
    expect(grads.hx.shape).toEqual([2, 5, 3]);
    expect(grads.weight_ih_l0_reverse.shape).toEqual([3, 2]);
  });

  it('batch 0: empty input gradients, zero parameter gradients', () => {
    const rnn = RNN.fromTorchConfig({ input_size: 2, hidden_size: 3, num_layers: 2 }, { generator: new Generator(1) });
    const tape = rnn.tape(zeros('float32', [4, 0, 2]), zeros('float32', [2, 0, 3]));
    const grads = tape.backward(zeros('float32', [4, 0, 3]), zeros('float32', [2, 0, 3]));
    expect(grads.input.shape).toEqual([4, 0, 2]);
    expect(grads.hx.shape).toEqual([2, 0, 3]);
    for (const name of rnn.parameterNames()) expect(grads[name].data.every((v) => v === 0)).toBe(true);
  });

  it('refuses mis-shaped and complex/real-mixed upstream gradients with TorchErrors', () => {
    const { rnn, x } = make();
    const tape = rnn.tape(x);
    expect(() => tape.backward(zeros('float32', [4, 2, 2]))).toThrow(TorchError);
    expect(() => tape.backward(zeros('complex64', [...tape.output.shape]))).toThrow(TorchError);
    expect(isComplex('complex64')).toBe(true);
  });
});

// Answers printed by torch 2.13 (Python 3.11, .venv): rnn = torch.nn.RNN(1, 1, dtype=torch.float64), every
// parameter zeroed under no_grad (h = tanh(0) = 0, tanh' = 1: exact in any order); out, hn =
// rnn(pack_padded_sequence(x, [2, 1])) with x = [[[1.], [3.]], [[2.], [5.]]]; torch.autograd.backward([out.data, hn],
// [[[1.], [2.], [3.]], [[[0.5], [1.]]]]), each p.grad.flatten().tolist(); first = rnn.weight_ih_l0.grad, the same
// forward and backward again: `first is rnn.weight_ih_l0.grad` True, first [[34.0]]; a third forward,
// hn.sum().backward() twice: str(exception).
describe('tape.backward against torch 2.13 (zero weights, a packed batch)', () => {
  const setup = () => {
    const rnn = RNN.fromTorchConfig({ input_size: 1, hidden_size: 1, dtype: 'float64' });
    rnn.loadStateDict(Object.fromEntries(Object.entries(rnn.stateDict()).map(([k, t]) => [k, zeros(t.dtype, t.shape)])));
    const packed = packPaddedSequence(tensor('float64', [2, 2, 1], [1, 3, 2, 5]), [2, 1]);
    return { rnn, packed, gRows: tensor('float64', [3, 1], [1, 2, 3]), gHN: tensor('float64', [1, 2, 1], [0.5, 1]) };
  };

  it('takes the packed output\'s gradient as a PackedSequence or as its data', () => {
    const { rnn, packed, gRows, gHN } = setup();
    for (const gOut of [gRows, { ...packed, data: gRows }]) {
      const g = rnn.tape(packed).backward(gOut, gHN);
      expect([g.weight_ih_l0.data[0], g.weight_hh_l0.data[0], g.bias_ih_l0.data[0], g.bias_hh_l0.data[0]]).toEqual([17, 0, 7.5, 7.5]);
    }
  });

  it('accumulates .grad in place, like AccumulateGrad: a reference held to it holds the sum', () => {
    const { rnn, packed, gRows, gHN } = setup();
    rnn.tape(packed).backward(gRows, gHN);
    const first = rnn.grad.weight_ih_l0;
    expect([...first.data]).toEqual([17]);
    rnn.tape(packed).backward(gRows, gHN);
    expect(rnn.grad.weight_ih_l0).toBe(first);
    expect([...first.data]).toEqual([34]);
  });

  it('refuses a second backward in torch\'s words', () => {
    const { rnn, packed, gRows, gHN } = setup();
    const tape = rnn.tape(packed);
    tape.backward(gRows, gHN);
    let message = 'no refusal';
    try {
      tape.backward(gRows, gHN);
    } catch (e) {
      if (!(e instanceof TorchError)) throw e;
      message = String(e);
    }
    expect(message).toBe(
      'RuntimeError: Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed). ' +
        'Saved intermediate values of the graph are freed when you call .backward() or autograd.grad(). ' +
        'Specify retain_graph=True if you need to backward through the graph a second time or if you need to access saved tensors after calling backward.',
    );
  });
});

// torch 2.13 (Python 3.11, .venv), zero parameters again (exact in any order), x = [[[1], [3]], [[2], [5]]] packed
// with lengths [2, 1], so the reverse direction's batch grows from 1 row to 2: rnn = torch.nn.RNN(1, 1,
// bidirectional=True, dtype=D), every parameter zeroed under no_grad; out, hn = rnn(pack_padded_sequence(x, [2, 1])[, hx]);
// torch.autograd.backward([out.data, hn], [gRows, gHN]); each p.grad.flatten().tolist() (and hx.grad).
//   float64, no hx: gRows [[1, -1], [2, 0.5], [3, -2]], gHN [[[0.5], [1]], [[-1], [0.25]]].
//   complex128, x = [[[1+2j], [3-1j]], [[2+0j], [5+5j]]], hx [[[0.5+1j], [-1+0.5j]], [[2-1j], [0.25+0.75j]]] requiring
//   grad: gRows [[1+1j, -1+2j], [2-1j, 0.5+0.5j], [3+0j, -2-1j]], gHN [[[0.5+0j], [1-2j]], [[-1+1j], [0.25+0j]]].
describe('a packed bidirectional backward against torch 2.13 (the reverse batch grows)', () => {
  const grads = (dtype: 'float64' | 'complex128', x: number[], hx: number[] | null, gRows: number[], gHN: number[]) => {
    const rnn = RNN.fromTorchConfig({ input_size: 1, hidden_size: 1, bidirectional: true, dtype });
    rnn.loadStateDict(Object.fromEntries(Object.entries(rnn.stateDict()).map(([k, t]) => [k, zeros(t.dtype, t.shape)])));
    const packed = packPaddedSequence(tensor(dtype, [2, 2, 1], x), [2, 1]);
    const g = rnn.tape(packed, hx ? tensor(dtype, [2, 2, 1], hx) : null).backward(tensor(dtype, [3, 2], gRows), tensor(dtype, [2, 2, 1], gHN));
    return (name: string): number[] => [...g[name].data];
  };

  it('float64 without hx: the reverse step that joins row 1 starts it from zeros, with no hx gradient to write', () => {
    const g = grads('float64', [1, 3, 2, 5], null, [1, -1, 2, 0.5, 3, -2], [0.5, 1, -1, 0.25]);
    expect([g('weight_ih_l0'), g('weight_hh_l0'), g('bias_ih_l0'), g('bias_hh_l0')]).toEqual([[17], [0], [7.5], [7.5]]);
    expect([g('weight_ih_l0_reverse'), g('weight_hh_l0_reverse'), g('bias_ih_l0_reverse'), g('bias_hh_l0_reverse')]).toEqual([[-3.75], [0], [-3.25], [-3.25]]);
  });

  it('complex128 with hx: the reverse step that joins row 1 takes its previous state from hx row 1', () => {
    const g = grads('complex128', [1, 2, 3, -1, 2, 0, 5, 5], [0.5, 1, -1, 0.5, 2, -1, 0.25, 0.75], [1, 1, -1, 2, 2, -1, 0.5, 0.5, 3, 0, -2, -1], [0.5, 0, 1, -2, -1, 1, 0.25, 0]);
    expect([g('weight_ih_l0'), g('weight_hh_l0'), g('bias_ih_l0'), g('bias_hh_l0')]).toEqual([[22, -7], [-3, 1], [7.5, -2], [7.5, -2]]);
    expect([g('weight_ih_l0_reverse'), g('weight_hh_l0_reverse'), g('bias_ih_l0_reverse'), g('bias_hh_l0_reverse')]).toEqual([[1.75, 7.25], [-2.4375, -4.4375], [-3.25, 2.5], [-3.25, 2.5]]);
    expect(g('hx')).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
  });
});

// torch 2.13 (Python 3.11, .venv): rnn = torch.nn.RNN(1, 1, num_layers=2, dropout=1.0, dtype=torch.complex128), each
// parameter filled with the value below, rnn.train(); x = [[[1-2j]], [[-0.5+1j]]] requiring grad; out, hn = rnn(x);
// torch.autograd.backward([out, hn], [[[[1+1j]], [[-2+0.5j]]], zeros]); every grad's parts with math.copysign(1, ...).
describe('dropout=1 on complex dtypes in training, against torch 2.13', () => {
  it('the lower layer gets the upper one\'s gradient times conj(0): +0 everywhere (MulBackward0), the upper layer its own', () => {
    const rnn = RNN.fromTorchConfig({ input_size: 1, hidden_size: 1, num_layers: 2, dropout: 1, dtype: 'complex128' });
    const v: Record<string, number[]> = {
      weight_ih_l0: [0.5, -0.25], weight_hh_l0: [0.25, 0.5], bias_ih_l0: [-0.5, 0.125], bias_hh_l0: [0.25, -0.25],
      weight_ih_l1: [-0.75, 0.5], weight_hh_l1: [0.5, -0.5], bias_ih_l1: [0.125, 0.25], bias_hh_l1: [-0.25, 0.5],
    };
    rnn.loadStateDict(Object.fromEntries(Object.entries(rnn.stateDict()).map(([k, t]) => [k, tensor('complex128', t.shape, v[k])])));
    rnn.train(true);
    // grad_h_n = +0 and -0 (torch.zeros_like(hn) and its negation): the same answers
    for (const z of [0, -0]) {
      const tape = rnn.tape(tensor('complex128', [2, 1, 1], [1, -2, -0.5, 1]), null, { generator: new Generator(0) });
      const g = tape.backward(tensor('complex128', [2, 1, 1], [1, 1, -2, 0.5]), tensor('complex128', [2, 1, 1], [z, z, z, z]));
      const plusZero = (t: Tensor): boolean => [...t.data].every((v) => Object.is(v, 0));
      expect(['input', 'weight_ih_l0', 'weight_hh_l0', 'bias_ih_l0', 'bias_hh_l0', 'weight_ih_l1'].filter((k) => !plusZero(g[k]))).toEqual([]);
      expect([...g.weight_hh_l1.data]).toEqual([-13.46689746170034, 11.419174268257025]);
      expect([...g.bias_ih_l1.data]).toEqual([-3.724492138653961, -39.780906284218744]);
      expect([...g.bias_hh_l1.data]).toEqual([-3.724492138653961, -39.780906284218744]);
    }
  });

  // python/testing/complex_dropout_zero_signs.py (torch 2.13, MKL; complex128 and complex64 alike) prints these: every lower-layer
  // gradient is a zero and its sign comes from MulBackward0 (g·conj(0 + 0i)), autograd's old + (1 + 0i)·new
  // where h_t's gradients meet, and zgemm with K = 1 ((1 + 0i)·g times conj(w), not summed from +0); weight_ih_l1
  // (K = 1 too) shows the forward's dropout: the lower layer's output times 0 + 0i as a complex product
  it.each(['complex128', 'complex64'] as const)('%s: the lower layer\'s zeros carry torch\'s signs: K = 1 products reach input.grad and weight_ih_l0.grad', (dtype) => {
    const signed = (t: Tensor): string[] => [...t.data].map((v) => (Object.is(v, -0) ? '-0' : String(v)));
    const c = (...v: number[]): number[] => v;
    const run = (I: number, H: number, T: number, p: Record<string, number[]>, x: number[], g: number[], gHN: number[], N = 1) => {
      const rnn = RNN.fromTorchConfig({ input_size: I, hidden_size: H, num_layers: 2, dropout: 1, dtype });
      rnn.loadStateDict(Object.fromEntries(Object.entries(rnn.stateDict()).map(([k, t]) => [k, tensor(dtype, t.shape, p[k])])));
      rnn.train(true);
      const tape = rnn.tape(tensor(dtype, [T, N, I], x), null, { generator: new Generator(0) });
      const gr = tape.backward(tensor(dtype, [T, N, H], g), tensor(dtype, [2, N, H], gHN));
      return Object.fromEntries(['input', 'weight_ih_l0', 'weight_hh_l0', 'bias_ih_l0', 'bias_hh_l0', 'weight_ih_l1'].map((k) => [k, signed(gr[k])]));
    };
    const a = run(2, 1, 2, {
      weight_ih_l0: c(-1, -0.25, 0.875, -0.625), weight_hh_l0: c(0.5, 0.125), bias_ih_l0: c(-1, -0.125), bias_hh_l0: c(-0.625, -0.375),
      weight_ih_l1: c(0.375, -0.625), weight_hh_l1: c(0.625, 0.375), bias_ih_l1: c(1, 0.25), bias_hh_l1: c(-0.875, -0.625),
    }, c(-0.25, -0.25, 0.75, -1.5, 1.75, 1.5, -0.5, 2), c(1.25, 1.5, 0.5, 1.75), c(-0, -0, -0, -0));
    expect(a).toEqual({
      input: ['-0', '0', '0', '0', '-0', '0', '0', '0'], weight_ih_l0: ['0', '0', '0', '0'],
      weight_hh_l0: ['0', '0'], bias_ih_l0: ['0', '0'], bias_hh_l0: ['0', '0'], weight_ih_l1: ['0', '0'],
    });
    const b = run(2, 2, 1, {
      weight_ih_l0: c(-0.75, -0.125, 0.75, 0.125, 0.625, 0.375, -0.5, 0.125),
      weight_hh_l0: c(0.875, 1, 0.125, 0.75, -0.125, 0.125, 0.75, 0.375),
      bias_ih_l0: c(-0.375, -0.75, 1, -0.125), bias_hh_l0: c(-1, 0.25, -0.25, 0.625),
      weight_ih_l1: c(0.375, 0.5, -0.5, -0.5, 0.625, 0.875, -0.25, -0.375),
      weight_hh_l1: c(-0.25, -0.75, -0.75, 0.5, -0.375, 0.25, 0.625, -0.375),
      bias_ih_l1: c(-0.5, -0.375, -0.125, -0.875), bias_hh_l1: c(-0.875, -0.25, 0.625, -0.375),
    }, c(-1.25, 0.5, 0.75, 1.25), c(2, -0.25, -2, -2), c(-0, 0, -0, 0, 0, -0, -0, 0));
    expect(b).toEqual({
      input: ['0', '0', '0', '0'], weight_ih_l0: ['0', '-0', '0', '0', '0', '0', '0', '0'],
      weight_hh_l0: ['0', '0', '0', '0', '0', '0', '0', '0'], bias_ih_l0: ['0', '0', '0', '0'], bias_hh_l0: ['0', '0', '0', '0'],
      // the upper layer's input is the lower one's output times 0 + 0i (a complex product, not x·0 per part)
      weight_ih_l1: ['0', '0', '0', '0', '0', '0', '-0', '0'],
    });
    // T = 3: unbind hands each step its rows of the projection gradient as they are (a -0 stays -0)
    const d = run(2, 1, 3, {
      weight_ih_l0: c(0.875, 0.25, -0.25, 0.375), weight_hh_l0: c(-0.25, 1), bias_ih_l0: c(-0.5, 0.875), bias_hh_l0: c(-0.25, 0.625),
      weight_ih_l1: c(-0.75, 0.625), weight_hh_l1: c(-0.75, -0.5), bias_ih_l1: c(0.75, 0.75), bias_hh_l1: c(0.875, -0.125),
    }, c(2, -2, 0.75, -1.5, 1, -0.25, 1, -1, -1.5, -0.75, -0.25, -1.75), c(-1.5, 0.25, -0.25, 2, 1.25, 1.75), c(-0, 0, 0, 0));
    expect(d).toEqual({
      input: ['0', '0', '0', '0', '0', '0', '0', '-0', '0', '0', '0', '-0'], weight_ih_l0: ['0', '0', '0', '0'],
      weight_hh_l0: ['0', '0'], bias_ih_l0: ['0', '0'], bias_hh_l0: ['0', '0'], weight_ih_l1: ['0', '0'],
    });
    // N = 2: where h_t's gradients meet, h_n's arrives first, then (1 + 0i)·the output's
    const e = run(3, 1, 3, {
      weight_ih_l0: c(-0.75, -0.25, 0.625, -0.25, 0.25, 0.875), weight_hh_l0: c(1, 0.125), bias_ih_l0: c(-0.25, 0.5), bias_hh_l0: c(0.875, -0.875),
      weight_ih_l1: c(-0.875, 0.75), weight_hh_l1: c(1, -0.625), bias_ih_l1: c(-0.375, 1), bias_hh_l1: c(0.5, -0.625),
    }, c(-0.5, 1, 0.75, -1.75, -0.25, 1.5, 0.25, 1.75, -1.75, -1.25, -1.5, -0.5, -0.5, -1, 1.75, -0.75, -1.25, 1.5,
      1.75, 0.75, -0.5, 1.5, -1, 1, 1.5, -0.5, 1, 1.25, -1, -1.25, -1, 0.25, -0.5, 0.5, 1.5, -0.75),
    c(0.75, -2, -2, 1.25, 0.75, 0.25, -0.5, -1.25, 0.25, 0.25, 2, 1.25), c(-0, -0, -0, -0, -0, -0, 0, -0), 2);
    expect(e).toEqual({
      input: ['-0', '0', '0', '0', '0', '0', '-0', '0', '0', '0', '0', '0', '-0', '0', '0', '0', '0', '0',
        '0', '-0', '-0', '0', '0', '0', '-0', '0', '0', '0', '0', '0', '0', '-0', '-0', '0', '0', '0'],
      weight_ih_l0: ['0', '0', '0', '0', '0', '0'], weight_hh_l0: ['0', '0'], bias_ih_l0: ['0', '0'], bias_hh_l0: ['0', '0'], weight_ih_l1: ['0', '0'],
    });
  });

  // the same script's packed cases: pack_sequence(enforce_sorted=False), the packed data the leaf. h_n's
  // index_select gives back 0 + g (what shows in one step, lengths 1, 1); over lengths 1, 1, 3 the steps'
  // slices of the input projection are padded with +0 and summed, so its gradient is +0 everywhere and
  // input.grad takes conj(weight_ih)'s signs (K = 1)
  const packedGrads = (dtype: 'complex128' | 'complex64', p: Record<string, number[]>, seqs: number[][], g: number[], gHN: number[]) => {
    const signed = (t: Tensor): string[] => [...t.data].map((v) => (Object.is(v, -0) ? '-0' : String(v)));
    const rnn = RNN.fromTorchConfig({ input_size: 2, hidden_size: 1, num_layers: 2, dropout: 1, dtype });
    rnn.loadStateDict(Object.fromEntries(Object.entries(rnn.stateDict()).map(([k, t]) => [k, tensor(dtype, t.shape, p[k])])));
    rnn.train(true);
    const packed = packSequence(seqs.map((v) => tensor(dtype, [v.length / 4, 2], v)), { enforceSorted: false });
    const tape = rnn.tape(packed, null, { generator: new Generator(0) });
    const gr = tape.backward(tensor(dtype, [g.length / 2, 1], g), tensor(dtype, [2, seqs.length, 1], gHN));
    return Object.fromEntries(['input', 'weight_ih_l0', 'weight_hh_l0', 'bias_ih_l0', 'bias_hh_l0', 'weight_ih_l1'].map((k) => [k, signed(gr[k])]));
  };
  it.each(['complex128', 'complex64'] as const)('%s packed: h_n\'s index_select and the slices padded with +0, as torch sums them', (dtype) => {
    const oneStep = packedGrads(dtype, {
      weight_ih_l0: [0.625, -0.25, 1, 0.25], weight_hh_l0: [0.5, -0.875], bias_ih_l0: [-0.125, 0.25], bias_hh_l0: [0.75, 1],
      weight_ih_l1: [1, -1], weight_hh_l1: [0.75, -0.875], bias_ih_l1: [-0.125, 0.875], bias_hh_l1: [-0.25, 0.625],
    }, [[0.5, -1.5, 1, 1], [-0.75, -1.75, 1.75, 1]], [0.5, -0.5, -1.25, 1.75], [-0, 0, 0, -0, -0, -0, 0, -0]);
    expect(oneStep).toEqual({
      input: ['-0', '0', '0', '0', '0', '0', '0', '0'],
      weight_ih_l0: ['0', '0', '0', '0'], weight_hh_l0: ['0', '0'], bias_ih_l0: ['0', '0'], bias_hh_l0: ['0', '0'], weight_ih_l1: ['0', '0'],
    });
    const threeSteps = packedGrads(dtype, {
      weight_ih_l0: [-0.5, -0.625, -0.375, 0.875], weight_hh_l0: [-0.5, -1], bias_ih_l0: [-0.625, 0.25], bias_hh_l0: [0.5, 0.5],
      weight_ih_l1: [0.25, -0.875], weight_hh_l1: [0.75, 0.5], bias_ih_l1: [-0.375, -0.5], bias_hh_l1: [0.625, 0.625],
    }, [[2, -0.75, -1, 1.25], [-0.75, -1, 0.25, -0.25], [-0.75, 1.5, 0.75, 1.75, 2, -1.75, -2, -1.5, 0.75, 1.75, -1.25, 1]],
    [-0.25, 1.5, 1, 0.25, 1.75, 1.25, 0.5, -0.5, 0.5, -0.5], [0, -0, 0, 0, 0, -0, 0, -0, 0, -0, -0, 0]);
    expect(threeSteps).toEqual({
      input: ['-0', '0', '0', '-0', '-0', '0', '0', '-0', '-0', '0', '0', '-0', '-0', '0', '0', '-0', '-0', '0', '0', '-0'],
      weight_ih_l0: ['0', '0', '0', '0'], weight_hh_l0: ['0', '0'], bias_ih_l0: ['0', '0'], bias_hh_l0: ['0', '0'], weight_ih_l1: ['0', '0'],
    });
    // lengths 1, 2, 1: the last step's rows come out x + 0 (its gradient had a -0)
    const twoSteps = packedGrads(dtype, {
      weight_ih_l0: [-0.25, 0.75, 0.75, -0.125], weight_hh_l0: [-0.375, -0.875], bias_ih_l0: [-0.5, 0.875], bias_hh_l0: [-0.75, -0.125],
      weight_ih_l1: [-0.25, 0.375], weight_hh_l1: [-0.375, -0.375], bias_ih_l1: [0.5, 0.75], bias_hh_l1: [1, -0.375],
    }, [[0.5, -0.5, 1.5, -0.75], [-0.5, -1.25, 0.5, -1, -1.25, 0.5, 1, -1], [2, -1.5, 0.5, 1.5]],
    [0.25, -0.25, 1.5, 1.25, -1, -0.5, -2, -1.5], [0, -0, -0, -0, 0, 0, 0, 0, -0, 0, 0, -0]);
    expect(twoSteps).toEqual({
      input: ['0', '-0', '0', '0', '0', '-0', '0', '0', '0', '-0', '0', '0', '0', '-0', '0', '0'],
      weight_ih_l0: ['0', '0', '0', '0'], weight_hh_l0: ['0', '0'], bias_ih_l0: ['0', '0'], bias_hh_l0: ['0', '0'], weight_ih_l1: ['0', '0'],
    });
  });

  // the script's one-layer case (no dropout, zero upstream gradients): at the last step h_n's -0 + (1 + 0i)·(-0 - 0i)
  // is +0 ((1 + 0i)·(-0 - 0i) = +0 - 0i), where a plain sum gives -0
  it.each(['complex128', 'complex64'] as const)('%s one layer: h_n\'s gradient + (1 + 0i)·the output\'s', (dtype) => {
    const signed = (t: Tensor): string[] => [...t.data].map((v) => (Object.is(v, -0) ? '-0' : String(v)));
    const rnn = RNN.fromTorchConfig({ input_size: 2, hidden_size: 1, dtype });
    const p: Record<string, number[]> = { weight_ih_l0: [0.25, -0.25, -0.75, 0.75], weight_hh_l0: [-0.25, -0.75], bias_ih_l0: [-0.125, 0.75], bias_hh_l0: [-0.375, 0.375] };
    rnn.loadStateDict(Object.fromEntries(Object.entries(rnn.stateDict()).map(([k, t]) => [k, tensor(dtype, t.shape, p[k])])));
    const tape = rnn.tape(tensor(dtype, [1, 2, 2], [-0.25, 1.75, 2, 0.25, -2, -1, -1.75, -1]));
    const g = tape.backward(tensor(dtype, [1, 2, 1], [-0, -0, -0, 0]), tensor(dtype, [1, 2, 1], [-0, 0, 0, 0]));
    expect(Object.fromEntries(['input', 'weight_ih_l0', 'weight_hh_l0', 'bias_ih_l0', 'bias_hh_l0'].map((k) => [k, signed(g[k])]))).toEqual({
      input: ['0', '0', '0', '-0', '0', '0', '0', '-0'], weight_ih_l0: ['0', '0', '0', '0'], weight_hh_l0: ['0', '0'], bias_ih_l0: ['0', '0'], bias_hh_l0: ['0', '0'],
    });
  });

  // the script's last lines: case 'weight_ih' run twice (fresh forward each time); p.grad is old + (1 + 0i)·new, so
  // weight_ih_l0's (+0, -0) twice sums to (+0, +0) (a plain sum keeps -0)
  it.each(['complex128', 'complex64'] as const)('%s: .grad across two backward calls is old + (1 + 0i)·new', (dtype) => {
    const rnn = RNN.fromTorchConfig({ input_size: 2, hidden_size: 2, num_layers: 2, dropout: 1, dtype });
    const p: Record<string, number[]> = {
      weight_ih_l0: [-0.75, -0.125, 0.75, 0.125, 0.625, 0.375, -0.5, 0.125], weight_hh_l0: [0.875, 1, 0.125, 0.75, -0.125, 0.125, 0.75, 0.375],
      bias_ih_l0: [-0.375, -0.75, 1, -0.125], bias_hh_l0: [-1, 0.25, -0.25, 0.625],
      weight_ih_l1: [0.375, 0.5, -0.5, -0.5, 0.625, 0.875, -0.25, -0.375], weight_hh_l1: [-0.25, -0.75, -0.75, 0.5, -0.375, 0.25, 0.625, -0.375],
      bias_ih_l1: [-0.5, -0.375, -0.125, -0.875], bias_hh_l1: [-0.875, -0.25, 0.625, -0.375],
    };
    rnn.loadStateDict(Object.fromEntries(Object.entries(rnn.stateDict()).map(([k, t]) => [k, tensor(dtype, t.shape, p[k])])));
    rnn.train(true);
    const once = [...Array(2)].map(() => {
      const tape = rnn.tape(tensor(dtype, [1, 1, 2], [-1.25, 0.5, 0.75, 1.25]), null, { generator: new Generator(0) });
      return [...tape.backward(tensor(dtype, [1, 1, 2], [2, -0.25, -2, -2]), tensor(dtype, [2, 1, 2], [-0, 0, -0, 0, 0, -0, -0, 0])).weight_ih_l0.data];
    });
    const signed = (v: number[]): string[] => v.map((x) => (Object.is(x, -0) ? '-0' : String(x)));
    expect(signed(once[1])).toEqual(['0', '-0', '0', '0', '0', '0', '0', '0']);
    expect(signed([...rnn.grad.weight_ih_l0.data])).toEqual(['0', '0', '0', '0', '0', '0', '0', '0']);
  });

  // the script's infinite-gradient case (complex128, 1 layer, bidirectional, T = 2, N = 2, H = 2, I = 1, grad_output's
  // first element 2 + inf i): (1 + 0i)·(inf + yi) = inf + NaN i, so NaN against inf shows which gradient autograd
  // adds as the new one: the carry after the output's (weight_ih, bias_ih), each later step's b_hh gradient, the
  // forward direction's input gradient after the reverse's. The forward direction's gradients, as torch prints them.
  it('an infinite gradient: NaN where autograd adds it second, as (1 + 0i)·g', () => {
    const rnn = RNN.fromTorchConfig({ input_size: 1, hidden_size: 2, bidirectional: true, dtype: 'complex128' });
    const p: Record<string, number[]> = {
      weight_ih_l0: [-0.5, -0.875, -0.625, 0.625], weight_hh_l0: [-1, -0.5, -0.125, 0.5, -1, 0.875, 0.125, 0.125],
      bias_ih_l0: [-0.875, -0.75, 0.75, -0.875], bias_hh_l0: [0.25, -0.5, -0.125, 0.375],
      weight_ih_l0_reverse: [0.25, -0.375, -0.5, 0.625], weight_hh_l0_reverse: [0.875, -0.5, 0.5, 0.75, 0.875, -0.125, 0.5, -1],
      bias_ih_l0_reverse: [-0.5, 0.375, 0.75, -0.75], bias_hh_l0_reverse: [-1, 0.625, 0.625, 0.125],
    };
    rnn.loadStateDict(Object.fromEntries(Object.entries(rnn.stateDict()).map(([k, t]) => [k, tensor('complex128', t.shape, p[k])])));
    const tape = rnn.tape(tensor('complex128', [2, 2, 1], [1.25, -2, -2, 0.5, 1.75, -0.5, 0.5, 0.75]));
    const g = tape.backward(
      tensor('complex128', [2, 2, 4], [2, Infinity, -1.5, -1.5, -2, -1.75, -0.25, 1.5, -2, 1, -1.5, 1, -1.75, 0.75, -0.5, 1.25,
        -0.5, -0.75, -0.75, -1.25, 1.75, 0.25, -1, 2, -0.75, 0.5, 1.25, -1.5, 1.5, 0.25, 1.75, -1.75]),
      tensor('complex128', [2, 2, 2], [1.25, -1.75, 1.25, -0.75, 1.25, -0.75, -0.75, 0.75, 1.75, 1.25, 0.75, 1.75, 1, 0.25, -1, -1.75]),
    );
    expect(Object.fromEntries(['input', 'weight_ih_l0', 'weight_hh_l0', 'bias_ih_l0', 'bias_hh_l0'].map((k) => [k, [...g[k].data].map(String)]))).toEqual({
      input: [NaN, NaN, 0.1851852754025678, -0.6760972863588557, -1.1969198658207683, 0.8290181956470173, -1.4418297157422664, 1.3705999171437424].map(String),
      weight_ih_l0: [NaN, -Infinity, -0.43948896663784276, 1.6963393376091136].map(String),
      weight_hh_l0: [NaN, NaN, NaN, NaN, -0.2983980594263619, 0.4560301282568246, 0.810499615466592, -1.366676324568379].map(String),
      bias_ih_l0: [-Infinity, -Infinity, 1.2893658304230857, -0.4434750727047688].map(String),
      bias_hh_l0: [NaN, NaN, 1.2893658304230855, -0.44347507270476894].map(String),
    });
  });

  // the script's real case: MKL's sgemm/dgemm with K = 1 (both other sides >= 2) also writes the products as they
  // are, so gS's -0 times W_ih gives input.grad -0s (a sum from +0 gives +0)
  it.each(['float64', 'float32'] as const)('%s: K = 1 products keep their sign (input.grad = gS·W_ih, H = 1)', (dtype) => {
    const rnn = RNN.fromTorchConfig({ input_size: 3, hidden_size: 1, dtype });
    const p: Record<string, number[]> = { weight_ih_l0: [-0.75, 0.875, -0.875], weight_hh_l0: [0.625], bias_ih_l0: [1], bias_hh_l0: [0.375] };
    rnn.loadStateDict(Object.fromEntries(Object.entries(rnn.stateDict()).map(([k, t]) => [k, tensor(dtype, t.shape, p[k])])));
    const tape = rnn.tape(tensor(dtype, [3, 1, 3], [2, 0.5, 1.25, -1.25, -0.5, -0.25, -1.5, 0.25, -1.75]));
    const g = tape.backward(tensor(dtype, [3, 1, 1], [0, -0, -0]), tensor(dtype, [1, 1, 1], [0]));
    const signed = (t: Tensor): string[] => [...t.data].map((v) => (Object.is(v, -0) ? '-0' : String(v)));
    expect(Object.fromEntries(['input', 'weight_ih_l0', 'weight_hh_l0', 'bias_ih_l0', 'bias_hh_l0'].map((k) => [k, signed(g[k])]))).toEqual({
      input: ['-0', '0', '-0', '-0', '0', '-0', '-0', '0', '-0'], weight_ih_l0: ['0', '0', '0'], weight_hh_l0: ['0'], bias_ih_l0: ['0'], bias_hh_l0: ['0'],
    });
    // and weight_hh.grad = gSᵀ·h0 with K = N = 1, H = 3: h0 is zeros, so the signs are gS's
    const rnn3 = RNN.fromTorchConfig({ input_size: 2, hidden_size: 3, dtype });
    const p3: Record<string, number[]> = {
      weight_ih_l0: [0.75, -0.625, -0.375, -0.375, -0.5, -0.5], weight_hh_l0: [1, 1, 0.125, 0.5, 0.625, -0.75, -0.5, 0.625, -1],
      bias_ih_l0: [0.625, -0.25, 0.875], bias_hh_l0: [0.75, 1, 0.875],
    };
    rnn3.loadStateDict(Object.fromEntries(Object.entries(rnn3.stateDict()).map(([k, t]) => [k, tensor(dtype, t.shape, p3[k])])));
    const g3 = rnn3.tape(tensor(dtype, [1, 1, 2], [-0.25, 1.5])).backward(tensor(dtype, [1, 1, 3], [-0.25, 0.5, -2]), tensor(dtype, [1, 1, 3], [0, 0, 0]));
    expect(signed(g3.weight_hh_l0)).toEqual(['-0', '-0', '-0', '0', '0', '0', '-0', '-0', '-0']);
  });

  // the script's real packed cases (the packed data the leaf): lengths 2, 1, 1 sorted, where the projection's
  // slices come back padded with +0 and summed (gS +0 everywhere, times W_ih < 0: -0), and lengths 1, 1 unsorted,
  // where h_n's index_select gives back 0 + g
  it.each(['float64', 'float32'] as const)('%s packed: the projection\'s slices and h_n\'s index_select add +0', (dtype) => {
    const run = (lens: number[], sorted: boolean, p: Record<string, number[]>, seqs: number[][], g: number[], gHN: number[]): string[] => {
      const rnn = RNN.fromTorchConfig({ input_size: 2, hidden_size: 1, dtype });
      rnn.loadStateDict(Object.fromEntries(Object.entries(rnn.stateDict()).map(([k, t]) => [k, tensor(dtype, t.shape, p[k])])));
      const packed = packSequence(seqs.map((v, i) => tensor(dtype, [lens[i], 2], v)), { enforceSorted: sorted });
      const gr = rnn.tape(packed).backward(tensor(dtype, [g.length, 1], g), tensor(dtype, [1, lens.length, 1], gHN));
      return [...gr.input.data].map((v) => (Object.is(v, -0) ? '-0' : String(v)));
    };
    expect(run([2, 1, 1], true, { weight_ih_l0: [-0.875, -0.625], weight_hh_l0: [-0.25], bias_ih_l0: [-0.125], bias_hh_l0: [0.75] },
      [[2, -0.5, 0.5, -0.75], [-0.75, 1.25], [-1.25, -1]], [0, -0, 0, 0], [-0, -0, 0])).toEqual(['-0', '-0', '-0', '-0', '-0', '-0', '-0', '-0']);
    expect(run([1, 1], false, { weight_ih_l0: [0.75, -0.25], weight_hh_l0: [0.125], bias_ih_l0: [-0.625], bias_hh_l0: [-0.5] },
      [[1.75, 0.5], [-2, 1.25]], [0, -0], [-0, -0])).toEqual(['0', '-0', '0', '-0']);
  });
});

// python/testing/bptt_real_mutants.py prints every expected value here (torch 2.13; float64 and float32 alike)
describe('real K = 1 products and the packed projection\'s +0 against torch 2.13 (upstream gradients -0)', () => {
  const signed = (t: Tensor): string[] => [...t.data].map((v) => (Object.is(v, -0) ? '-0' : String(v)));
  const make = (dtype: DType, I: number, H: number, p: number[][]): RNN => {
    const rnn = RNN.fromTorchConfig({ input_size: I, hidden_size: H, dtype });
    const names = ['weight_ih_l0', 'weight_hh_l0', 'bias_ih_l0', 'bias_hh_l0'];
    rnn.loadStateDict(Object.fromEntries(Object.entries(rnn.stateDict()).map(([k, t]) => [k, tensor(dtype, t.shape, p[names.indexOf(k)])])));
    return rnn;
  };
  const P1 = [[0.75, -0.5], [0.625], [0.25], [-0.375]];

  it.each(['float64', 'float32'] as const)('%s: K = 1 with one row or one column sums from +0 (no -0 kept)', (dtype) => {
    // T = N = H = 1: weight_ih.grad = gSᵀ·x and input.grad = gS·W_ih have M = 1
    const g1 = make(dtype, 2, 1, P1).tape(tensor(dtype, [1, 1, 2], [0.5, -1.25])).backward(tensor(dtype, [1, 1, 1], [-0]), tensor(dtype, [1, 1, 1], [-0]));
    expect([signed(g1.input), signed(g1.weight_ih_l0)]).toEqual([['0', '0'], ['0', '0']]);
    // I = 1, H = 2: weight_ih.grad = gSᵀ·x is 2 × 1 (N = 1); weight_hh.grad (2 × 2, K = 1) keeps gS's -0
    const g2 = make(dtype, 1, 2, [[0.75, -0.5], [0.625, 0.25, -0.125, 0.5], [0.25, -0.75], [-0.375, 0.125]])
      .tape(tensor(dtype, [1, 1, 1], [1.5])).backward(tensor(dtype, [1, 1, 2], [-0, -0]), tensor(dtype, [1, 1, 2], [-0, -0]));
    expect([signed(g2.weight_ih_l0), signed(g2.weight_hh_l0)]).toEqual([['0', '0'], ['-0', '-0', '-0', '-0']]);
  });

  it.each(['float64', 'float32'] as const)('%s: no slices unpacked or packed with one step, so gS\'s -0 reaches input.grad', (dtype) => {
    // unpacked T = 2: the last step's gS is -0 + -0 = -0, and input.grad = gS·W_ih (K = 1, 2 × 2) keeps it
    const g1 = make(dtype, 2, 1, P1).tape(tensor(dtype, [2, 1, 2], [0.5, -1.25, -1, 0.25])).backward(tensor(dtype, [2, 1, 1], [0, -0]), tensor(dtype, [1, 1, 1], [-0]));
    expect(signed(g1.input)).toEqual(['0', '-0', '-0', '0']);
    // packed, lengths 1, 1 (one step): the step's slice is the whole projection
    const packed = packSequence([tensor(dtype, [1, 2], [0.5, -1.25]), tensor(dtype, [1, 2], [-1, 0.25])]);
    const g2 = make(dtype, 2, 1, P1).tape(packed).backward(tensor(dtype, [2, 1], [-0, -0]), tensor(dtype, [1, 2, 1], [-0, -0]));
    expect(signed(g2.input)).toEqual(['-0', '0', '-0', '0']);
  });

  it('complex128 packed unsorted: h_n\'s 0 + (1 + 0i)·g is not rounded to float32 (zero weights, h = 0)', () => {
    const rnn = RNN.fromTorchConfig({ input_size: 1, hidden_size: 2, dtype: 'complex128' });
    rnn.loadStateDict(Object.fromEntries(Object.entries(rnn.stateDict()).map(([k, t]) => [k, zeros('complex128', t.shape)])));
    const packed = packSequence([tensor('complex128', [1, 1], [1, 0]), tensor('complex128', [2, 1], [0.5, -1, -2, 0.25])], { enforceSorted: false });
    const g = rnn.tape(packed).backward(tensor('complex128', [3, 2], new Array(12).fill(0)), tensor('complex128', [1, 2, 2], [0.1, 0.2, -0.3, 0.7, 0.9, -0.1, 0.6, 0.3]));
    expect([signed(g.weight_ih_l0), signed(g.bias_ih_l0), signed(g.bias_hh_l0)]).toEqual([
      ['-1.7249999999999999', '0.17500000000000002', '-1.425', '-0.050000000000000044'], ['1', '0.1', '0.3', '1'], ['1', '0.1', '0.3', '1'],
    ]);
  });
});
