// The CI gate in practice, against real torch: JUnit (Ant schema), sharding, the Markdown job summary,
// GitHub annotations, the config file (validation, precedence, quarantine), earlier failures re-run
// first. Needs torch: without it `check` exits 3 and these tests fail, they never skip.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { configJsonSchemaText, CONFIG_SCHEMA_FILE_NAME } from '../harness/check/config-file.js';
import { validateJUnit } from '../harness/report/junit-validate.js';
import { parseXml, type XmlElement } from '../harness/files/xml.js';
import { main } from '../harness/cli/main.js';

const SEED = Number(process.env.RNN_CONFORMANCE_TEST_SEED ?? 20261129);
const dir = mkdtempSync(join(tmpdir(), 'ci-gate-'));
const at = (name: string) => join(dir, name);
const repo = new URL('..', import.meta.url).pathname;

afterAll(() => {
  // Left in place on purpose when a test failed: the reports are the evidence. The OS cleans tmp.
  process.stdout.write(`ci-gate reports in ${dir}\n`);
});

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in this process, capturing what it writes (env overrides restored afterwards). */
async function run(args: string[], env: Record<string, string | undefined> = {}): Promise<Ran> {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  const out: string[] = [];
  const err: string[] = [];
  const w1 = process.stdout.write.bind(process.stdout);
  const w2 = process.stderr.write.bind(process.stderr);
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  process.stdout.write = ((s: string | Uint8Array) => out.push(String(s)) > 0) as typeof process.stdout.write;
  process.stderr.write = ((s: string | Uint8Array) => err.push(String(s)) > 0) as typeof process.stderr.write;
  try {
    // --no-config unless the test names a config file: a config in the repo must not change these runs.
    const code = await main(['check', '--workers', '2', ...(args.includes('--config-file') ? [] : ['--no-config']), ...args]);
    return { code, stdout: out.join(''), stderr: err.join('') };
  } finally {
    process.stdout.write = w1;
    process.stderr.write = w2;
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

/** With an explicit config file (the config file tests). */
const runWithConfig = (args: string[]): Promise<Ran> => run(['--config-file', ...args]);

/** The built bin, as CI runs it (`npm test` builds dist/ first); a non-zero exit is a result, not a throw. */
function bin(args: string[], cwd: string): Promise<Ran> {
  return promisify(execFile)('node', [join(repo, 'bin/rnn-conformance.js'), ...args], { cwd, env: { ...process.env, CI: 'true' } }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => e,
  );
}

function testcases(xmlPath: string): { suite: XmlElement; cases: Map<string, XmlElement> } {
  const xml = readFileSync(xmlPath, 'utf8');
  const problems = validateJUnit(xml);
  expect(problems, `${xmlPath} does not validate against the Ant JUnit schema`).toEqual([]);
  const suite = parseXml(xml);
  const cases = new Map<string, XmlElement>();
  for (const c of suite.children.filter((e) => e.name === 'testcase')) cases.set((c.attrs.name ?? '').split(' ')[0] ?? '', c);
  return { suite, cases };
}

const outcome = (c: XmlElement | undefined) => c?.children[0]?.name ?? 'passed';
const json = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown> & { failures: { id: string }[] };
const property = (suite: XmlElement, name: string) => suite.children.find((c) => c.name === 'properties')?.children.find((p) => p.attrs.name === name)?.attrs.value;

describe(`check in CI (seed ${SEED}; set RNN_CONFORMANCE_TEST_SEED to vary)`, () => {
  const CASES = 24;

  it('two shards hold exactly the unsharded run: same case ids, disjoint, same verdicts; JUnit validates; shard 2 through the built bin', async () => {
    const whole = await run(['--cases', String(CASES), '--seed', String(SEED), '--no-shrink', '--junit', at('all.xml'), '--json', at('all.json')]);
    expect([0, 1], whole.stderr + whole.stdout).toContain(whole.code);
    const one = await run(['--cases', String(CASES), '--seed', String(SEED), '--no-shrink', '--shard', '1/2', '--junit', at('s1.xml'), '--json', at('s1.json')]);
    expect([0, 1], one.stderr + one.stdout).toContain(one.code);
    // The bin: what CI runs (`npm test` builds dist/ first).
    const two = await bin(['check', '--no-config', '--workers', '2', '--cases', String(CASES), '--seed', String(SEED), '--no-shrink', '--shard', '2/2', '--junit', at('s2.xml')], repo);
    expect([0, 1], two.stderr + two.stdout).toContain(two.code);
    expect(two.stdout).toContain(`shard 2/2: ${CASES / 2} of ${CASES} cases`);

    const all = testcases(at('all.xml'));
    const s1 = testcases(at('s1.xml'));
    const s2 = testcases(at('s2.xml'));
    expect(all.cases.size).toBe(CASES);
    expect([...s1.cases.keys()].filter((id) => s2.cases.has(id))).toEqual([]);
    expect([...s1.cases.keys(), ...s2.cases.keys()].sort()).toEqual([...all.cases.keys()].sort());
    for (const [id, c] of [...s1.cases, ...s2.cases]) {
      expect(c.attrs.name, id).toBe(all.cases.get(id)?.attrs.name);
      expect(outcome(c), id).toBe(outcome(all.cases.get(id)));
    }
    expect(property(s1.suite, 'shard')).toBe('1/2');
    expect(property(all.suite, 'shard')).toBe('none');
    expect(json(at('s1.json')).shard).toEqual({ index: 1, count: 2 });
    expect(json(at('all.json')).shard).toBeNull();
  });

  it('bad --shard is a usage error (exit 2) naming the value', async () => {
    for (const bad of ['0/2', '3/2', 'x']) {
      const r = await run(['--shard', bad]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`--shard must be i/n with 1 <= i <= n (e.g. --shard 2/4), got '${bad}'`);
    }
  });

  it('a broken engine: JUnit failures with message and replay, Markdown counts, GitHub annotations', async () => {
    const r = await run(['--cases', String(CASES), '--seed', String(SEED), '--break', 'bias', '--no-shrink', '--junit', at('bias.xml'), '--summary', at('bias.md'), '--json', at('bias.json')], { GITHUB_ACTIONS: 'true' });
    expect(r.code, r.stderr).toBe(1);
    const j = json(at('bias.json'));
    const { suite, cases } = testcases(at('bias.xml'));
    expect(suite.attrs.failures).toBe(String(j.failed));
    expect(Number(j.failed)).toBeGreaterThan(0);
    const failure = [...cases.values()].find((c) => outcome(c) === 'failure')?.children[0];
    expect(failure?.attrs.message).toMatch(/\S/);
    expect(failure?.text).toMatch(/replay: rnn-conformance check --seed \d+ --break bias --no-config --case \d+/);

    // Annotations: one ::error per failure (at most 10), properties escaped (the case id's ':').
    const errors = r.stdout.split('\n').filter((l) => l.startsWith('::error title='));
    expect(errors.length).toBe(Math.min(10, Number(j.failed)) + (Number(j.failed) > 10 ? 1 : 0));
    for (const l of errors.slice(0, Math.min(10, Number(j.failed)))) {
      expect(l).toMatch(/^::error title=rnn-conformance -?\d+%3A\d+%3A [^:,\n]*::.*%0Areplay%3A|^::error title=rnn-conformance -?\d+%3A\d+%3A [^:,\n]*::.*%0Areplay: /);
      expect(l).not.toContain('\n');
    }

    // Markdown: the totals and the per-dtype rows agree with the JSON summary.
    const md = readFileSync(at('bias.md'), 'utf8');
    expect(md).toContain(`## rnn-conformance check: ❌ ${String(j.failed)} divergence(s)`);
    expect(md).toContain(`**${String(j.cases)} cases: ${String(j.passed)} passed, ${String(j.failed)} failed, 0 quarantined, 0 reference-unavailable**`);
    for (const [dtype, c] of Object.entries(j.by_dtype as Record<string, { cases: number; passed: number; failed: number }>)) {
      expect(md).toContain(`| ${dtype} | ${c.cases} | ${c.passed} | ${c.failed ? `**${c.failed}**` : 0} | 0 | 0 |`);
    }
    for (const f of ['bidirectional', 'layers>1', 'batch_first', 'unbatched', 'hx', 'train', 'refusal']) expect(md).toMatch(new RegExp(`\\| ${f} \\| \\d+ \\|`));
    const refusalRow = /\| refusal \| (\d+) \|/.exec(md);
    expect(Number(refusalRow?.[1])).toBeGreaterThanOrEqual(Number(j.refusals_matched));
    expect(md).toContain('### Worst cases');
    expect(md).toMatch(/- replay: `rnn-conformance check --seed \d+ --break bias --no-config --case \d+`/);
  });

  it('the checked-in JSON Schema is the one generated from the zod schema', () => {
    expect(readFileSync(join(repo, CONFIG_SCHEMA_FILE_NAME), 'utf8'), 'regenerate: npx tsc -p tsconfig.build.json && node dist/harness/check/write-config-schema.js').toBe(configJsonSchemaText());
  });

  it('config file errors name the file and the key (exit 2, before any torch is started)', async () => {
    const cases: [unknown, string][] = [
      [{ cases: 5, bogus: 1 }, 'Unrecognized key: "bogus"'],
      [{ tolerances: { float32: { rtl: 1 } } }, 'tolerances.float32: Unrecognized key: "rtl"'],
      [{ tolerances: { int8: {} } }, 'tolerances: Unrecognized key: "int8"'],
      [{ quarantine: [{ id: '1:2' }] }, 'quarantine.0.reason'],
      [{ quarantine: [{ id: '1:2', index: 2, reason: 'x' }] }, 'quarantine.0: give exactly one of "id" or "index"'],
      [{ dtypes: ['float8'] }, 'dtypes.0'],
      [{ cases: 0 }, 'cases'],
    ];
    for (const [k, [content, words]] of cases.entries()) {
      const path = at(`bad-${k}.json`);
      writeFileSync(path, JSON.stringify(content));
      const r = await runWithConfig([path]);
      expect(r.code, JSON.stringify(content)).toBe(2);
      expect(r.stderr).toContain(`bad input: ${path}: `);
      expect(r.stderr).toContain(words);
    }
    const missing = await runWithConfig([at('nope.json')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`${at('nope.json')}: cannot open: no such file`);
    writeFileSync(at('notjson.json'), '{"cases": 5,}');
    expect((await runWithConfig([at('notjson.json')])).stderr).toContain(`${at('notjson.json')}: not valid JSON`);
  });

  it('flags override the file; the file fills in the rest', async () => {
    writeFileSync(at('cfg.json'), JSON.stringify({ $schema: './rnn-conformance.config.schema.json', seed: SEED + 1, cases: 40, dtypes: ['float32', 'complex64'], tolerances: { float32: { atol: 1e-4 } } }));
    const r = await runWithConfig([at('cfg.json'), '--cases', '6', '--dtypes', 'float64', '--no-shrink', '--json', at('cfg-out.json')]);
    expect([0, 1], r.stderr).toContain(r.code);
    const j = json(at('cfg-out.json'));
    expect(j).toMatchObject({ seed: SEED + 1, cases: 6, dtypes: ['float64'], config_file: at('cfg.json') });
    expect(r.stdout).toContain(`rnn-conformance check: 6 cases, seed ${SEED + 1}, dtypes float64`);
    const r2 = await runWithConfig([at('cfg.json'), '--cases', '4', '--no-shrink', '--json', at('cfg-out2.json')]);
    expect(json(at('cfg-out2.json'))).toMatchObject({ seed: SEED + 1, cases: 4, dtypes: ['float32', 'complex64'] });
    expect(r2.stdout).toContain(`--dtypes float32,complex64 --config-file ${at('cfg.json')}`);
  });

  it('./rnn-conformance.config.json in the working directory is read (bin); its report dir is relative to it', async () => {
    const cwd = mkdtempSync(join(dir, 'cwd-'));
    writeFileSync(join(cwd, 'rnn-conformance.config.json'), JSON.stringify({ cases: 3, seed: SEED, dtypes: ['float32'], workers: 1, report: 'reports', typo: true }));
    const bad = await bin(['check'], cwd);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('bad input: rnn-conformance.config.json: Unrecognized key: "typo"');
    writeFileSync(join(cwd, 'rnn-conformance.config.json'), JSON.stringify({ cases: 3, seed: SEED, dtypes: ['float32'], workers: 1, report: 'reports' }));
    const good = await bin(['check', '--no-shrink', '--json', 'out.json'], cwd);
    expect([0, 1], good.stderr).toContain(good.code);
    expect(good.stdout).toContain(`rnn-conformance check: 3 cases, seed ${SEED}, dtypes float32, 1 worker(s)`);
    expect(good.stdout).toContain('config: rnn-conformance.config.json');
    expect(json(join(cwd, 'out.json'))).toMatchObject({ cases: 3, config_file: 'rnn-conformance.config.json' });
    expect(json(join(cwd, 'reports', 'failing.json'))).toMatchObject({ version: 1 });
  });

  it('quarantined failures are reported everywhere but do not fail the run', async () => {
    const failed = json(at('bias.json')).failures.map((f) => f.id);
    expect(failed.length).toBeGreaterThan(1);
    const [first, ...rest] = failed as [string, ...string[]];
    // One by index (any seed), the rest by id.
    const quarantine = [{ index: Number(first.split(':')[1]), reason: 'known: bias_hh dropped (issue 0)' }, ...rest.map((id) => ({ id, reason: `known: ${id}` }))];
    writeFileSync(at('q.json'), JSON.stringify({ quarantine }));
    const r = await run(['--config-file', at('q.json'), '--cases', String(CASES), '--seed', String(SEED), '--break', 'bias', '--no-shrink', '--junit', at('q.xml'), '--summary', at('q.md'), '--json', at('q-out.json')], { GITHUB_ACTIONS: 'true' });
    const stdout = r.stdout;
    expect(r.code, stdout).toBe(0);
    expect(stdout).toContain(`QUARANTINED case ${first}`);
    expect(stdout).toContain('reason: known: bias_hh dropped (issue 0)');
    expect(stdout).toContain(`, 0 failed, ${failed.length} quarantined (failed, reported, not failing the run)`);
    expect(stdout).not.toMatch(/^::error/m);
    expect(stdout.split('\n').filter((l) => l.startsWith('::warning title=rnn-conformance '))).toHaveLength(failed.length);
    const { suite, cases } = testcases(at('q.xml'));
    expect(suite.attrs).toMatchObject({ failures: '0', skipped: String(failed.length) });
    expect(cases.get(first)?.children[0]?.attrs.message).toBe('quarantined: known: bias_hh dropped (issue 0)');
    expect(cases.get(first)?.children[0]?.text).toContain('replay: ');
    const md = readFileSync(at('q.md'), 'utf8');
    expect(md).toContain(`✅ conforms (${failed.length} quarantined failure(s))`);
    expect(md).toContain(`### Quarantined (${failed.length}): reported, not counted`);
    const j = json(at('q-out.json'));
    expect(j).toMatchObject({ quarantined_failures: failed.length, failures: [], exit_code: 0 });
    // by_kind counts as everything else does: quarantined failures apart, none as failed
    const kinds = Object.values(j.by_kind as Record<string, { failed: number; quarantined: number }>);
    expect([kinds.reduce((n, k) => n + k.failed, 0), kinds.reduce((n, k) => n + k.quarantined, 0)]).toEqual([0, failed.length]);
  });

  it('failing cases are re-run first on the next run (their own seed), and dropped once they pass', async () => {
    const report = at('report');
    // Run A: a broken engine leaves failures in report/failing.json.
    const a = await run(['--cases', '12', '--seed', String(SEED + 7), '--dtypes', 'float32', '--break', 'bias', '--no-shrink', '--report', report]);
    expect(a.code).toBe(1);
    const listA = (json(join(report, 'failing.json')).cases as { id: string; seed: number; first_failed: string }[]);
    expect(listA.length).toBeGreaterThan(0);
    expect(listA.every((e) => e.seed === SEED + 7)).toBe(true);

    // Run B, another seed, still broken: the old failures run first and stay listed (first_failed kept).
    const b = await run(['--cases', '4', '--seed', String(SEED + 8), '--break', 'bias', '--no-shrink', '--report', report, '--junit', at('b.xml'), '--json', at('b.json')]);
    expect(b.stdout).toContain(`re-running first: ${listA.length} case(s) that failed in an earlier run`);
    const order = [...testcases(at('b.xml')).cases.keys()];
    expect(order.slice(0, listA.length).sort()).toEqual(listA.map((e) => e.id).sort());
    expect(order.slice(listA.length).every((id) => id.startsWith(`${SEED + 8}:`))).toBe(true);
    expect(order).toHaveLength(listA.length + 4);
    const listB = json(join(report, 'failing.json')).cases as { id: string; first_failed: string }[];
    for (const e of listA) expect(listB.find((x) => x.id === e.id)?.first_failed, e.id).toBe(e.first_failed);
    expect((json(at('b.json')).rerun as { id: string; status: string }[]).every((x) => x.status === 'failed')).toBe(true);

    // Run C, the real engine: re-run cases that pass now leave the list.
    const c = await run(['--cases', '2', '--seed', String(SEED + 9), '--no-shrink', '--report', report, '--json', at('c.json')]);
    expect([0, 1], c.stderr).toContain(c.code);
    const rerunC = json(at('c.json')).rerun as { id: string; status: string }[];
    expect(rerunC.map((x) => x.id).sort()).toEqual(listB.map((x) => x.id).sort());
    const listC = (json(join(report, 'failing.json')).cases as { id: string }[]).map((x) => x.id);
    for (const x of rerunC) expect(listC.includes(x.id), `${x.id} ${x.status}`).toBe(x.status === 'failed');
    expect(rerunC.some((x) => x.status === 'passed'), 'the real engine passes some of the bias-broken cases').toBe(true);
  });
});
