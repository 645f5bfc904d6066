import { describe, expect, it } from 'vitest';
import { DTYPES, isComplex } from './dtype.js';
import { decodeSafetensors, encodeSafetensors, SafetensorsError, toRaw } from './safetensors.js';
import {
  decodeInputFile, decodeOutputFile, decodeStateDict, decodeUpstreamGradFile, encodeBackwardFile, encodeInputFile, encodeOutputFile, encodeStateDict,
  encodeUpstreamGradFile,
} from './state-dict-file.js';
import { tensor, zeros } from './tensor.js';

describe('state dict files', () => {
  it('round-trip every dtype, complex128 as F64 with a trailing 2', () => {
    for (const d of DTYPES) {
      const lanes = isComplex(d) ? 2 : 1;
      const sd = { weight_ih_l0: tensor(d, [2, 1], Array.from({ length: 2 * lanes }, (_, i) => i + 0.5)), bias_ih_l0: zeros(d, [2]) };
      const bytes = encodeStateDict(sd);
      const back = decodeStateDict(bytes, d);
      expect(back).toEqual(sd);
      const raw = decodeSafetensors(bytes).tensors.get('weight_ih_l0');
      expect(raw?.shape).toEqual(d === 'complex128' ? [2, 1, 2] : [2, 1]);
    }
  });

  it('refuses a tensor of another dtype, naming tensor, expected and actual dtype', () => {
    const bytes = encodeStateDict({ weight_hh_l0: zeros('float64', [1, 1]) });
    expect(() => decodeStateDict(bytes, 'float32')).toThrow(new SafetensorsError('tensor `weight_hh_l0` is F64, but a float32 state dict stores F32'));
    expect(() => decodeStateDict(encodeStateDict({ b: zeros('complex64', [1]) }), 'complex128')).toThrow(/tensor `b` is C64, but a complex128 state dict stores F64/);
  });

  it('refuses a complex128 tensor without the trailing 2', () => {
    const bytes = encodeStateDict({ w: zeros('float64', [3]) });
    expect(() => decodeStateDict(bytes, 'complex128')).toThrow(/tensor `w`: complex128 is stored as F64 with a trailing dimension of 2/);
  });

  it('keeps odd names as own properties (no prototype games)', () => {
    const sd = decodeStateDict(encodeStateDict({ constructor: zeros('float32', [1]), toString: zeros('float32', [1]) }), 'float32');
    expect(Object.keys(sd).sort()).toEqual(['constructor', 'toString']);
    expect(Object.getPrototypeOf(sd)).toBe(Object.prototype);
  });
});

describe('input and output files', () => {
  it('round-trip input with and without hx, and output', () => {
    const input = tensor('float32', [2, 1], [1, 2]);
    const hx = tensor('float32', [1, 1], [3]);
    expect(decodeInputFile(encodeInputFile({ input }), 'float32')).toEqual({ input });
    expect(decodeInputFile(encodeInputFile({ input, hx }), 'float32')).toEqual({ input, hx });
    expect(decodeOutputFile(encodeOutputFile({ output: input, h_n: hx }), 'float32')).toEqual({ output: input, h_n: hx });
  });

  it('keep the file dtype of an input, so the engine can refuse it in torch words', () => {
    const input = tensor('float64', [1, 2], [1, 2]);
    expect(decodeInputFile(encodeInputFile({ input }), 'float32').input.dtype).toBe('float64');
    // Under a complex128 config an F64 [..., 2] tensor is complex128; a float64 config reads it as float64.
    const c = tensor('complex128', [1, 1], [1, 2]);
    expect(decodeInputFile(encodeInputFile({ input: c }), 'complex128').input).toEqual(c);
    expect(decodeInputFile(encodeInputFile({ input: c }), 'float64').input.shape).toEqual([1, 1, 2]);
  });

  it('refuse missing, unexpected and non-float tensors', () => {
    const x = toRaw(zeros('float32', [1]));
    expect(() => decodeInputFile(encodeSafetensors([['hx', x]]), 'float32')).toThrow('missing tensor `input`: an input file holds `input` and optionally `hx`');
    expect(() => decodeInputFile(encodeSafetensors([['input', x], ['h0', x]]), 'float32')).toThrow('unexpected tensor `h0`');
    expect(() => decodeOutputFile(encodeSafetensors([['output', x]]), 'float32')).toThrow('missing tensor `h_n`: an output file holds `output` and `h_n`');
    const ints = encodeSafetensors([['input', { dtype: 'I64', shape: [1], bytes: new Uint8Array(8) }]]);
    expect(() => decodeInputFile(ints, 'float32')).toThrow('tensor `input`: dtype I64 is not one an RNN takes (F16, BF16, F32, F64, C64)');
  });
});

