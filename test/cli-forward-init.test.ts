// `rnn-conformance forward` and `init` through the built CLI, against real torch: random cases over all
// six dtypes (valid and refused), training-mode dropout from a seed, seeded init bit for bit, and bad
// files (exit 2 naming the file). The CLI reads and writes only files, as other programs use it.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DTYPES } from '../engine/dtype.js';
import { decodeOutputFile, encodeInputFile, encodeStateDict } from '../engine/state-dict-file.js';
import { firstBitDifference } from '../harness/check/judge.js';
import { buildCase } from '../harness/check/run-check.js';
import { toRefCase, type ConformanceCase } from '../harness/case/index.js';
import { judgeCase } from '../harness/compare/index.js';
import { decodeStateDict } from '../engine/state-dict-file.js';
import { Sidecar, SidecarPool } from '../harness/sidecar/index.js';

const bin = join(import.meta.dirname, '..', 'bin', 'rnn-conformance.js');
const SEED = Number(process.env.RNN_CONFORMANCE_TEST_SEED ?? 31);
const dir = mkdtempSync(join(tmpdir(), 'rnn-cli-'));
let pool: SidecarPool;
beforeAll(async () => {
  pool = await SidecarPool.start(1);
});
afterAll(async () => {
  await pool?.close();
});

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Writes the case's files; its weights are a snapshot (seeded cases take torch's init from the sidecar). */
function files(c: ConformanceCase, k: number, sd: NonNullable<ConformanceCase['stateDict']>) {
  const p = (n: string) => join(dir, `${k}-${n}`);
  writeFileSync(p('config.json'), JSON.stringify(c.config));
  writeFileSync(p('weights.safetensors'), encodeStateDict(sd));
  writeFileSync(p('input.safetensors'), encodeInputFile(c.hx ? { input: c.input, hx: c.hx } : { input: c.input }));
  return { config: p('config.json'), weights: p('weights.safetensors'), input: p('input.safetensors'), out: p('out.safetensors') };
}

describe(`forward (seed ${SEED}; RNN_CONFORMANCE_TEST_SEED varies it)`, () => {
  it('agrees with torch on random cases in all six dtypes, refusals included', async () => {
    // Cases with valid configs (the weights file needs torch's parameter names); inputs may be invalid.
    const cases: ConformanceCase[] = [];
    for (let i = 0; cases.length < 48 && i < 1000; i++) {
      const c = buildCase({ seed: SEED, dtypes: DTYPES }, i);
      if (c.spec?.configMutation) continue;
      // Training-mode dropout draws: the sidecar seeds before nn.RNN(**C), forward's --seed right before
      // the forward pass; those cases are checked against torch in cli-backward.test.ts.
      if (c.train && Number(c.config.dropout ?? 0) > 0 && Number(c.config.num_layers ?? 1) > 1) continue;
      cases.push(c);
    }
    const torch = await pool.run(cases.map((c) => ({ ...toRefCase(c), seed: c.seed })));
    const seen = new Set<string>();
    let refusals = 0;
    for (const [k, c] of cases.entries()) {
      const t = torch[k];
      if (!t || t.kind === 'unavailable') throw new Error(`case ${c.id}: no reference`);
      const sd = c.stateDict ?? t.stateDict;
      if (!sd) throw new Error(`case ${c.id}: no weights`);
      const f = files(c, k, sd);
      const args = ['forward', '--config', f.config, '--weights', f.weights, '--input', f.input, '--out', f.out, ...(c.train ? ['--train', `--seed=${c.seed}`] : [])];
      const r = cli(args);
      const id = `case ${c.id} (rnn-conformance ${args.join(' ')})`;
      if (t.kind === 'refused') {
        refusals++;
        expect(r.code, id).toBe(1);
        expect(r.stderr.trim().split('\n').at(-1), id).toBe(`${t.type}: ${t.message}`.split('\n').at(-1));
        expect(r.stderr, id).toContain(`${t.type}: ${t.message.split('\n')[0]}`);
        continue;
      }
      expect(r.code, `${id}\n${r.stderr}`).toBe(0);
      const dtype = (c.spec?.dtype ?? 'float32') as (typeof DTYPES)[number];
      seen.add(dtype);
      const out = decodeOutputFile(readFileSync(f.out), dtype);
      let v = judgeCase({ output: out.output, hN: out.h_n }, t, { unbatched: c.input.shape.length === 2 });
      if (!v.ok) {
        // As `check` does: a mismatch is judged again with torch's exact-as-possible answer (amplified rounding).
        const [withOracle] = await pool.run([{ ...toRefCase(c, true), seed: c.seed }]);
        if (withOracle?.kind === 'ok') v = judgeCase({ output: out.output, hN: out.h_n }, withOracle, { unbatched: c.input.shape.length === 2 });
      }
      expect(v.ok, `${id}\n${v.message}`).toBe(true);
    }
    expect([...seen].sort()).toEqual([...DTYPES].sort());
    expect(refusals).toBeGreaterThan(0);
  });

  it('refuses a malformed file with exit 2, naming the file and the fault', () => {
    const c = buildCase({ seed: SEED, dtypes: ['float32'] }, 0);
    const sd = c.stateDict ?? {};
    const f = files(c, 999, sd);
    writeFileSync(f.input, 'not a safetensors file');
    const r = cli(['forward', '--config', f.config, '--weights', f.weights, '--input', f.input, '--out', f.out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(f.input);
    writeFileSync(f.config, '{"input_size": 2, "hiden_size": 3}');
    const r2 = cli(['forward', '--config', f.config, '--weights', f.weights, '--input', f.input, '--out', f.out]);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toContain(f.config);
    expect(r2.stderr).toContain('hiden_size');
  });
});

describe('init', () => {
  it('writes torch.manual_seed(N); nn.RNN(**C) weights bit for bit, every dtype, edge seeds', async () => {
    const sidecar = await Sidecar.start();
    const seeds = [0, 42, 2 ** 32 + 5, -7];
    for (const dtype of DTYPES)
      for (const seed of seeds) {
        const config = { input_size: 3, hidden_size: 5, num_layers: 2, bidirectional: true, dtype };
        const path = join(dir, `init-${dtype}-${seed}.safetensors`);
        writeFileSync(join(dir, 'init.json'), JSON.stringify(config));
        const r = cli(['init', '--config', join(dir, 'init.json'), `--seed=${seed}`, '--out', path]);
        expect(r.code, r.stderr).toBe(0);
        const mine = decodeStateDict(readFileSync(path), dtype);
        const ref = await sidecar.init(config, seed);
        if (ref.kind !== 'ok') throw new Error(`torch refused ${JSON.stringify(config)}`);
        // A safetensors file orders tensors by dtype and name, not by registration (as save_file does).
        expect(Object.keys(mine).sort()).toEqual(Object.keys(ref.stateDict).sort());
        for (const [k, t] of Object.entries(ref.stateDict)) expect(firstBitDifference(mine[k] as never, t), `${dtype} seed ${seed} ${k}`).toBeNull();
      }
    await sidecar.close();
  });
});
