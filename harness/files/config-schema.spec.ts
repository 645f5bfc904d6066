import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfigFile } from './config-schema.js';
import { BadInputError } from './errors.js';

const dir = mkdtempSync(join(tmpdir(), 'rnn-config-'));
let n = 0;
function config(text: string): string {
  const p = join(dir, `c${n++}.json`);
  writeFileSync(p, text);
  return p;
}

describe('parseConfigFile', () => {
  it('keeps the given keys with their JSON values, whatever their type (torch judges them)', () => {
    const cfg = parseConfigFile(config('{"input_size": 3, "hidden_size": "4", "dropout": null, "bias": [1], "dtype": "complex128"}'));
    expect(cfg).toEqual({ input_size: 3, hidden_size: '4', dropout: null, bias: [1], dtype: 'complex128' });
  });

  it('accepts every nn.RNN keyword, and an empty object (torch then asks for input_size)', () => {
    const all = { input_size: 1, hidden_size: 1, num_layers: 1, nonlinearity: 'tanh', bias: true, batch_first: false, dropout: 0, bidirectional: false, dtype: 'float32', device: 'cpu', proj_size: 0 };
    expect(parseConfigFile(config(JSON.stringify(all)))).toEqual(all);
    expect(parseConfigFile(config('{}'))).toEqual({});
  });

  const refusals: [string, string, RegExp][] = [
    ['unknown key', '{"input_size": 1, "hiden_size": 2}', /: unknown key "hiden_size" \(nn\.RNN takes input_size, hidden_size/],
    ['constructor key', '{"constructor": {}}', /unknown key "constructor"/],
    ['__proto__ key', '{"__proto__": {"polluted": true}}', /not valid JSON: key "__proto__" is not allowed/],
    ['nested __proto__', '{"bias": {"__proto__": 1}}', /key "__proto__" is not allowed/],
    ['duplicate key', '{"input_size": 1, "input_size": 2}', /duplicate key "input_size"/],
    ['not an object', '[1, 2]', /a config must be a JSON object of nn\.RNN keyword arguments, got an array/],
    ['null', 'null', /got null/],
    ['malformed JSON', '{"input_size": 1,}', /not valid JSON: expected a string key at character 17/],
    ['truncated JSON', '{"input_size": ', /not valid JSON: unexpected end/],
    ['NaN literal (not JSON)', '{"dropout": NaN}', /not valid JSON: unexpected "N"/],
    ['byte order mark', '\ufeff{}', /not valid JSON/],
    ['empty file', '', /not valid JSON: unexpected end/],
  ];
  for (const [name, text, message] of refusals) {
    it(`refuses: ${name}`, () => {
      const p = config(text);
      expect(() => parseConfigFile(p)).toThrow(BadInputError);
      expect(() => parseConfigFile(p)).toThrow(message);
      expect(() => parseConfigFile(p)).toThrow(new RegExp(`^${p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: `));
    });
  }

  it('leaves Object.prototype alone', () => {
    expect(() => parseConfigFile(config('{"__proto__": {"polluted": true}}'))).toThrow();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses invalid UTF-8 and files too large for a config', () => {
    const p = join(dir, 'bad-utf8.json');
    writeFileSync(p, Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]));
    expect(() => parseConfigFile(p)).toThrow(/not valid UTF-8/);
    expect(() => parseConfigFile(config(`{"input_size": 1${' '.repeat(2 ** 20)}}`))).toThrow(/over the 1048576-byte limit/);
  });
});
