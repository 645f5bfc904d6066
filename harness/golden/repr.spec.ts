// repr is compared: fixtures record torch's repr(module) (those computed since it was recorded), and an
// engine whose repr differs from torch's in one character fails golden check on each of them, naming
// both strings; the numbers alone would pass.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { realEngine, type EngineFactory } from '../engines/engine-side.js';
import { repoRoot } from '../sidecar/paths.js';
import { checkGolden } from './check.js';

/** The real engine with `bias=False` printed before `num_layers=` (torch prints it after). */
const biasFirst: EngineFactory = (cfg, gen, init) => {
  const rnn = realEngine(cfg, gen, init);
  const text = rnn.toString();
  rnn.toString = () => text.replace(/(, num_layers=\d+)(, bias=False)/, '$2$1');
  return rnn;
};

describe('golden check compares repr', () => {
  it('fails every fixture whose repr an engine prints differently, and only those', () => {
    const dir = join(repoRoot(), 'golden');
    const r = checkGolden(dir, { engine: biasFirst });
    const failed = r.verdicts.filter((v) => v.status === 'failed');
    expect(failed.length).toBeGreaterThan(0);
    for (const v of failed) expect(v.message).toMatch(/^repr differs:\n {2}engine: "RNN\(.*bias=False, num_layers=\d+.*\)"\n {2}torch: {2}"RNN\(.*num_layers=\d+, bias=False.*\)"$/);
  });
});