// The project's own file contracts (README: the CLI's input, gradient and backward files).
describe('lengths, gradient and backward files', () => {
  const input = tensor('float32', [2, 2, 1], [1, 2, 3, 4]);

  it('an input file carries int64 lengths of any shape; a lengths tensor of another dtype is refused by name', () => {
    const lengths = { shape: [2], data: BigInt64Array.of(2n, 1n) };
    expect(decodeInputFile(encodeInputFile({ input, lengths }), 'float32')).toEqual({ input, lengths });
    const twoD = { shape: [1, 2], data: BigInt64Array.of(2n, -1n) };
    expect(decodeInputFile(encodeInputFile({ input, lengths: twoD }), 'float32').lengths).toEqual(twoD);
    const bad = encodeSafetensors([['input', toRaw(input)], ['lengths', toRaw(zeros('float32', [2]))]]);
    expect(() => decodeInputFile(bad, 'float32')).toThrow(new SafetensorsError('tensor `lengths`: dtype F32 is not int64 (I64)'));
  });

  it('every float dtype of an input file is kept; an F64 tensor without a trailing 2 stays float64 under complex128', () => {
    for (const d of DTYPES) {
      const t = tensor(d, [1, 2], isComplex(d) ? [1, 2, 3, 4] : [1, 2]);
      expect(decodeInputFile(encodeInputFile({ input: t }), d === 'complex128' ? 'complex128' : 'float32').input).toEqual(t);
    }
    expect(decodeInputFile(encodeInputFile({ input: zeros('float64', [1, 3]) }), 'complex128').input).toEqual(zeros('float64', [1, 3]));
  });

  it('the refusals name what each file holds', () => {
    const x = toRaw(zeros('float32', [1]));
    expect(() => decodeInputFile(encodeSafetensors([['input', x], ['h0', x]]), 'float32')).toThrow(
      new SafetensorsError('unexpected tensor `h0`: an input file holds `input` and optionally `hx`, `lengths`'),
    );
    expect(() => decodeOutputFile(encodeSafetensors([['output', x], ['h_n', x], ['hx', x]]), 'float32')).toThrow(
      new SafetensorsError('unexpected tensor `hx`: an output file holds `output` and `h_n`'),
    );
    expect(() => decodeUpstreamGradFile(encodeSafetensors([['h_n', x]]), 'float32')).toThrow(
      new SafetensorsError('missing tensor `output`: a gradient file holds `output` and optionally `h_n`'),
    );
    expect(() => decodeUpstreamGradFile(encodeSafetensors([['output', x], ['grad', x]]), 'float32')).toThrow(
      new SafetensorsError('unexpected tensor `grad`: a gradient file holds `output` and optionally `h_n`'),
    );
    expect(() => decodeUpstreamGradFile(encodeSafetensors([['output', { dtype: 'I64', shape: [1], bytes: new Uint8Array(8) }]]), 'float32')).toThrow(
      new SafetensorsError('tensor `output`: dtype I64 is not one an RNN takes (F16, BF16, F32, F64, C64)'),
    );
  });

  it('a gradient file round-trips with and without h_n, each in its own dtype', () => {
    const output = tensor('float64', [2, 1], [0.5, -1]);
    const hN = tensor('bfloat16', [1, 1], [2]);
    expect(decodeUpstreamGradFile(encodeUpstreamGradFile({ output }), 'float32')).toEqual({ output });
    expect(decodeUpstreamGradFile(encodeUpstreamGradFile({ output, h_n: hN }), 'float32')).toEqual({ output, h_n: hN });
  });

  it('a backward file holds output, h_n and grad.<name> for each gradient', () => {
    const output = tensor('float32', [1, 1], [0.25]);
    const hN = tensor('float32', [1, 1], [-0.5]);
    const grads = { input: tensor('float32', [1, 1], [3]), weight_ih_l0: tensor('float32', [1, 1], [4]) };
    const back = decodeSafetensors(encodeBackwardFile({ output, h_n: hN }, grads)).tensors;
    expect([...back.keys()].sort()).toEqual(['grad.input', 'grad.weight_ih_l0', 'h_n', 'output']);
    expect(back.get('grad.weight_ih_l0')).toEqual(toRaw(grads.weight_ih_l0));
    expect(back.get('grad.input')).toEqual(toRaw(grads.input));
    expect(back.get('h_n')).toEqual(toRaw(hN));
    expect(back.get('output')).toEqual(toRaw(output));
  });
});
