// Python's view of JSON-like values, against Python 3.11's own answers (repr, str, type(x).__name__,
// float(s); printed by the .venv's python, which runs torch 2.13).
import { describe, expect, it } from 'vitest';
import { nonprintableRanges } from './py-unicode.js';
import { PyFloat, isPyInt, parsePyFloat, pyFloatRepr, pyNum, pyReal, pyRepr, pyStr, pyTypeName } from './pyvalue.js';

describe('pyFloatRepr is repr(float)', () => {
  it('shortest digits, exponent form below 1e-4 and from 1e16 on, special values', () => {
    const xs = [0, -0, NaN, Infinity, -Infinity, 1, -1.5, 1e-4, 9.999e-5, 1e-5, 1e16, 9999999999999998, 1e15, 123.456, 0.001, -2.5e-7,
      1.7976931348623157e308, 5e-324, 100, 1e22, 12345678, 0.1, 1.2345e-10, 3e100];
    // [repr(x) for x in xs], Python 3.11
    expect(xs.map(pyFloatRepr)).toEqual(['0.0', '-0.0', 'nan', 'inf', '-inf', '1.0', '-1.5', '0.0001', '9.999e-05', '1e-05', '1e+16',
      '9999999999999998.0', '1000000000000000.0', '123.456', '0.001', '-2.5e-07', '1.7976931348623157e+308', '5e-324', '100.0', '1e+22',
      '12345678.0', '0.1', '1.2345e-10', '3e+100']);
  });
});

describe('pyRepr and pyStr', () => {
  it("strings: single quotes unless the string holds ' and no \", escapes for \\\\, the quote, \\n, \\r, \\t", () => {
    const ss = ["a'b", 'a"b', 'a\'b"c', 'back\\slash', 'new\nline', '\r\t', 'plain', ''];
    // [repr(s) for s in ss]
    expect(ss.map(pyRepr)).toEqual(['"a\'b"', "'a\"b'", "'a\\'b\"c'", "'back\\\\slash'", "'new\\nline'", "'\\r\\t'", "'plain'", "''"]);
    expect(ss.map(pyStr)).toEqual(ss);
  });

  it('repr escapes what str.isprintable() refuses: controls, format characters, unassigned code points, surrogates', () => {
    const ss = ['\x00\x1f\x7f', 'tab\there', '\x80\x9f\xa0\xa1\xad\xff', '\u0377\u0378\u0379\u037a', '\u200b\u2028\u3000\ufeff\uffff',
      '\u{1f600}\u{e0001}\u{10ffff}\u{11f51}', '\ud800', "\u00e9'\x00", '\u{1d7cf}\u00b2'];
    // json.dumps([repr(s) for s in ss]), Python 3.11 in .venv (Unicode 14: U+0378 and U+11F51 unassigned)
    expect(ss.map(pyRepr)).toEqual(["'\\x00\\x1f\\x7f'", "'tab\\there'", "'\\x80\\x9f\\xa0\u00a1\\xad\u00ff'", "'\u0377\\u0378\\u0379\u037a'",
      "'\\u200b\\u2028\\u3000\\ufeff\\uffff'", "'\ud83d\ude00\\U000e0001\\U0010ffff\\U00011f51'", "'\\ud800'", "\"\u00e9'\\x00\"",
      "'\ud835\udfcf\u00b2'"]);
    expect(pyStr('\x00\u200b')).toBe('\x00\u200b'); // str() escapes nothing
    expect(pyRepr('a b\x7f~')).toBe("'a b\\x7f~'"); // repr('a b\x7f~'): the ASCII edges, space and tilde raw, DEL escaped
  });

  it("the table of what str.isprintable() refuses from U+007F on: Python 3.11's 700 ranges, first and last", () => {
    // t = python/testing/py_text_tables.py's output: len(t['nonprintable']), t['nonprintable'][:3], t['nonprintable'][-2:]
    const r = nonprintableRanges();
    expect([r.length, r.slice(0, 3), r.slice(-2)]).toEqual([700, [[127, 160], [173, 173], [888, 889]], [[201547, 917759], [918000, 1114111]]]);
  });

  it('lists, dicts, bools, None, ints (every digit beyond 2^53) and floats whole or not', () => {
    // repr([1, 2.5, True, None, 'x', [False]]), repr({'a': [1.0], "b'": None})
    expect(pyRepr([1, 2.5, true, null, 'x', [false]])).toBe("[1, 2.5, True, None, 'x', [False]]");
    expect(pyRepr({ a: [new PyFloat(1)], "b'": undefined })).toBe('{\'a\': [1.0], "b\'": None}');
    expect(pyStr(['x', { k: 'v' }])).toBe("['x', {'k': 'v'}]"); // str(['x', {'k': 'v'}])
    // repr(int(1e20)), repr(int(-2.0**60)), repr(2**53 - 1)
    expect([1e20, -(2 ** 60), 2 ** 53 - 1].map(pyRepr)).toEqual(['100000000000000000000', '-1152921504606846976', '9007199254740991']);
    expect(pyStr(new PyFloat(4))).toBe('4.0');
  });

  it('a BigInt is a Python int: every digit', () => {
    // repr(2**70), repr(-(2**70)), str([2**70])
    expect([2n ** 70n, -(2n ** 70n)].map(pyRepr)).toEqual(['1180591620717411303424', '-1180591620717411303424']);
    expect(pyStr([2n ** 70n])).toBe('[1180591620717411303424]');
  });
});

