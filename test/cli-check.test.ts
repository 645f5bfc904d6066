// `rnn-conformance check` through the built bin, for what a user meets at the command line: limits and
// usage errors (exit 2, never a crash), a --break self-test that does not trigger (exit 1), one cases/s
// figure. Runs real torch where a run happens: without it these fail, they never skip.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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

describe(`check: quarantine (seed ${SEED})`, () => {
  it('terminal, Markdown, JSON and JUnit give the same counts; a stale entry (its case passes now) is named in each; JUnit times each case', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rnn-cli-check-'));
    const at = (n: string) => join(dir, n);
    const base = ['check', '--break', 'bias', '--dtypes', 'float32', '--cases', '16', '--seed', String(SEED), '--workers', '1', '--no-shrink'];
    const first = cli([...base, '--no-config', '--json', at('first.json')]);
    expect(first.code, first.stderr).toBe(1);
    const j1 = JSON.parse(readFileSync(at('first.json'), 'utf8')) as { failures: { id: string }[] };
    const failing = j1.failures.map((f) => f.id);
    expect(failing.length, first.stdout).toBeGreaterThan(0);
    // A passing case of the run, quarantined as if it had failed once: a stale entry.
    const passing = Array.from({ length: 16 }, (_, i) => `${SEED}:${i}`).find((id) => !failing.includes(id)) as string;
    writeFileSync(at('q.json'), JSON.stringify({ quarantine: [...failing.map((id) => ({ id, reason: 'known: bias_hh dropped' })), { id: passing, reason: 'was flaky once' }] }));
    const r = cli([...base, '--config-file', at('q.json'), '--json', at('q-out.json'), '--summary', at('q.md'), '--junit', at('q.xml')], { GITHUB_ACTIONS: 'true' });
    expect(r.code, r.stdout + r.stderr).toBe(0);

    const q = failing.length;
    const p = 16 - q;
    const stale = `quarantine entry id ${passing} (was flaky once) is stale: its case(s) ${passing} pass now; remove it from the config`;
    expect(r.stdout).toContain(`${p} passed, 0 failed, ${q} quarantined (failed, reported, not failing the run)`);
    expect(r.stdout).toContain(`  float32        16 cases  ${String(p).padStart(6)} passed     0 failed  ${q} quarantined`);
    expect(r.stdout).toContain(`\n${stale}\n`);
    expect(r.stdout).toContain(`::notice title=rnn-conformance%3A stale quarantine entry id ${passing.replace(':', '%3A')}::${stale}`);

    const md = readFileSync(at('q.md'), 'utf8');
    expect(md).toContain(`**16 cases: ${p} passed, 0 failed, ${q} quarantined, 0 reference-unavailable**`);
    expect(md).toContain(`| float32 | 16 | ${p} | 0 | ${q} | 0 |`);
    expect(md).toContain(`- ${stale}`);

    const j = JSON.parse(readFileSync(at('q-out.json'), 'utf8')) as Record<string, unknown>;
    expect(j).toMatchObject({ cases: 16, passed: p, failed: 0, quarantined_failures: q, reference_unavailable: 0, by_dtype: { float32: { cases: 16, passed: p, failed: 0, quarantined: q, unavailable: 0 } } });
    expect(j.stale_quarantine).toEqual([{ entry: `id ${passing}`, reason: 'was flaky once', cases: [passing] }]);

    const xml = readFileSync(at('q.xml'), 'utf8');
    expect(xml).toMatch(new RegExp(`<testsuite [^>]*tests="16" failures="0" errors="0" skipped="${q}"`));
    expect(xml).toContain(`<property name="quarantined_failures" value="${q}"/>`);
    expect(xml).toContain(`<property name="stale quarantine id ${passing}" value="${stale}"/>`);
    // Each case's own time (engine + torch), not the 0 every case once had.
    const times = [...xml.matchAll(/<testcase [^>]*time="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(times).toHaveLength(16);
    expect(times.every((t) => t > 0), times.join(' ')).toBe(true);
  });
});
