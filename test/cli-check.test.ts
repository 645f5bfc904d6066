// `rnn-conformance check` through the built bin, for what a user meets at the command line: limits and
// usage errors (exit 2, never a crash), a --break self-test that does not trigger (exit 1), one cases/s
// figure. Runs real torch where a run happens: without it these fail, they never skip.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const bin = join(import.meta.dirname, '..', 'bin', 'rnn-conformance.js');
const SEED = Number(process.env.RNN_CONFORMANCE_TEST_SEED ?? 20261206);

function cli(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, CI: 'true', ...env }, maxBuffer: 64 << 20 });
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

describe('check: usage', () => {
  it('--cases above the documented limit exits 2 with a message, before any allocation or torch', () => {
    const r = cli(['check', '--no-config', '--cases', '100000000000', '--seed', '1']);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('--cases 100000000000 would run 100000000000 cases here, over the limit of 250000 a run');
    expect(r.stderr).toContain('--shard 1/400000');
  });

  it('a shard small enough to fit the limit is not refused by it; one that is not, is', () => {
    const over = cli(['check', '--no-config', '--cases', '600000', '--shard', '1/2', '--seed', '1']);
    expect(over.code).toBe(2);
    expect(over.stderr).toContain('would run 300000 cases here');
    // 500000 cases in 2 shards is 250000 here: accepted by the limit (--workers 0 then stops it before torch).
    const fits = cli(['check', '--no-config', '--cases', '500000', '--shard', '1/2', '--seed', '1', '--workers', '0']);
    expect(fits.code).toBe(2);
    expect(fits.stderr).not.toContain('over the limit');
    expect(fits.stderr).toContain('--workers must be an integer >= 1');
  });

  it('--case without --seed exits 2: a case index means nothing without its seed', () => {
    const r = cli(['check', '--no-config', '--case', '5']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--case 5 names cases of one seed's stream: give --seed S too");
  });
});

describe(`check: a run (seed ${SEED})`, () => {
  it('a --break self-test that finds no failure exits 1 with "self-test did not trigger"; the last progress line and the summary give one cases/s', () => {
    // float64 breaks only float64 cases: a float32-only run cannot trigger it.
    const r = cli(['check', '--no-config', '--break', 'float64', '--dtypes', 'float32', '--cases', '12', '--seed', String(SEED), '--workers', '1', '--no-shrink']);
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toContain('self-test did not trigger: the engine broken by --break float64 passed all 12 case(s)');
    const progress = r.stderr.trim().split('\n').filter((l) => / cases\/s$/.test(l)).at(-1) ?? '';
    expect(progress).toMatch(/^12\/12 cases, 0 failed, [\d.]+ cases\/s$/);
    const rate = / ([\d.]+) cases\/s$/.exec(progress)?.[1];
    const summary = r.stdout.split('\n').find((l) => l.startsWith('12 passed')) ?? '';
    expect(summary).toContain(`, ${rate} cases/s`);
  });
});
