// The strict JSON parser against RFC 8259's grammar (what each production accepts and what it does
// not), its documented refusals (duplicate keys, `__proto__`, nesting beyond 64, lone surrogates),
// where each refusal points, and the short texts refusals quote values by.
import { describe, expect, it } from 'vitest';
import { JsonNumber, JsonSyntaxError, jsonKind, jsonText, parseJson, type Json } from './json.js';

const refuses = (text: string, message: string): void => {
  let err: unknown;
  try {
    parseJson(text);
  } catch (e) {
    err = e;
  }
  expect(err, text).toBeInstanceOf(JsonSyntaxError);
  expect((err as Error).name, text).toBe('JsonSyntaxError');
  expect((err as Error).message, text).toBe(message);
};

describe('parseJson: values (RFC 8259 sections 3-7)', () => {
  it('objects as Maps in key order, arrays, literals, numbers as their exact text', () => {
    const v = parseJson('{"b": [1, -0.5e+3, 12345678901234567890, true, false, null, "x"], "a": {}, "c": []}') as Map<string, Json>;
    expect([...v.keys()]).toEqual(['b', 'a', 'c']);
    const b = v.get('b') as Json[];
    expect(b.slice(0, 3).map((n) => (n as JsonNumber).text)).toEqual(['1', '-0.5e+3', '12345678901234567890']);
    expect(b.slice(3)).toEqual([true, false, null, 'x']);
    expect(v.get('a')).toEqual(new Map());
    expect(v.get('c')).toEqual([]);
  });

  it('whitespace is space, tab, line feed and carriage return, around every token', () => {
    expect(parseJson(' \t\n\r[ \t\n\r1 \t\n\r, \r\n{ "k" \n: \t"v" } ]\r\n\t ')).toEqual([new JsonNumber('1'), new Map([['k', 'v']])]);
    refuses('\f1', 'unexpected "\\f" at character 0');
    refuses('[1,\u000b2]', 'unexpected "\\u000b" at character 3');
    refuses('1\u00a0', 'trailing characters after the JSON value at character 1');
  });

  it('numbers: minus, int without leading zeros, optional fraction and exponent', () => {
    for (const t of ['0', '-0', '7', '-10', '0.25', '1e5', '1E-5', '2.5e+10', '-0.0e0']) expect((parseJson(t) as JsonNumber).text).toBe(t);
    refuses('01', 'trailing characters after the JSON value at character 1');
    refuses('1.', 'trailing characters after the JSON value at character 1');
    refuses('1e', 'trailing characters after the JSON value at character 1');
    refuses('1.5e+', 'trailing characters after the JSON value at character 3');
    refuses('-', 'malformed number at character 0');
    refuses('-a', 'malformed number at character 0');
    refuses('.5', 'unexpected "." at character 0');
    refuses('+1', 'unexpected "+" at character 0');
    refuses('[9, 10]x', 'trailing characters after the JSON value at character 7');
  });

  it('literals are true, false and null, lower case, nothing else', () => {
    expect(parseJson('[true,false,null]')).toEqual([true, false, null]);
    refuses('True', 'unexpected "T" at character 0');
    refuses('nul', 'unexpected "n" at character 0');
    refuses('NaN', 'unexpected "N" at character 0');
    refuses('', 'unexpected end at character 0');
    refuses('[1, ', 'unexpected end at character 4');
  });

  it('strings: every escape of section 7, surrogate pairs, raw characters from U+0020 on', () => {
    expect(parseJson('"\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u00e9 \\u00E9 \\ud83d\\ude00 \u007f é 😀"')).toBe('" \\ / \b \f \n \r \t é é 😀 \u007f é 😀');
    expect(parseJson('" !~"')).toBe(' !~');
    expect(parseJson('"a\\u0000b"')).toBe('a\u0000b');
    expect(parseJson('"\\uFFFF\\uD7FF\\uE000"')).toBe('\uffff\ud7ff\ue000');
    refuses('"a\u001fb"', 'control character in string at character 2');
    refuses('"a\nb"', 'control character in string at character 2');
    refuses('"abc', 'unterminated string at character 4');
    refuses('"ab\\', 'invalid escape at character 3');
    refuses('"\\x41"', 'invalid escape at character 1');
    refuses('"\\u12"', 'invalid \\u escape at character 1');
    refuses('"\\u12g4"', 'invalid \\u escape at character 1');
  });

  it('a \\u escape of a surrogate must be a high one followed by an escaped low one', () => {
    expect(parseJson('"\\uD800\\uDC00\\uDBFF\\uDFFF"')).toBe('\ud800\udc00\udbff\udfff');
    refuses('"\\ud83d"', 'lone surrogate in \\u escape at character 7');
    refuses('"\\ud83dx"', 'lone surrogate in \\u escape at character 7');
    refuses('"\\ud83d\\n"', 'lone surrogate in \\u escape at character 7');
    refuses('"\\ud83d\\u0041"', 'lone surrogate in \\u escape at character 7');
    refuses('"\\ud83d\\ue000"', 'lone surrogate in \\u escape at character 7');
    refuses('"\\ud83d\\ud83d"', 'lone surrogate in \\u escape at character 7');
    refuses('"\\udc00"', 'lone surrogate in \\u escape at character 7');
    refuses('"\\udc00\\udc00"', 'lone surrogate in \\u escape at character 7');
    refuses('"\\udfff"', 'lone surrogate in \\u escape at character 7');
    refuses('"\\ud83dxudc00"', 'lone surrogate in \\u escape at character 7'); // a low surrogate's digits without the backslash
  });

  it('objects: string keys, a colon, commas between members; arrays: commas between values', () => {
    refuses('{1: 2}', 'expected a string key at character 1');
    refuses('{"a" 2}', 'expected ":" at character 5');
    refuses('{"a": 2 "b": 3}', 'expected "," or "}" at character 9'); // one past the character read
    refuses('{"a": 2,}', 'expected a string key at character 8');
    refuses('{"a": 2', 'expected "," or "}" at character 8');
    refuses('[1 2]', 'expected "," or "]" at character 4');
    refuses('[1,]', 'unexpected "]" at character 3');
    refuses('[1', 'expected "," or "]" at character 3');
  });
});

