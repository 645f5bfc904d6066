// `rnn-conformance replay` through the built bin, after a `check --break` run as a user meets it: the
// saved case's printed hint works (`replay FILE --break KIND` fails as the run did; the real engine passes);
// --emit-python / --emit-js write standalone scripts that print torch's and the engine's answers.
// Real torch: without it these fail, they never skip.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Tensor } from '../engine/index.js';
import { BREAKS } from '../harness/engines/broken-engines.js';
import { runEngine } from '../harness/engines/engine-side.js';
import { toRefCase } from '../harness/case/index.js';
import { readCaseFile } from '../harness/cli/replay.js';
import { Sidecar } from '../harness/sidecar/index.js';
import { defaultPython } from '../harness/sidecar/paths.js';

const PYTHON = defaultPython();

const bin = join(import.meta.dirname, '..', 'bin', 'rnn-conformance.js');
const SEED = Number(process.env.RNN_CONFORMANCE_TEST_SEED ?? 20261206);
const dir = mkdtempSync(join(tmpdir(), 'rnn-cli-replay-'));

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, CI: 'true' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The `saved:` line of a failure: the case file and the command the run printed for it. */
let saved: { file: string; hint: string[]; stdout: string };
beforeAll(() => {
  const r = cli(['check', '--no-config', '--break', 'bias', '--dtypes', 'float32', '--cases', '8', '--seed', String(SEED), '--workers', '1', '--no-shrink', '--report', dir]);
  expect(r.code, r.stdout + r.stderr).toBe(1);
  const m = /^ {2}saved: {2}(\S+) {2}\((rnn-conformance replay [^)]*)\)$/m.exec(r.stdout);
  if (!m) throw new Error(`no saved: line in\n${r.stdout}`);
  saved = { file: m[1] as string, hint: (m[2] as string).split(' ').slice(1), stdout: r.stdout };
}, 120_000);

describe(`replay after a --break run (seed ${SEED})`, () => {
  it('the printed hint carries --break and reproduces the failure (exit 1)', () => {
    expect(saved.hint).toEqual(['replay', saved.file, '--break', 'bias']);
    const r = cli(saved.hint);
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toMatch(/\(engine broken on purpose: --break bias\): FAILED/);
  });

  it('without --break the real engine passes the same case (exit 0); a bad kind is exit 2', () => {
    const r = cli(['replay', saved.file]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/: PASSED$/m);
    const bad = cli(['replay', saved.file, '--break', 'nope']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(`--break must be one of ${BREAKS.join(', ')}, got 'nope'`);
  });
});

// ---- standalone scripts ------------------------------------------------------------------------------

interface Printed {
  dtype: string;
  shape: number[];
  data: (number | string)[];
}

/** The script's `json:` line. */
function printed(stdout: string): { output: Printed; h_n: Printed } {
  const line = stdout.split('\n').find((l) => l.startsWith('json: '));
  if (!line) throw new Error(`no json: line in\n${stdout}`);
  return JSON.parse(line.slice('json: '.length)) as { output: Printed; h_n: Printed };
}

/** Every value as printed equals the tensor's, bit for bit (NaN and infinities as text). */
function sameAs(p: Printed, t: Tensor): string | null {
  if (p.dtype !== t.dtype || p.shape.join() !== t.shape.join()) return `printed ${p.dtype} ${p.shape.join('x')}, expected ${t.dtype} ${t.shape.join('x')}`;
  const text = (x: number) => (Number.isNaN(x) ? 'nan' : x > 0 ? 'inf' : '-inf');
  const i = p.data.findIndex((x, k) => (typeof x === 'string' ? x !== text(t.data[k] as number) : !Object.is(x, t.data[k])));
  return i < 0 && p.data.length === t.data.length ? null : `value ${i}: printed ${String(p.data[i])}, expected ${String(t.data[i])}`;
}

describe('replay --emit-python / --emit-js', () => {
  // The JS script imports the package by name: inside the repository the name resolves to the package itself
  // (package.json exports). reports/ is ignored by git.
  const repo = join(import.meta.dirname, '..');
  mkdirSync(join(repo, 'reports'), { recursive: true });
  const inRepo = mkdtempSync(join(repo, 'reports', 'emit-'));
  afterAll(() => rmSync(inRepo, { recursive: true, force: true }));

  it("check's failure output names them", () => {
    expect(saved.stdout).toContain(`standalone scripts: rnn-conformance replay ${saved.file} --emit-python repro.py --emit-js repro.mjs`);
  });

  it("the Python script prints torch's output and h_n; the JS script the engine's; both bit for bit", async () => {
    const py = join(dir, 'repro.py');
    const js = join(inRepo, 'repro.mjs');
    const r = cli(['replay', saved.file, '--emit-python', py, '--emit-js', js]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`wrote ${py}: torch's side of case `);
    expect(r.stdout).toContain(`wrote ${js}: the engine's side of case `);

    const c = readCaseFile(saved.file).case;
    const torch = await Sidecar.start();
    const [ref] = await torch.run([toRefCase(c)]).finally(() => torch.close());
    if (ref?.kind !== 'ok') throw new Error(`torch did not answer the case: ${JSON.stringify(ref)}`);
    const pyRun = spawnSync(PYTHON, [py], { encoding: 'utf8' });
    expect(pyRun.status, pyRun.stderr).toBe(0);
    expect(pyRun.stdout).toMatch(/^case \S+ against torch 2\.13\.0/);
    expect(pyRun.stdout).toContain('output = tensor(');
    const fromPy = printed(pyRun.stdout);
    expect(sameAs(fromPy.output, ref.output)).toBeNull();
    expect(sameAs(fromPy.h_n, ref.hN)).toBeNull();

    const engine = runEngine(c);
    if (engine.kind !== 'ok') throw new Error('the engine refused the case');
    const jsRun = spawnSync(process.execPath, [js], { encoding: 'utf8' });
    expect(jsRun.status, jsRun.stderr).toBe(0);
    expect(jsRun.stdout).toMatch(/^case \S+ on the rnn-conformance engine/);
    const fromJs = printed(jsRun.stdout);
    expect(sameAs(fromJs.output, engine.output)).toBeNull();
    expect(sameAs(fromJs.h_n, engine.hN)).toBeNull();
  });

  it('--break does not apply to the scripts (exit 2)', () => {
    const r = cli(['replay', saved.file, '--emit-js', join(inRepo, 'x.mjs'), '--break', 'bias']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--break and --engine apply to the replay, not to --emit-python/--emit-js');
  });
});