describe('Python types and numbers', () => {
  it('type(x).__name__ of each kind', () => {
    expect([new PyFloat(4), true, 4, 4.5, 's', null, undefined, [], {}].map(pyTypeName)).toEqual(
      ['float', 'bool', 'int', 'float', 'str', 'NoneType', 'NoneType', 'list', 'dict'],
    );
  });

  it('isinstance(x, int) takes bools; int(), float() and bool() values', () => {
    expect([true, false, 3, -0, 3.5, NaN, '3', null, new PyFloat(3)].map(isPyInt)).toEqual([true, true, true, true, false, false, false, false, false]);
    expect([pyNum(true), pyNum(false), pyNum(-7)]).toEqual([1, 0, -7]);
    expect([new PyFloat(4), 2.5, true, false, '1', null, [1]].map(pyReal)).toEqual([4, 2.5, 1, 0, undefined, undefined, undefined]);
  });

  it('parsePyFloat is float(s): the literals it takes (underscores between digits, inf, nan, any case, surrounding spaces)', () => {
    const strs = [' 1_000.5 ', 'inf', '-Infinity', 'nAn', '+1e5', '.5', '5.', '1_2', '1__2', '_1', 'abc', '1e', '0x10', '', '1.5e+3', '-0',
      '  -.5E-2\n', '1_.5', 'infinit', '++1', '1.5.2', '\t7\t'];
    // [repr(float(s)) or None where float(s) raises ValueError]
    expect(strs.map((s) => {
      const v = parsePyFloat(s);
      return v === undefined ? null : pyFloatRepr(v);
    })).toEqual(['1000.5', 'inf', '-inf', 'nan', '100000.0', '0.5', '5.0', '12.0', null, null, null, null, null, null, '1500.0', '-0.0', '-0.005',
      null, null, null, null, '7.0']);
  });

  it('parsePyFloat: any script\'s decimal digits and Unicode spaces count, other characters (a BOM, \\x1c, ², Ⅳ) do not', () => {
    const strs = ['\u0660.\u0665', '\u0661\u0662', '\u0661_\u0662', '1e\u0662', '\u{1d7cf}\u{1d7d0}', '\uff15', '\u0085 1 \u3000', 'inf\u0085',
      '\u2028-2.5\u2029', '\ufeff1', '\x1c1', '1\x1f', '1\u00850', '\u200b1', '\u{11f51}', '\u00b2', '\u0661\u0085\u0662', '\u2163', '\u{1d7e3}\u{1d7d8}'];
    // [repr(float(s)) or None where float(s) raises ValueError], Python 3.11 in .venv (Unicode 14: U+11F51, a Kawi digit, came in 15)
    expect(strs.map((s) => {
      const v = parsePyFloat(s);
      return v === undefined ? null : pyFloatRepr(v);
    })).toEqual(['0.5', '12.0', '12.0', '100.0', '12.0', '5.0', '1.0', 'inf', '-2.5', null, null, null, null, null, null, null, null, null, '10.0']);
  });

  it('parsePyFloat: signs and junk around inf and nan, several digits after a bare point and in the exponent', () => {
    const strs = ['xinf', '1inf', '+-inf', '+inf', '+nan', '-nan', 'NAN', 'xnan', 'nanx', 'nan1', '.25', '1e10', '2.5E-12', '-.125e+12', '1e1_0'];
    // [repr(float(s)) or None where float(s) raises ValueError], Python 3.11 in .venv
    expect(strs.map((s) => {
      const v = parsePyFloat(s);
      return v === undefined ? null : pyFloatRepr(v);
    })).toEqual([null, null, null, 'inf', 'nan', 'nan', 'nan', null, null, null, '0.25', '10000000000.0', '2.5e-12', '-125000000000.0', '10000000000.0']);
  });
});
