// Complex BPTT cases that pin lines of kernels/bptt-complex.ts Stryker left alive: every expected value printed by
// python/testing/bptt_complex_mutants.py (torch 2.13, MKL, complex128). A zero's sign and NaN are compared as strings.
import { describe, expect, it } from 'vitest';
import { packSequence } from '../pack-sequence.js';
import { RNN } from '../rnn.js';
import { tensor, type Tensor } from '../tensor.js';

const signed = (t: Tensor): string[] => [...t.data].map((v) => (Object.is(v, -0) ? '-0' : String(v)));
const c = (...v: number[]): number[] => v;

function load(I: number, H: number, p: Record<string, number[]>): RNN {
  const rnn = RNN.fromTorchConfig({ input_size: I, hidden_size: H, dtype: 'complex128' });
  rnn.loadStateDict(Object.fromEntries(Object.entries(rnn.stateDict()).map(([k, t]) => [k, tensor('complex128', t.shape, p[k])])));
  return rnn;
}

describe('complex128 backward against torch 2.13 (bptt_complex_mutants.py)', () => {
  it('k1_one_row: K = 1 with one row (T = N = H = 1) is summed from +0, so input.grad and weight_ih.grad are +0', () => {
    const rnn = load(2, 1, {
      weight_ih_l0: c(0, 0.75, -1.875, 1.625), weight_hh_l0: c(-0.125, -1.625), bias_ih_l0: c(-0.75, -1.125), bias_hh_l0: c(0.875, 1.75),
    });
    const g = rnn.tape(tensor('complex128', [1, 1, 2], c(-0.125, 1, -1.25, -0.125)))
      .backward(tensor('complex128', [1, 1, 1], c(0, 0)), tensor('complex128', [1, 1, 1], c(-0, -0)));
    expect(signed(g.input)).toEqual(['0', '0', '0', '0']);
    expect(signed(g.weight_ih_l0)).toEqual(['0', '0', '0', '0']);
  });

  it('first_step_w_hh: the first (here only) step\'s weight_hh gradient is stored as it is, its -0s kept', () => {
    const rnn = load(2, 2, {
      weight_ih_l0: c(-0.25, 0.875, 1, -1, -0.5, -1.75, -1.375, -1),
      weight_hh_l0: c(-0.125, 2, -0.375, 1.125, -1.875, 1.625, 1.875, 1.625),
      bias_ih_l0: c(1, 1.875, -0.5, 1.125), bias_hh_l0: c(-1.375, 1.875, -0.25, -1.875),
    });
    const g = rnn.tape(tensor('complex128', [1, 1, 2], c(0.125, 1.25, 1.75, 1)), tensor('complex128', [1, 1, 2], c(0.625, -0.125, -1.375, 1.875)))
      .backward(tensor('complex128', [1, 1, 2], c(0, -0, 0, 0)), tensor('complex128', [1, 1, 2], c(-0, -0, 0, 0)));
    expect(signed(g.weight_hh_l0)).toEqual(['0', '0', '0', '-0', '0', '0', '0', '-0']);
    expect(signed(g.hx as Tensor)).toEqual(['0', '0', '0', '0']);
  });

  it('packed_inf: the projection\'s slices come back 0 + (1 + 0i)·x: NaN from an infinite imaginary part', () => {
    const rnn = load(2, 2, {
      weight_ih_l0: c(-2, 0.875, 0.875, 1.625, -1, 1.75, -1, 1), weight_hh_l0: c(-0.625, -0.875, 0.375, -0.25, -0.125, -0.5, -0.75, -0.5),
      bias_ih_l0: c(1, 1.75, -1.375, 1.25), bias_hh_l0: c(-1.625, -1.25, -1.25, -1.75),
    });
    const seqs = [c(2, 0, -0.125, 1.125, 0, 1.25, 1.875, 0.25, -0.625, -1.5, -1, -0.25), c(1.75, -1.5, 0.125, -0.375, -0.375, -1.875, -1.5, 0.125), c(1.25, 1.5, -0.125, -1.625)];
    const packed = packSequence(seqs.map((v) => tensor('complex128', [v.length / 4, 2], v)), { enforceSorted: false });
    const g = rnn.tape(packed).backward(
      tensor('complex128', [6, 2], c(-1.125, 1.125, 1.25, -0.375, -2, 0.125, 0.375, Infinity, -0.375, -0.625, 1.125, -1.25,
        -1.75, -0.875, -0.375, 1.5, 0, -2, 0.625, 0.25, 1, -1.5, -1.5, -1.375)),
      tensor('complex128', [1, 3, 2], c(-1.75, -0.625, 0.25, 0.875, -1, -1.375, 0.875, -1, 1.5, 0.625, -1, -1.75)),
    );
    expect(Object.fromEntries(['input', 'weight_ih_l0', 'weight_hh_l0', 'bias_ih_l0', 'bias_hh_l0'].map((k) => [k, signed(g[k])]))).toEqual({
      input: [0.00042377021641949264, -1.142476256923766e-05, 0.0003634897078020939, 3.547313718231175e-05, NaN, NaN, NaN, NaN,
        -0.2023966297171324, -0.0427419657937133, 0.04976018642766574, -0.16989373818375464, -9.121992178781522, 7.821402690616035,
        -5.96246884784902, -8.22499360559161, 1.351840415512818, 6.669830005548413, -5.733421411133475, 0.681594065200619,
        5.4500786349740284, 2.745481288170028, -2.5533878606652993, 4.464741896689458].map(String),
      weight_ih_l0: [1.0603201538670761, -9.723010955478696, 8.413488731882396, -6.293280327267377, NaN, NaN, NaN, NaN].map(String),
      weight_hh_l0: [0.7152994983874874, 5.274731894364717, 2.262780600216221, 7.931409289664161, NaN, NaN, NaN, NaN].map(String),
      bias_ih_l0: [-2.155558497359469, -7.614754610389015, NaN, NaN].map(String),
      bias_hh_l0: [-2.1555584973594684, -7.614754610389016, NaN, NaN].map(String),
    });
  });

  it('packed_inf_hn: the step processed first comes back 0 + (1 + 0i)·x too (h_n\'s gradient 1 + inf i; x + 0 keeps the infinities)', () => {
    const rnn = load(2, 2, {
      weight_ih_l0: c(0.25, 1.375, -0.375, 0.75, 1.375, -1.75, 0.5, 1.125),
      weight_hh_l0: c(1.625, -1.375, -1.5, -1.75, -2, 0.375, -0.5, 1.5),
      bias_ih_l0: c(1.75, 1, 0.625, -1.625),
      bias_hh_l0: c(0.25, 1.375, -1, -0.875),
    });
    const seqs = [c(-1.625, -1.125, 0.875, -0.75, -0.375, 0.375, 0.375, 1, 0.25, -1.75, 0.75, -1), c(-1.25, 0.875, 1.875, 1.5, 1.375, -1.75, 0.75, 0.25), c(-1, -1.625, 0.5, -0.75)];
    const packed = packSequence(seqs.map((v) => tensor('complex128', [v.length / 4, 2], v)), { enforceSorted: true });
    const g = rnn.tape(packed).backward(
      tensor('complex128', [6, 2], c(-1.5, 1.375, -1.75, 1.5, 0.625, -1.375, -2, -1, 0.375, -1.125, 1.25, 0.375, 0.125, -1.5, 1.75, 0.875, -1.75, -2, 0.5, 0.625, -0.875, 0.75, 1.75, -0.25)),
      tensor('complex128', [1, 3, 2], c(0.25, -1.75, 1, Infinity, -0.75, -0.875, 0, 1.375, -0.375, 0, 1.375, -0.125)),
    );
    expect(signed(g.input)).toEqual([NaN, NaN, NaN, NaN, -1.2992674393816233, 1.5797677072175098, 1.0592934478265286, 0.9350476659433021,
      0.021267493587777547, 0.00609301475060894, -0.0017829525908411323, -0.012194897035350252, NaN, NaN, NaN, NaN, -0.1920747722414368,
      -2.3425046338477737, -1.095766511607805, 0.694592691994353, NaN, NaN, NaN, NaN].map(String));
    // torch: every parameter gradient NaN
    expect(['weight_ih_l0', 'weight_hh_l0', 'bias_ih_l0', 'bias_hh_l0'].map((k) => signed(g[k]))).toEqual([8, 8, 4, 4].map((n) => Array<string>(n).fill('NaN')));
  });

  // random values (6 decimals): the last bits of MKL's K = 1 product (complex128 in double, complex64 each product rounded
  // to float), and of tanh_backward's paths (complex64, H = 9: 8 elements 2 registers at a time, the 9th alone, products rounded)
  type Case = [string, 'complex128' | 'complex64', number, number, number, Record<string, number[]>, number[], number[], number[], Record<string, number[]>];
  const cases: Case[] = [
    ['k1_rounding_c128', 'complex128', 2, 1, 3, {
      weight_ih_l0: c(1.347995, -1.791305, -0.968094, -0.840501),
      bias_ih_l0: c(-1.722195, -0.64767),
      bias_hh_l0: c(1.596581, 1.933788),
      weight_hh_l0: c(-0.321795, -1.317481),
    }, c(0.983391, -0.084107, -0.991141, 1.83551, 0.102511, 0.914434, -1.886802, -1.151634, 1.353055, 1.180873, 1.525811, 0.405423), c(-0.29567, 0.324558, 1.397368, -0.768091, 0.137339, -0.896073), c(1.073023, -1.959066, 0.741195, 1.815898, -1.905997, 0.374746), {
      input: [-0.013266935215431624, 0.0016653198071580645, -0.0014795783925306257, -0.007502017630973632, 0.06407670424500442, -0.12756534174224263, 0.07533079340559712, 0.03146254182087614, -0.02682971632873451, 0.07401522416072437, -0.04329493575285126, -0.012351427812350015],
    }],
    ['k1_rounding_c64', 'complex64', 2, 1, 3, {
      weight_ih_l0: c(0.280848, -0.342537, -1.658235, 0.414156),
      bias_ih_l0: c(1.69654, 0.580087),
      bias_hh_l0: c(-1.447234, 1.708868),
      weight_hh_l0: c(1.514842, 0.617446),
    }, c(-1.000866, -1.065839, -1.201047, 0.268741, -0.3507, -0.947324, -1.555111, -1.456008, -0.599359, -1.272899, -1.854704, -0.296), c(0.276627, 0.356564, 1.593329, -1.301207, 0.721353, -0.201835), c(-0.599557, -1.542037, -1.707412, -1.757761, -1.181734, 1.467011), {
      input: [-0.026599984616041183, 0.12070433795452118, -0.19550594687461853, -0.4350096881389618, 0.009075348265469074, 0.00962219387292862, -0.05025416240096092, -0.008903596550226212, 0.007899276912212372, 0.0019606153946369886, -0.028974488377571106, 0.012113813310861588],
    }],
    ['tanh_backward_c64_h9', 'complex64', 1, 9, 1, {
      weight_ih_l0: c(-0.828982, 0.094234, -0.779162, 0.15996, 1.790235, 0.534189, 0.754683, 1.172422, 0.885538, 1.959997, 1.80732, 1.757212, -0.932654, -0.789992, -0.418203, -1.001765, 1.633299, 1.505504),
      bias_ih_l0: c(-0.279592, 1.480824, 1.878949, 1.193289, -1.241166, 0.656455, 1.076999, 1.460269, -1.451545, -0.947386, 1.765429, 1.195796, -0.814271, 0.219955, 0.562358, -1.859595, 1.758393, -1.989197),
      bias_hh_l0: c(1.689649, 1.132587, -1.727462, 0.632336, 1.523367, 0.819195, 1.502326, -0.889919, -0.485297, -0.289592, 1.877489, -1.807483, -0.635255, 1.915405, 1.999535, 0.367317, 1.793099, -1.228579),
      weight_hh_l0: Array(162).fill(0),
    }, c(0.022423, 1.682215), c(-1.982324, 1.645759, 1.409127, 0.345282, -1.062052, 0.40477, -1.260667, 1.807645, 0.957537, 1.939032, 0.87604, -1.0918, -0.577586, 1.28159, 1.68477, -0.704614, -1.310419, 1.814292), c(1.226663, 1.302675, -1.549701, -0.762961, 1.91575, 1.952732, 0.02339, 1.602919, 1.615461, 1.348085, -0.158568, -1.373245, 0.507563, -1.167471, -1.064842, 1.734456, -0.206471, -1.506317), {
      input: [0.46961259841918945, -18.45818328857422],
      bias_hh_l0: [-0.6316661834716797, -0.9952042102813721, -0.262111634016037, -0.5064877867698669, 2.5805180072784424, -5.458157062530518, 6.717152118682861, -1.4886246919631958, 0.00047081313095986843, 0.00015345634892582893, -1.232344627380371, -1.6632556915283203, -0.06620383262634277, 0.1662791222333908, -0.0009673703461885452, 0.00026404071832075715, -0.3975350260734558, 0.5024616718292236],
    }],
  ];
  it.each(cases)('%s (%s): T = 1, bit for bit', (_name, dtype, I, H, N, p, x, g, gHN, want) => {
    const rnn = RNN.fromTorchConfig({ input_size: I, hidden_size: H, dtype });
    rnn.loadStateDict(Object.fromEntries(Object.entries(rnn.stateDict()).map(([k, t]) => [k, tensor(dtype, t.shape, p[k])])));
    const gr = rnn.tape(tensor(dtype, [1, N, I], x)).backward(tensor(dtype, [1, N, H], g), tensor(dtype, [1, N, H], gHN));
    for (const [k, v] of Object.entries(want)) expect([...gr[k].data], k).toEqual(v);
  });
});
