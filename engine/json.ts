// A strict JSON parser (RFC 8259, as serde_json reads it), for safetensors headers and the harness's
// config files. JSON.parse would silently keep the last of duplicate keys and round big integers; this
// one refuses duplicates and `__proto__`, keeps number text exact, and bounds nesting so a hostile
// header cannot exhaust the stack. Objects come back as Maps, numbers as their text.

const MAX_JSON_DEPTH = 64;

export class JsonNumber {
  constructor(readonly text: string) {}
}
export type Json = null | boolean | string | JsonNumber | Json[] | Map<string, Json>;

export class JsonSyntaxError extends Error {
  override name = 'JsonSyntaxError';
}

export function parseJson(text: string): Json {
  return new JsonParser(text).parseDocument();
}

export function jsonKind(v: Json | undefined): string {
  if (v === null) return 'null';
  if (v instanceof JsonNumber) return 'a number';
  if (Array.isArray(v)) return 'an array';
  if (v instanceof Map) return 'an object';
  return typeof v === 'string' ? 'a string' : typeof v === 'boolean' ? 'a boolean' : 'missing';
}

export function jsonText(v: Json | undefined): string {
  if (v instanceof JsonNumber) return v.text;
  if (Array.isArray(v)) return v.length > 8 ? `an array of ${v.length}` : `[${v.map(jsonText).join(', ')}]`;
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  return jsonKind(v);
}

class JsonParser {
  private i = 0;
  constructor(private readonly s: string) {}

  parseDocument(): Json {
    const v = this.value(0);
    this.ws();
    if (this.i < this.s.length) this.fail('trailing characters after the JSON value');
    return v;
  }

  private fail(what: string): never {
    throw new JsonSyntaxError(`${what} at character ${this.i}`);
  }

  private ws(): void {
    const s = this.s;
    while (this.i < s.length && (s[this.i] === ' ' || s[this.i] === '\n' || s[this.i] === '\r' || s[this.i] === '\t')) this.i++;
  }

  private value(depth: number): Json {
    if (depth > MAX_JSON_DEPTH) this.fail(`nesting deeper than ${MAX_JSON_DEPTH}`);
    this.ws();
    const c = this.s[this.i];
    if (c === '{') return this.object(depth);
    if (c === '[') return this.array(depth);
    if (c === '"') return this.string();
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.number();
    for (const [word, v] of [['true', true], ['false', false], ['null', null]] as const) {
      if (this.s.startsWith(word, this.i)) {
        this.i += word.length;
        return v;
      }
    }
    return this.fail(c === undefined ? 'unexpected end' : `unexpected ${JSON.stringify(c)}`);
  }

  private object(depth: number): Map<string, Json> {
    const out = new Map<string, Json>();
    this.i++;
    this.ws();
    if (this.s[this.i] === '}') {
      this.i++;
      return out;
    }
    for (;;) {
      this.ws();
      if (this.s[this.i] !== '"') this.fail('expected a string key');
      const key = this.string();
      if (key === '__proto__') this.fail('key "__proto__" is not allowed');
      if (out.has(key)) this.fail(`duplicate key ${JSON.stringify(key)}`);
      this.ws();
      if (this.s[this.i] !== ':') this.fail('expected ":"');
      this.i++;
      out.set(key, this.value(depth + 1));
      this.ws();
      const c = this.s[this.i++];
      if (c === '}') return out;
      if (c !== ',') this.fail('expected "," or "}"');
    }
  }

  private array(depth: number): Json[] {
    const out: Json[] = [];
    this.i++;
    this.ws();
    if (this.s[this.i] === ']') {
      this.i++;
      return out;
    }
    for (;;) {
      out.push(this.value(depth + 1));
      this.ws();
      const c = this.s[this.i++];
      if (c === ']') return out;
      if (c !== ',') this.fail('expected "," or "]"');
    }
  }

  private number(): JsonNumber {
    const m = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
    m.lastIndex = this.i;
    const hit = m.exec(this.s);
    if (!hit) this.fail('malformed number');
    this.i += hit[0].length;
    return new JsonNumber(hit[0]);
  }

  private string(): string {
    const s = this.s;
    let out = '';
    this.i++; // opening quote
    for (;;) {
      // Copy the plain run in one slice: linear time even for a 100 MB header.
      let j = this.i;
      while (j < s.length) {
        const code = s.charCodeAt(j);
        if (code === 0x22 || code === 0x5c || code < 0x20) break;
        j++;
      }
      out += s.slice(this.i, j);
      this.i = j;
      const c = s[this.i];
      if (c === undefined) this.fail('unterminated string');
      if (c === '"') {
        this.i++;
        return out;
      }
      if (c !== '\\') this.fail('control character in string');
      const e = s[this.i + 1];
      const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
      if (e !== undefined && e in simple) {
        out += simple[e];
        this.i += 2;
        continue;
      }
      if (e !== 'u') this.fail('invalid escape');
      const unit = this.hex4(this.i + 2);
      this.i += 6;
      if (unit >= 0xd800 && unit < 0xdc00) {
        // A high surrogate must be followed by an escaped low one: names must be valid Unicode.
        if (s[this.i] !== '\\' || s[this.i + 1] !== 'u') this.fail('lone surrogate in \\u escape');
        const low = this.hex4(this.i + 2);
        if (low < 0xdc00 || low > 0xdfff) this.fail('lone surrogate in \\u escape');
        this.i += 6;
        out += String.fromCharCode(unit, low);
      } else if (unit >= 0xdc00 && unit <= 0xdfff) {
        this.fail('lone surrogate in \\u escape');
      } else {
        out += String.fromCharCode(unit);
      }
    }
  }

  private hex4(at: number): number {
    const h = this.s.slice(at, at + 4);
    if (!/^[0-9a-fA-F]{4}$/.test(h)) this.fail('invalid \\u escape');
    return parseInt(h, 16);
  }
}

