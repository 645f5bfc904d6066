// RNN config files: a JSON object whose keys are nn.RNN's keyword names (README: the config file). Only the keys are
// checked here; the values may be any JSON, because a config torch refuses (`"hidden_size": "4"`) is a
// conformance case, judged by the engine in torch's words, not a bad file.
import { z } from 'zod';
import { RNN_CONFIG_KEYS, type TorchRNNConfig } from '../../engine/config.js';
import { readJsonFile } from './json-file.js';

export { RNN_CONFIG_KEYS };

const anyJson = z.unknown().optional();

export const rnnConfigSchema = z
  .strictObject(Object.fromEntries(RNN_CONFIG_KEYS.map((k) => [k, anyJson])) as Record<(typeof RNN_CONFIG_KEYS)[number], typeof anyJson>, {
    error: (issue) => {
      if (issue.code === 'unrecognized_keys') {
        const keys = issue.keys.map((k) => JSON.stringify(k)).join(', ');
        return `unknown key${issue.keys.length > 1 ? 's' : ''} ${keys} (nn.RNN takes ${RNN_CONFIG_KEYS.join(', ')})`;
      }
      if (issue.code === 'invalid_type') return `a config must be a JSON object of nn.RNN keyword arguments, got ${jsonTypeOf(issue.input)}`;
      return undefined;
    },
  });

function jsonTypeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'string' ? 'a string' : typeof v === 'number' ? 'a number' : typeof v === 'boolean' ? 'a boolean' : typeof v;
}

/**
 * Reads and checks a config file; a missing key is absent (torch's default applies), `null` is None.
 * `dtype` names a torch attribute, as `"float32"` or as PyTorch users write it, `"torch.float32"`.
 */
export function parseConfigFile(path: string): TorchRNNConfig {
  const config = readJsonFile(path, rnnConfigSchema, { maxBytes: 2 ** 20, pythonFloats: true });
  if (typeof config.dtype === 'string' && config.dtype.startsWith('torch.')) config.dtype = config.dtype.slice('torch.'.length);
  return config;
}
