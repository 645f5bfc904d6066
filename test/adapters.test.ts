// The adapter contract end to end, against real torch, through the built CLI as a user runs it: the
// README's example adapter copied outside the project conforms; a one-line bug in it fails the gate
// with a replay command that fails again; an adapter that throws, loops forever, hangs a promise or
// returns a malformed tensor is blamed case by case, with no case lost; builtin-fast passes.
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const SEED = Number(process.env.RNN_CONFORMANCE_TEST_SEED ?? 20261206);
const repo = new URL('..', import.meta.url).pathname;
const cli = join(repo, 'bin', 'rnn-conformance.js');
const outside = mkdtempSync(join(tmpdir(), 'adapter-user-'));
process.stdout.write(`adapters: seed ${SEED} (RNN_CONFORMANCE_TEST_SEED), user folder ${outside}\n`);

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

async function check(args: string[], cwd = outside): Promise<Ran> {
  try {
    const r = await promisify(execFile)(process.execPath, [cli, 'check', '--no-config', '--workers', '2', ...args], { cwd, maxBuffer: 64 << 20 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const x = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof x.code === 'number' ? x.code : -1, stdout: x.stdout ?? '', stderr: x.stderr ?? '' };
  }
}

const json = (f: string) => JSON.parse(readFileSync(f, 'utf8')) as Record<string, unknown> & { cases: number; passed: number; failed: number; unsupported: number; failures: { message: string; replay: string }[] };

describe('a user adapter outside the project', () => {
  it("the README shows examples/plain-rnn.mjs as it is", () => {
    const readme = readFileSync(join(repo, 'README.md'), 'utf8');
    expect(readme).toContain(`\`\`\`js\n${readFileSync(join(repo, 'examples', 'plain-rnn.mjs'), 'utf8')}\`\`\``);
  });

  copyFileSync(join(repo, 'examples', 'plain-rnn.mjs'), join(outside, 'plain-rnn.mjs'));

  it('the README example conforms on what it claims; the rest is unsupported by feature', async () => {
    const r = await check(['--engine', './plain-rnn.mjs', '--cases', '300', '--seed', String(SEED), '--json', 'plain.json']);
    expect(r.stdout).toContain('engine: plain-js (--engine ./plain-rnn.mjs)');
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const s = json(join(outside, 'plain.json'));
    expect(s.engine).toBe('./plain-rnn.mjs');
    expect(s.engine_name).toBe('plain-js');
    expect(s.failed).toBe(0);
    expect(s.passed).toBeGreaterThan(20);
    expect(s.passed + s.unsupported).toBe(300);
    const by = s.unsupported_by_feature as Record<string, number>;
    // Every dtype it does not claim is counted, never failed.
    for (const d of ['float16', 'bfloat16', 'complex64', 'complex128']) expect(by[`dtype:${d}`]).toBeGreaterThan(0);
    expect(by['dtype:float32']).toBeUndefined();
  });

  it('a one-line bug fails the gate with a replay command that fails again', async () => {
    const src = readFileSync(join(outside, 'plain-rnn.mjs'), 'utf8');
    const buggy = src.replace('b = bias ? bh[j] : 0', 'b = 0'); // bias_hh forgotten
    expect(buggy).not.toBe(src);
    writeFileSync(join(outside, 'buggy.mjs'), buggy);
    const r = await check(['--engine', './buggy.mjs', '--cases', '40', '--seed', String(SEED), '--dtypes', 'float32,float64', '--json', 'buggy.json']);
    expect(r.code, r.stdout + r.stderr).toBe(1);
    const s = json(join(outside, 'buggy.json'));
    expect(s.failed).toBeGreaterThan(0);
    const replay = s.failures[0]?.replay ?? '';
    expect(replay).toMatch(new RegExp(`^rnn-conformance check --seed ${SEED} --engine ./buggy.mjs --dtypes float32,float64 --no-config --case \\d+ --path \\S+$`));
    const again = await check(replay.split(' ').slice(2));
    expect(again.code, again.stdout).toBe(1);
    expect(again.stdout).toMatch(/FAIL case .*\n(.*\n)*.*Mismatched elements/);
  });
});

describe('an adapter that misbehaves is reported as at fault, nothing lost', () => {
  it('throws, loops forever, returns a malformed tensor, never settles: each case blamed, every case counted', async () => {
    const adapter = join(repo, 'test', 'fixtures', 'adapters', 'misbehaving.mjs');
    const r = await check(['--engine', adapter, '--cases', '25', '--seed', String(SEED), '--dtypes', 'float32', '--timeout-ms', '1500', '--no-shrink', '--json', 'bad.json']);
    expect(r.code, r.stdout + r.stderr).toBe(1);
    const s = json(join(outside, 'bad.json'));
    expect(s.cases).toBe(25);
    expect(s.passed + s.failed + s.unsupported).toBe(25);
    const messages = s.failures.map((f) => f.message).join('\n');
    expect(messages).toContain("engine 'misbehaving' threw an error not in the form 'TypeName: message': \"segfault-ish: out of cheese\"");
    expect(messages).toContain("engine 'misbehaving' failed: no answer within 1500 ms (--timeout-ms): the worker was stopped and replaced");
    expect(messages).toMatch(/engine 'misbehaving' returned a malformed output: shape \[\d+(, \d+)*\] of float32 needs \d+ values, data has \d+/);
    expect(s.passed).toBeGreaterThan(0);
  });

  it('a module that is not an adapter is a usage error naming the fault', async () => {
    writeFileSync(join(outside, 'not-adapter.mjs'), 'export default { name: "x", capabilities: { dtypes: ["float32"], features: ["wings"] }, forward() {} };\n');
    const r = await check(['--engine', './not-adapter.mjs', '--cases', '1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--engine ./not-adapter.mjs: default export\'s "capabilities" at capabilities.features.0');
    const missing = await check(['--engine', './nowhere.mjs', '--cases', '1']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("--engine: './nowhere.mjs' is neither an engine (builtin|builtin-fast|onnxruntime|tfjs|PATH) nor an existing adapter file");
  });
});

describe('check --engine builtin-fast', () => {
  it('judges the fast path over the whole stream, every dtype', async () => {
    const r = await check(['--engine', 'builtin-fast', '--cases', '300', '--seed', String(SEED), '--json', 'fast.json']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const s = json(join(outside, 'fast.json'));
    expect(s.engine).toBe('builtin-fast');
    expect(s.passed).toBe(300);
    expect(s.unsupported).toBe(0);
  });
});

describe('the bundled adapters: ONNX Runtime and TF.js', () => {
  // Their divergences from torch are findings (README's matrix); their plumbing must not be one:
  // every case reaches a verdict from the comparator, none is the adapter failing to run.
  for (const name of ['onnxruntime', 'tfjs']) {
    it(`check --engine ${name} reaches a verdict on every case it claims, through the comparator`, async () => {
      const r = await check(['--engine', name, '--cases', '80', '--seed', String(SEED), '--no-shrink', '--json', `${name}.json`]);
      expect([0, 1], r.stdout + r.stderr).toContain(r.code);
      const s = json(join(outside, `${name}.json`));
      expect(s.engine).toBe(name);
      expect(s.passed).toBeGreaterThan(5);
      expect(s.passed + s.failed + s.unsupported).toBe(80);
      for (const f of s.failures) expect(f.message).not.toMatch(/^engine '/);
      expect((s.unsupported_by_feature as Record<string, number>)['dtype:float64']).toBeGreaterThan(0);
    });
  }
});

describe('rnn-conformance matrix', () => {
  it('engine × (dtype, feature): the builtin conforms everywhere, the example where it claims, a bug diverges with a replay', async () => {
    const src = readFileSync(join(outside, 'plain-rnn.mjs'), 'utf8');
    writeFileSync(join(outside, 'relu-bug.mjs'), src.replace("(v) => Math.max(v, 0)", '(v) => Math.max(v, -1)'));
    let code = 0;
    let stdout = '';
    try {
      stdout = (await promisify(execFile)(process.execPath, [cli, 'matrix', '--engines', 'builtin,./plain-rnn.mjs,./relu-bug.mjs', '--cases', '120', '--seed', String(SEED), '--workers', '2', '--shrink', '1', '--out', 'm'], { cwd: outside })).stdout;
    } catch (e) {
      code = (e as { code: number }).code;
    }
    expect(code, stdout).toBe(0);
    const m = JSON.parse(readFileSync(join(outside, 'm', 'conformance-matrix.json'), 'utf8')) as { columns: { engine: string; cells: Record<string, Record<string, { status: string; replay?: string }>> }[] };
    const [builtin, plain, bug] = m.columns;
    for (const row of Object.values(builtin?.cells ?? {})) for (const cell of Object.values(row)) expect(['conforms', 'no cases']).toContain(cell.status);
    expect(plain?.cells.float16?.all?.status).toBe('unsupported');
    expect(plain?.cells.float32?.train_dropout?.status).toBe('unsupported');
    expect(plain?.cells.float32?.all?.status).toBe('conforms');
    const relu = [bug?.cells.float32?.relu, bug?.cells.float64?.relu].find((c) => c?.status === 'diverges');
    expect(relu?.status).toBe('diverges');
    expect(relu?.replay).toMatch(/^rnn-conformance check --seed \d+ --engine .\/relu-bug.mjs --no-config --case \d+/);
    expect(readFileSync(join(outside, 'm', 'conformance-matrix.md'), 'utf8')).toContain('## ./relu-bug.mjs: plain-js');
  });
});
