// The examples of the seed document ("RNN in PyTorch", hyperkai, dev.to), reproduced by the engine:
// from the weights it prints, and from torch.manual_seed(42) through the engine's generator. The
// document's numbers live in test/fixtures/seed-document.json (copied from its printed output, see
// the fixture's "source"); values are compared at the precision the document prints them.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RNN, manualSeed, tensor, type DType, type Tensor } from '../engine/index.js';

interface Printed {
  shape: number[];
  printed: string[];
}
interface Example {
  code: string;
  module: { inputSize: number; hiddenSize: number; dtype?: DType };
  input: { shape: number[]; values: number[] } | string;
  output: Printed;
  h_n: Printed;
}
interface SeedDocument {
  rnn1: { code: string; repr: string; parameters: Record<string, string[]> };
  examples: Record<string, Example>;
}

const doc = JSON.parse(readFileSync(new URL('fixtures/seed-document.json', import.meta.url), 'utf8')) as SeedDocument;

/** Half a unit in the last printed digit of each token (1.9315e-04 -> 5e-9, 0.9590 -> 5e-5). */
function expectPrinted(actual: ArrayLike<number>, printed: string[]): void {
  expect(actual.length).toBe(printed.length);
  printed.forEach((tok, i) => {
    // the document was printed by torch, which rounds once more than float32 printing needs
    const m = /^-?\d+\.(\d+)(?:e([+-]\d+))?$/.exec(tok);
    if (!m) throw new Error(`bad token ${tok}`);
    const tol = 0.5 * 10 ** (-m[1].length + Number(m[2] ?? 0)) * 1.001 + 1e-7;
    expect(Math.abs(actual[i] - Number(tok)), `element ${i}: engine ${actual[i]} vs printed ${tok}`).toBeLessThanOrEqual(tol);
  });
}

const f32 = (shape: number[], v: number[]): Tensor => tensor('float32', shape, v);
const example = (name: string): Example => {
  const e = doc.examples[name];
  if (!e) throw new Error(`no example ${name} in test/fixtures/seed-document.json`);
  return e;
};
const inputOf = (e: Example): Tensor => {
  if (typeof e.input === 'string') throw new Error(`example input is "${e.input}", not data`);
  return tensor(e.module.dtype ?? 'float32', e.input.shape, e.input.values);
};
const tensor1 = inputOf(example('rnn1_on_tensor1'));

function expectExample(out: Tensor, hN: Tensor, e: Example): void {
  expect(out.shape).toEqual(e.output.shape);
  expect(hN.shape).toEqual(e.h_n.shape);
  expectPrinted(out.data, e.output.printed);
  expectPrinted(hN.data, e.h_n.printed);
}

describe('seed document: weights it prints', () => {
  it('the fixture holds rnn1 and its printed parameters', () => {
    expect(doc.rnn1.code).toContain('nn.RNN(input_size=6, hidden_size=3)');
    expect(Object.fromEntries(Object.entries(doc.rnn1.parameters).map(([k, v]) => [k, v.length]))).toEqual({
      weight_ih_l0: 18,
      weight_hh_l0: 9,
      bias_ih_l0: 3,
      bias_hh_l0: 3,
    });
  });

  it('RNN(6, 3) on [[8, -3, 0, 1, 5, -2]] from the printed weights gives [[0.9590, -0.9501, 0.9999]]', () => {
    const rnn = new RNN({ inputSize: 6, hiddenSize: 3 });
    const p = doc.rnn1.parameters;
    const sd: Record<string, Tensor> = {
      weight_ih_l0: f32([3, 6], p.weight_ih_l0.map(Number)),
      weight_hh_l0: f32([3, 3], p.weight_hh_l0.map(Number)),
      bias_ih_l0: f32([3], p.bias_ih_l0.map(Number)),
      bias_hh_l0: f32([3], p.bias_hh_l0.map(Number)),
    };
    rnn.loadStateDict(sd);
    const [out, hN] = rnn.forward(tensor1);
    expect(out.shape).toEqual([1, 3]);
    expect(hN.shape).toEqual([1, 3]);
    // printed weights carry 4 digits, so the outputs may move by a few units in the 4th digit
    const printed = example('rnn1_on_tensor1').output.printed.map(Number);
    out.data.forEach((v, i) => expect(Math.abs(v - printed[i])).toBeLessThan(5e-4));
    expect(Array.from(hN.data)).toEqual(Array.from(out.data));
  });
});

describe('seed document: torch.manual_seed(42)', () => {
  const seeded = (opts: ConstructorParameters<typeof RNN>[0]): RNN => {
    manualSeed(42);
    return new RNN(opts);
  };

  it('RNN(6, 3) has the printed parameters and repr', () => {
    const rnn = seeded({ inputSize: 6, hiddenSize: 3 });
    const sd = rnn.stateDict();
    expect(rnn.parameterNames()).toEqual(['weight_ih_l0', 'weight_hh_l0', 'bias_ih_l0', 'bias_hh_l0']);
    for (const name of rnn.parameterNames()) expectPrinted(sd[name].data, doc.rnn1.parameters[name]);
    expect(String(rnn)).toBe(doc.rnn1.repr);
  });

  it('RNN(6, 3) on tensor1, with hx None and hx zeros', () => {
    const e = example('rnn1_on_tensor1');
    for (const hx of [null, f32([1, 3], [0, 0, 0])]) {
      const [out, hN] = seeded(e.module).forward(tensor1, hx);
      expectExample(out, hN, e);
    }
  });

  it('rnn2 = RNN(3, 3) on rnn1 output', () => {
    const e = example('rnn2_on_rnn1_output');
    const [t2] = seeded(example('rnn1_on_tensor1').module).forward(tensor1);
    const [out, hN] = seeded(e.module).forward(t2);
    expectExample(out, hN, e);
  });

  for (const name of ['rnn_3_3_on_2x3', 'rnn_1_3_on_6x1', 'rnn_1_3_on_2x3x1', 'complex64_rnn_1_3_on_2x3x1']) {
    it(`${name}: ${example(name).code}`, () => {
      const e = example(name);
      const [out, hN] = seeded(e.module).forward(inputOf(e));
      expect(out.dtype).toBe(e.module.dtype ?? 'float32');
      expectExample(out, hN, e);
    });
  }
});
