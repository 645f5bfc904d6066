// Config files keep Python's int/float distinction: torch refuses `"hidden_size": 4.0` where it takes
// `4`. Each JSON text is read by the project's config reader and by Python's json module, and the
// engine's outcome must be torch's (exception type and message, or the repr).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { TorchError } from '../engine/errors.js';
import { RNN } from '../engine/rnn.js';
import { parseConfigFile } from '../harness/files/index.js';
import { defaultPython } from '../harness/sidecar/paths.js';

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

const PY = `
import json, sys, warnings, torch
out = []
for text in json.load(sys.stdin):
    cfg = json.loads(text)
    if isinstance(cfg.get("dtype"), str) and isinstance(getattr(torch, cfg["dtype"], None), torch.dtype):
        cfg["dtype"] = getattr(torch, cfg["dtype"])
    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always")
        try:
            out.append({"repr": repr(torch.nn.RNN(**cfg)), "warnings": [str(w.message) for w in rec]})
        except Exception as e:
            out.append({"error": "%s: %s" % (type(e).__name__, e), "warnings": [str(w.message) for w in rec]})
print(json.dumps(out))
`;

test('whole-number floats in config files are floats, as in Python', () => {
  const torch = JSON.parse(execFileSync(defaultPython(), ['-c', PY], { input: JSON.stringify(TEXTS), encoding: 'utf8' })) as { repr?: string; error?: string; warnings: string[] }[];
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