describe("parseJson: the parser's own refusals", () => {
  it('a duplicate key (JSON.parse would keep the last) and the key "__proto__"', () => {
    refuses('{"a": 1, "b": 2, "a": 3}', 'duplicate key "a" at character 20');
    refuses('{"a": {"x": 1, "x": 1}}', 'duplicate key "x" at character 18');
    refuses('{"__proto__": {}}', 'key "__proto__" is not allowed at character 12');
    expect(parseJson('{"a": {"b": 1}, "b": {"a": 2}, "__proto": 0}')).toBeInstanceOf(Map);
  });

  it('nesting up to 64 levels below the document, not one more', () => {
    const nest = (n: number): string => '['.repeat(n) + ']'.repeat(n);
    let v = parseJson(nest(65));
    for (let d = 0; d < 64; d++) v = (v as Json[])[0];
    expect(v).toEqual([]);
    refuses(nest(66), 'nesting deeper than 64 at character 65');
    expect(parseJson('{"a":'.repeat(64) + '1' + '}'.repeat(64))).toBeInstanceOf(Map);
    refuses('{"a":'.repeat(65) + '1' + '}'.repeat(65), 'nesting deeper than 64 at character 325');
  });
});

describe('jsonKind and jsonText (how refusals quote a value)', () => {
  it('names each kind', () => {
    expect([null, new JsonNumber('1'), [], new Map(), 's', true, false, undefined].map((v) => jsonKind(v))).toEqual(
      ['null', 'a number', 'an array', 'an object', 'a string', 'a boolean', 'a boolean', 'missing'],
    );
  });

  it('quotes numbers, strings (cut after 40 characters) and arrays of up to 8 values', () => {
    expect(jsonText(new JsonNumber('1.50'))).toBe('1.50');
    expect(jsonText('F32')).toBe('"F32"');
    expect(jsonText('a"b')).toBe('"a\\"b"');
    expect(jsonText('x'.repeat(40))).toBe(`"${'x'.repeat(40)}"`);
    expect(jsonText('x'.repeat(41))).toBe(`"${'x'.repeat(40)}…"`);
    expect(jsonText([new JsonNumber('1'), 'a', [null]])).toBe('[1, "a", [null]]');
    expect(jsonText(Array.from({ length: 8 }, (_, i) => new JsonNumber(String(i))))).toBe('[0, 1, 2, 3, 4, 5, 6, 7]');
    expect(jsonText(Array.from({ length: 9 }, () => null))).toBe('an array of 9');
    expect([null, true, new Map(), undefined].map((v) => jsonText(v))).toEqual(['null', 'a boolean', 'an object', 'missing']);
  });
});
