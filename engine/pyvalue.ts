// Python's view of JSON-like values, so refusals can quote them as torch does: JS boolean = bool,
// integer number = int, other number = float, string = str, null = NoneType, array = list, object = dict.
import { isPrintableWide, WIDE_SPACES, wideDigit } from './py-unicode.js';

/** A Python float with a whole-number value (JSON `4.0`, `1e2`): a JS number cannot tell 4.0 from 4,
 * and torch refuses `hidden_size=4.0` where it takes `4`. Config readers wrap such numbers. */
export class PyFloat {
  constructor(readonly value: number) {}
}

/** A Python real number (int, float or bool) as a JS number; anything else is undefined. */
export function pyReal(v: unknown): number | undefined {
  if (v instanceof PyFloat) return v.value;
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return Number(v);
  return undefined;
}

export function pyTypeName(v: unknown): string {
  if (v instanceof PyFloat) return 'float';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  if (typeof v === 'string') return 'str';
  if (v === null || v === undefined) return 'NoneType';
  if (Array.isArray(v)) return 'list';
  return 'dict';
}

/** Python's isinstance(v, int): bool is an int. */
export const isPyInt = (v: unknown): v is number | boolean => typeof v === 'boolean' || (typeof v === 'number' && Number.isInteger(v));

/** Python's numeric value of an int/float/bool. */
export const pyNum = (v: number | boolean): number => (typeof v === 'boolean' ? Number(v) : v);

/** repr(float): shortest round-trip digits, exponent form below 1e-4 and from 1e16 on (1e-05, 1e+16). */
export function pyFloatRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const [mant, expStr] = x.toExponential().split('e');
  const exp = Number(expStr);
  const neg = mant.startsWith('-');
  const digits = mant.replace('-', '').replace('.', '');
  const sign = neg ? '-' : '';
  if (exp < -4 || exp >= 16) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  const intPart = digits.slice(0, exp + 1).padEnd(exp + 1, '0');
  const frac = digits.slice(exp + 1);
  return `${sign}${intPart}.${frac === '' ? '0' : frac}`;
}

function pyStrRepr(s: string): string {
  // Python prefers single quotes unless the string holds one and no double quote.
  const q = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = '';
  for (const ch of s) {
    const cp = ch.codePointAt(0) as number;
    if (ch === '\\') out += '\\\\';
    else if (ch === q) out += `\\${q}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (cp < 0x20) out += `\\x${hex(cp, 2)}`;
    else if (cp < 0x7f || isPrintableWide(cp)) out += ch;
    // unicode_repr: what str.isprintable() refuses (controls, format characters, unassigned, surrogates...) in hex
    else out += cp <= 0xff ? `\\x${hex(cp, 2)}` : cp <= 0xffff ? `\\u${hex(cp, 4)}` : `\\U${hex(cp, 8)}`;
  }
  return q + out + q;
}

const hex = (cp: number, digits: number): string => cp.toString(16).padStart(digits, '0');

/** Python repr() of a JSON-like value. */
export function pyRepr(v: unknown): string {
  if (typeof v === 'string') return pyStrRepr(v);
  return pyStrOrRepr(v, pyRepr);
}

/** Python str() of a JSON-like value (what an f-string prints). */
export function pyStr(v: unknown): string {
  if (typeof v === 'string') return v;
  return pyStrOrRepr(v, pyRepr);
}

function pyStrOrRepr(v: unknown, inner: (x: unknown) => string): string {
  if (v instanceof PyFloat) return pyFloatRepr(v.value);
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return Number.isInteger(v) ? intStr(v) : pyFloatRepr(v);
  if (v === null || v === undefined) return 'None';
  if (Array.isArray(v)) return `[${v.map(inner).join(', ')}]`;
  if (typeof v === 'object') {
    return `{${Object.entries(v as Record<string, unknown>).map(([k, x]) => `${pyStrRepr(k)}: ${inner(x)}`).join(', ')}}`;
  }
  return String(v);
}

// Integers beyond 2^53 print all their digits in Python; BigInt gives the exact decimal of the double.
const intStr = (v: number): string => (Math.abs(v) < 2 ** 53 ? String(v) : BigInt(v).toString());

/** float(str) first maps each character from U+007F on (CPython's _PyUnicode_TransformDecimalAndSpaceToASCII): a
 * space to ' ', a decimal digit to its ASCII digit, anything else ends the number (undefined). */
function asciiNumber(s: string): string | undefined {
  let out = '';
  for (const ch of s) {
    const cp = ch.codePointAt(0) as number;
    if (cp < 0x7f) out += ch;
    else if (WIDE_SPACES.includes(cp)) out += ' ';
    else {
      const digit = wideDigit(cp);
      if (digit === undefined) return undefined;
      out += String(digit);
    }
  }
  return out;
}

/** Python float(v) for a str: the literal forms float() accepts, or undefined. */
export function parsePyFloat(s: string): number | undefined {
  const ascii = asciiNumber(s);
  if (ascii === undefined) return undefined;
  // then only ASCII whitespace is stripped: space, \t, \n, \v, \f, \r (what trim() strips of an ASCII string)
  const t = ascii.trim().replace(/(\d)_(?=\d)/g, '$1');
  if (/^[+-]?(inf|infinity)$/i.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
  if (/^[+-]?nan$/i.test(t)) return NaN;
  if (/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t)) return Number(t);
  return undefined;
}
