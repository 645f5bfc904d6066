// Config files keep Python's int/float distinction: torch refuses `"hidden_size": 4.0` where it takes
// `4`. Each JSON text is read by the project's config reader and by Python's json module, and the
// engine's outcome must be torch's (exception type and message, or the repr).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { TorchError } from '../engine/errors.js';
import { RNN } from '../engine/rnn.js';
import { parseConfigFile } from '../harness/files/index.js';
import { runTool } from './python-tools.js';

const TEXTS = [
  '{"input_size": 4, "hidden_size": 4.0}',
  '{"input_size": 4.0, "hidden_size": 3}',
  '{"input_size": 4, "hidden_size": 3, "num_layers": 2.0}',
  '{"input_size": 4, "hidden_size": 3, "num_layers": 0.0}',
  '{"input_size": 4, "hidden_size": 3, "num_layers": 1.0, "dropout": 0.5}',
  '{"input_size": 4, "hidden_size": 3, "dropout": 1.0, "num_layers": 2}',
  '{"input_size": 4, "hidden_size": 3, "dropout": 1e0, "num_layers": 1}',
  '{"input_size": 4, "hidden_size": 3, "bias": 1.0}',
  '{"input_size": 4, "hidden_size": 3, "dtype": 2.0}',
  '{"input_size": 1e1, "hidden_size": 3}',
  '{"input_size": 4, "hidden_size": 3, "bidirectional": 1.0}',
  '{"input_size": 4, "hidden_size": 3, "nonlinearity": 1.0}',
];

test('whole-number floats in config files are floats, as in Python', () => {
  // the texts as Python's json reads them (1.0 a float), through nn.RNN(**config): python/testing/construct.py
  const answers = JSON.parse(runTool('construct.py', [], `[${TEXTS.join(',')}]`).toString('utf8')) as { repr?: string; error?: { type: string; message: string }; warnings: string[] }[];
  const torch = answers.map((a) => (a.error ? { error: `${a.error.type}: ${a.error.message}`, warnings: a.warnings } : { repr: a.repr, warnings: a.warnings }));
  const dir = mkdtempSync(join(tmpdir(), 'rnn-cfg-'));
  TEXTS.forEach((text, i) => {
    const path = join(dir, `c${i}.json`);
    writeFileSync(path, text);
    let engine: { repr?: string; error?: string; warnings: string[] };
    try {
      const rnn = RNN.fromTorchConfig(parseConfigFile(path));
      engine = { repr: String(rnn), warnings: rnn.warnings };
    } catch (err) {
      if (!(err instanceof TorchError)) throw err;
      engine = { error: String(err), warnings: err.warnings };
    }
    expect(engine, text).toEqual(torch[i]);
  });
});
