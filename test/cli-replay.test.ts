// `rnn-conformance replay` through the built bin, after a `check --break` run as a user meets it: the
// saved case's printed hint works (`replay FILE --break KIND` fails as the run did; the real engine passes).
// Real torch: without it these fail, they never skip.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const bin = join(import.meta.dirname, '..', 'bin', 'rnn-conformance.js');
const SEED = Number(process.env.RNN_CONFORMANCE_TEST_SEED ?? 20261206);
const dir = mkdtempSync(join(tmpdir(), 'rnn-cli-replay-'));

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, CI: 'true' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The `saved:` line of a failure: the case file and the command the run printed for it. */
let saved: { file: string; hint: string[] };
beforeAll(() => {
  const r = cli(['check', '--no-config', '--break', 'bias', '--dtypes', 'float32', '--cases', '8', '--seed', String(SEED), '--workers', '1', '--no-shrink', '--report', dir]);
  expect(r.code, r.stdout + r.stderr).toBe(1);
  const m = /^ {2}saved: {2}(\S+) {2}\((rnn-conformance replay [^)]*)\)$/m.exec(r.stdout);
  if (!m) throw new Error(`no saved: line in\n${r.stdout}`);
  saved = { file: m[1] as string, hint: (m[2] as string).split(' ').slice(1) };
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
    expect(bad.stderr).toContain("--break must be one of bias, reverse, hn-layout, float64, got 'nope'");
  });
});
