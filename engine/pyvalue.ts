// Python's view of JSON-like values, so refusals can quote them as torch does: JS boolean = bool,
// integer number = int, other number = float, string = str, null = NoneType, array = list, object = dict.

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
    if (ch === '\\') out += '\\\\';
    else if (ch === q) out += `\\${q}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else out += ch;
  }
  return q + out + q;
}

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

// The first code point of each run of ten decimal digits other than ASCII's, in Python 3.11's Unicode 14 database:
// [cp for cp in range(0x110000) if unicodedata.decimal(chr(cp), None) == 0][1:], printed by the .venv's Python 3.11.
const DIGIT_ZEROS = [
  0x660, 0x6f0, 0x7c0, 0x966, 0x9e6, 0xa66, 0xae6, 0xb66, 0xbe6, 0xc66, 0xce6, 0xd66, 0xde6, 0xe50, 0xed0, 0xf20, 0x1040, 0x1090,
  0x17e0, 0x1810, 0x1946, 0x19d0, 0x1a80, 0x1a90, 0x1b50, 0x1bb0, 0x1c40, 0x1c50, 0xa620, 0xa8d0, 0xa900, 0xa9d0, 0xa9f0, 0xaa50,
  0xabf0, 0xff10, 0x104a0, 0x10d30, 0x11066, 0x110f0, 0x11136, 0x111d0, 0x112f0, 0x11450, 0x114d0, 0x11650, 0x116c0, 0x11730,
  0x118e0, 0x11950, 0x11c50, 0x11d50, 0x11da0, 0x16a60, 0x16ac0, 0x16b50, 0x1d7ce, 0x1d7d8, 0x1d7e2, 0x1d7ec, 0x1d7f6, 0x1e140,
  0x1e2f0, 0x1e950, 0x1fbf0,
];
// str.isspace() beyond ASCII: [hex(cp) for cp in range(128, 0x110000) if chr(cp).isspace()], Python 3.11.
const WIDE_SPACES = '\u0085\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000';

/** float(str) first maps each character from U+007F on (CPython's _PyUnicode_TransformDecimalAndSpaceToASCII): a
 * space to ' ', a decimal digit to its ASCII digit, anything else ends the number (undefined). */
function asciiNumber(s: string): string | undefined {
  let out = '';
  for (const ch of s) {
    const cp = ch.codePointAt(0) as number;
    if (cp < 0x7f) out += ch;
    else if (WIDE_SPACES.includes(ch)) out += ' ';
    else {
      const zero = DIGIT_ZEROS.find((z) => cp >= z && cp < z + 10);
      if (zero === undefined) return undefined;
      out += String(cp - zero);
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
