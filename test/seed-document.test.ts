// The examples of the seed document (../shared/seed/000_4cbc26be61d6ab3d.txt, "RNN in PyTorch"),
// reproduced by the engine: from the weights it prints, and from torch.manual_seed(42) through the
// engine's generator. Values are compared at the precision the document prints them.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RNN, manualSeed, tensor, type Tensor } from '../engine/index.js';

const SEED_DOC = '/work/shared/seed/000_4cbc26be61d6ab3d.txt';
const doc = readFileSync(SEED_DOC, 'utf8');

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

/** Splits complex tokens like 0.9985-1.9315e-04j into re, im strings. */
function complexTokens(s: string): string[] {
  const out: string[] = [];
  for (const m of s.matchAll(/(-?\d+\.\d+(?:e[+-]\d+)?)([+-]\d+\.\d+(?:e[+-]\d+)?)j/g)) out.push(m[1], m[2].replace(/^\+/, ''));
  return out;
}

const numbers = (s: string): string[] => s.match(/-?\d+\.\d+(?:e[+-]\d+)?/g) ?? [];

/** The printed block after a `# Parameter containing:` line for the named attribute. */
function printedParam(name: string): string[] {
  const start = doc.indexOf(`rnn1.${name}\n`);
  const end = doc.indexOf('requires_grad=True)', start);
  if (start < 0 || end < 0) throw new Error(`${name} not found in the seed document`);
  return numbers(doc.slice(start + name.length + 6, end));
}

const f32 = (shape: number[], v: number[]): Tensor => tensor('float32', shape, v);
const tensor1 = f32([1, 6], [8, -3, 0, 1, 5, -2]);

describe('seed document: weights it prints', () => {
  it('the document is where we expect it', () => {
    expect(doc).toContain('rnn1 = nn.RNN(input_size=6, hidden_size=3)');
  });

  it('RNN(6, 3) on [[8, -3, 0, 1, 5, -2]] from the printed weights gives [[0.9590, -0.9501, 0.9999]]', () => {
    const rnn = new RNN({ inputSize: 6, hiddenSize: 3 });
    const sd: Record<string, Tensor> = {
      weight_ih_l0: f32([3, 6], printedParam('weight_ih_l0').map(Number)),
      weight_hh_l0: f32([3, 3], printedParam('weight_hh_l0').map(Number)),
      bias_ih_l0: f32([3], printedParam('bias_ih_l0').map(Number)),
      bias_hh_l0: f32([3], printedParam('bias_hh_l0').map(Number)),
    };
    rnn.loadStateDict(sd);
    const [out, hN] = rnn.forward(tensor1);
    expect(out.shape).toEqual([1, 3]);
    expect(hN.shape).toEqual([1, 3]);
    // printed weights carry 4 digits, so the outputs may move by a few units in the 4th digit
    out.data.forEach((v, i) => expect(Math.abs(v - [0.959, -0.9501, 0.9999][i])).toBeLessThan(5e-4));
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
    for (const name of rnn.parameterNames()) expectPrinted(sd[name].data, printedParam(name));
    expect(String(rnn)).toBe('RNN(6, 3)');
    expect(doc).toContain('rnn1\n# RNN(6, 3)');
  });

  it('RNN(6, 3) on tensor1, with hx None and hx zeros', () => {
    for (const hx of [null, f32([1, 3], [0, 0, 0])]) {
      const [out, hN] = seeded({ inputSize: 6, hiddenSize: 3 }).forward(tensor1, hx);
      expectPrinted(out.data, ['0.9590', '-0.9501', '0.9999']);
      expectPrinted(hN.data, ['0.9590', '-0.9501', '0.9999']);
    }
  });

  it('rnn2 = RNN(3, 3) on rnn1 output', () => {
    const [t2] = seeded({ inputSize: 6, hiddenSize: 3 }).forward(tensor1);
    const [out, hN] = seeded({ inputSize: 3, hiddenSize: 3 }).forward(t2);
    expectPrinted(out.data, ['-0.4656', '0.5770', '0.0342']);
    expectPrinted(hN.data, ['-0.4656', '0.5770', '0.0342']);
  });

  it('RNN(3, 3) on a (2, 3) unbatched sequence', () => {
    const [out, hN] = seeded({ inputSize: 3, hiddenSize: 3 }).forward(f32([2, 3], [8, -3, 0, 1, 5, -2]));
    expect(out.shape).toEqual([2, 3]);
    expectPrinted(out.data, ['0.9421', '0.9998', '-0.9963', '0.9921', '-0.2163', '0.6621']);
    expectPrinted(hN.data, ['0.9921', '-0.2163', '0.6621']);
  });

  it('RNN(1, 3) on a (6, 1) unbatched sequence', () => {
    const [out, hN] = seeded({ inputSize: 1, hiddenSize: 3 }).forward(f32([6, 1], [8, -3, 0, 1, 5, -2]));
    expect(out.shape).toEqual([6, 3]);
    expect(hN.shape).toEqual([1, 3]);
    const printed = '0.9991 0.9997 -0.6159 -0.5700 -0.8242 0.6535 0.2195 0.6271 0.2563 0.6928 0.8575 0.4446 0.9935 0.9969 -0.1270 -0.1506 -0.4145 0.6044';
    expectPrinted(out.data, printed.split(' '));
    expectPrinted(hN.data, ['-0.1506', '-0.4145', '0.6044']);
  });

  it('RNN(1, 3) on a (2, 3, 1) batch', () => {
    const [out, hN] = seeded({ inputSize: 1, hiddenSize: 3 }).forward(f32([2, 3, 1], [8, -3, 0, 1, 5, -2]));
    expect(out.shape).toEqual([2, 3, 3]);
    expect(hN.shape).toEqual([1, 3, 3]);
    const t0 = '0.9991 0.9997 -0.6159 -0.7527 -0.7232 0.6466 0.3320 0.4802 0.3485'.split(' ');
    const t1 = '0.8069 0.6334 0.2359 0.9809 0.9968 -0.2792 -0.3643 -0.1861 0.6483'.split(' ');
    expectPrinted(out.data, [...t0, ...t1]);
    expectPrinted(hN.data, t1);
  });

  it('complex64 RNN(1, 3) on a (2, 3, 1) batch', () => {
    const x = tensor('complex64', [2, 3, 1], [8, 0, -3, 0, 0, 0, 1, 0, 5, 0, -2, 0]);
    const [out, hN] = seeded({ inputSize: 1, hiddenSize: 3, dtype: 'complex64' }).forward(x);
    expect(out.shape).toEqual([2, 3, 3]);
    expect(out.dtype).toBe('complex64');
    const block = doc.slice(doc.indexOf('dtype=torch.complex64)\nrnn(input=my_tensor)'));
    const tokens = complexTokens(block);
    expect(tokens.length).toBe(2 * 18 + 2 * 9);
    expectPrinted(out.data, tokens.slice(0, 36));
    expectPrinted(hN.data, tokens.slice(36));
  });
});
