// nn.RNN's constructor arguments beyond what the golden fixtures reach: each expected answer is torch
// 2.13's, nn.RNN(input_size=2, hidden_size=3, **kwargs) (refusal type and message, or the number of
// directions it builds). The devices torch refuses with its own device-string errors are refused here
// too, as devices other than the CPU.
import { describe, expect, it } from 'vitest';
import { PyFloat } from './pyvalue.js';
import { RNN } from './rnn.js';

const build = (kw: Record<string, unknown>): RNN => RNN.fromTorchConfig({ input_size: 2, hidden_size: 3, ...kw });
/** String(err) of the refusal ('ValueError: ...'), or 'ok'. */
function outcome(kw: Record<string, unknown>): string {
  try {
    build(kw);
    return 'ok';
  } catch (e) {
    return String(e);
  }
}

const DROPOUT_RANGE = 'ValueError: dropout should be a number in range [0, 1] representing the probability of an element being zeroed';

describe('constructor refusals (torch 2.13 words)', () => {
  it('dropout: out of range, a bool, a string, None, a list', () => {
    expect(outcome({ dropout: 1.5 })).toBe(DROPOUT_RANGE);
    expect(outcome({ dropout: -0.1 })).toBe(DROPOUT_RANGE);
    expect(outcome({ dropout: true })).toBe(DROPOUT_RANGE);
    expect(outcome({ dropout: '0.5' })).toBe(DROPOUT_RANGE); // float('0.5') converts, but a str is not a number
    expect(outcome({ dropout: 'abc' })).toBe("ValueError: could not convert string to float: 'abc'");
    expect(outcome({ dropout: '\u0660.\u0665' })).toBe(DROPOUT_RANGE); // Arabic-Indic 0.5: float() converts it (torch 2.13)
    expect(outcome({ dropout: null })).toBe("TypeError: float() argument must be a string or a real number, not 'NoneType'");
    expect(outcome({ dropout: [] })).toBe("TypeError: float() argument must be a string or a real number, not 'list'");
  });

  it('hidden_size=0', () => {
    expect(outcome({ hidden_size: 0 })).toBe('ValueError: hidden_size must be greater than zero');
  });

  it('a refusal after the dropout warning carries the warning', () => {
    let err: unknown;
    try {
      build({ dropout: 0.5, bias: 'x' });
    } catch (e) {
      err = e;
    }
    expect(String(err)).toBe('TypeError: bias should be of type bool, got: str');
    expect((err as { warnings: string[] }).warnings).toEqual([
      'dropout option adds dropout after all but last recurrent layer, so non-zero dropout expects num_layers greater than 1, but got dropout=0.5 and num_layers=1',
    ]);
  });

  it('every integer, boolean and quantized dtype: parameters must be floating point or complex', () => {
    for (const d of ['bool', 'uint8', 'uint16', 'uint32', 'uint64', 'int8', 'int16', 'int32', 'int64', 'short', 'int', 'long', 'qint8', 'quint8', 'qint32', 'quint4x2', 'quint2x4']) {
      expect(outcome({ dtype: d }), d).toBe('RuntimeError: Only Tensors of floating point and complex dtype can require gradients');
    }
  });

  it('every float8 dtype: uniform_ is not implemented for it', () => {
    const aten = { float8_e4m3fn: 'Float8_e4m3fn', float8_e4m3fnuz: 'Float8_e4m3fnuz', float8_e5m2: 'Float8_e5m2', float8_e5m2fnuz: 'Float8_e5m2fnuz', float8_e8m0fnu: 'Float8_e8m0fnu' };
    for (const [d, name] of Object.entries(aten)) expect(outcome({ dtype: d })).toBe(`NotImplementedError: "check_uniform_bounds" not implemented for '${name}'`);
  });

  it('a dtype that is not a name: torch.empty refuses it by type', () => {
    expect(outcome({ dtype: ['float32'] })).toBe("TypeError: empty(): argument 'dtype' must be torch.dtype, not list");
    expect(outcome({ dtype: 5 })).toBe("TypeError: empty(): argument 'dtype' must be torch.dtype, not int");
  });

  it("complex32 and chalf: torch constructs them, this engine refuses them (no ComplexHalf kernels)", () => {
    for (const d of ['complex32', 'chalf']) expect(outcome({ dtype: d })).toMatch(/^NotImplementedError: dtype complex32 is not supported by this engine/);
  });
});

describe('constructor values (torch 2.13)', () => {
  it("dtype='cdouble' is complex128", () => {
    expect(build({ dtype: 'cdouble' }).config.dtype).toBe('complex128');
  });

  it('bidirectional: Python truthiness picks the number of directions', () => {
    const dirs = (v: unknown): number => (build({ bidirectional: v }).parameterNames().some((n) => n.endsWith('_reverse')) ? 2 : 1);
    const cases: [unknown, number][] = [
      [new PyFloat(0), 1], [new PyFloat(2), 2], [0.5, 2], [[], 1], [[0], 2], [{}, 1], [{ a: 1 }, 2], [null, 1], [1, 2], ['', 1], [true, 2], [false, 1],
    ];
    for (const [v, n] of cases) expect(dirs(v), JSON.stringify(v)).toBe(n);
  });

  it("devices: 'cpu' and 'cpu:N' build; torch refuses 'xcpu', 'cpux', 'cpu:a' and a list, and so does the engine", () => {
    for (const device of ['cpu', 'cpu:0', 'cpu:12']) expect(outcome({ device }), device).toBe('ok');
    for (const device of ['xcpu', 'cpux', 'cpu:a', 'cpu:0x', ['cpu']]) expect(outcome({ device }), String(device)).toMatch(/this engine runs on the CPU only/);
  });
});
