// JSON files people hand us (configs, case files), parsed strictly and validated with zod. The parser
// is the engine's (engine/json.ts): duplicate keys and `__proto__` are refused, so nothing
// ambiguous or prototype-shaped reaches the program; objects are built with own data properties only.
import type { z } from 'zod';
import { JsonNumber, JsonSyntaxError, parseJson, type Json } from '../../engine/json.js';
import { PyFloat } from '../../engine/pyvalue.js';
import { BadInputError } from './errors.js';
import { MiB, readFileLimited } from './read-file.js';

export interface JsonOptions {
  maxBytes?: number;
  /** Keep Python's float/int distinction: a whole number written as a float (`4.0`, `1e2`) becomes a
   * PyFloat, as Python's json module would read it (nn.RNN refuses `hidden_size=4.0`). */
  pythonFloats?: boolean;
}

export function readJsonFile<S extends z.ZodType>(path: string, schema: S, opts: JsonOptions = {}): z.output<S> {
  const value = parseJsonBytes(path, readFileLimited(path, opts.maxBytes ?? 16 * MiB), opts);
  const result = schema.safeParse(value);
  if (!result.success) throw new BadInputError(path, formatZodIssues(result.error));
  return result.data;
}

/** Strict JSON from bytes (UTF-8, no BOM) to plain values; faults name the file. */
export function parseJsonBytes(path: string, bytes: Uint8Array, opts: JsonOptions = {}): unknown {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new BadInputError(path, 'not valid UTF-8');
  }
  try {
    return toPlain(parseJson(text), opts.pythonFloats === true);
  } catch (err) {
    if (err instanceof JsonSyntaxError) throw new BadInputError(path, `not valid JSON: ${err.message}`);
    throw err;
  }
}

/** Numbers become JS numbers as JSON.parse would make them (Python's json reads 1e400 as inf too). */
function toPlain(v: Json, pythonFloats: boolean): unknown {
  if (v instanceof JsonNumber) {
    const n = Number(v.text);
    return pythonFloats && Number.isInteger(n) && /[.eE]/.test(v.text) ? new PyFloat(n) : n;
  }
  if (Array.isArray(v)) return v.map((x) => toPlain(x, pythonFloats));
  if (v instanceof Map) return Object.fromEntries([...v].map(([k, x]) => [k, toPlain(x, pythonFloats)]));
  return v;
}

/** One line per issue: `dropout: expected number`, with the path into the value. */
export function formatZodIssues(error: z.ZodError): string {
  return error.issues
    .map((i) => {
      const at = i.path.length ? `${i.path.map(String).join('.')}: ` : '';
      return `${at}${i.message}`;
    })
    .join('; ');
}
