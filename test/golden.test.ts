// The golden fixtures (golden/, issue 4): the engine passes them with no Python at all, a tampered
// fixture is caught and named, regen reproduces the checked-in files of this torch's reference byte for
// byte and keeps other references' untouched, and today's torch still gives the stored answers (by
// check's rules where another CPU computed them). regen and verify need torch: without it they FAIL.
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { decodeCaseFile, encodeCaseFile } from '../harness/case/index.js';
import { main } from '../harness/cli/main.js';
import { CATALOG } from '../harness/golden/catalog.js';
import { fixtureFile, readManifest, sha256, type TorchInfo } from '../harness/golden/fixtures.js';
import { torchInfoChanges } from '../harness/golden/regen.js';
import { defaultPython, repoRoot } from '../harness/sidecar/paths.js';

const ROOT = repoRoot();
const GOLDEN = join(ROOT, 'golden');
const PYTHON = defaultPython(); // resolved before any test points RNN_CONFORMANCE_PYTHON nowhere
const temps: string[] = [];

function tempCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'golden-test-'));
  temps.push(dir);
  cpSync(GOLDEN, dir, { recursive: true });
  return dir;
}

/** main(argv) in process, with stdout and stderr captured. */
async function run(argv: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((stdout += String(s)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((stderr += String(s)), true));
  try {
    const code = await main(argv);
    return { code, stdout, stderr };
  } finally {
    o.mockRestore();
    e.mockRestore();
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

const NO_PYTHON = { RNN_CONFORMANCE_PYTHON: '/nonexistent/python' };
const manifestOf = (dir: string) => JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { fixtures: Record<string, { sha256: string }> };
const bytesOf = (path: string) => new Uint8Array(readFileSync(path)); // a plain Uint8Array, not a pooled Buffer view

/** Byte range of one tensor's data inside a safetensors file. */
function tensorRange(bytes: Uint8Array, name: string): [number, number] {
  const n = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n))) as Record<string, { data_offsets: [number, number] }>;
  const entry = header[name];
  if (!entry) throw new Error(`no tensor ${name}`);
  return [8 + n + entry.data_offsets[0], 8 + n + entry.data_offsets[1]];
}

afterEach(() => vi.restoreAllMocks());
afterAll(() => {
  for (const d of temps) rmSync(d, { recursive: true, force: true });
});

// ---- the catalog ---------------------------------------------------------------------------------------
describe('golden catalog', () => {
  it('has at least 150 uniquely named entries, and the folder holds exactly them', () => {
    const names = CATALOG.map((e) => e.name);
    expect(names.length).toBeGreaterThanOrEqual(150);
    expect(new Set(names).size).toBe(names.length);
    expect(Object.keys(manifestOf(GOLDEN).fixtures).sort()).toEqual([...names].sort());
    const files = readdirSync(GOLDEN).filter((f) => f.endsWith('.safetensors')).map((f) => f.replace(/\.safetensors$/, ''));
    expect(files.sort()).toEqual([...names].sort());
  });

  it('holds packed and gradient fixtures in every dtype: lengths in the case, torch\'s gradients (input, hx, every parameter) in the answer', () => {
    const files = CATALOG.filter((e) => /^(packed|grad)-/.test(e.name)).map((e) => ({ name: e.name, f: decodeCaseFile(bytesOf(join(GOLDEN, fixtureFile(e.name)))) }));
    const dtypeOf = (c: { config: Record<string, unknown> }) => String(c.config.dtype ?? 'float32');
    for (const d of ['float16', 'bfloat16', 'float32', 'float64', 'complex64', 'complex128']) {
      expect(files.some(({ name, f }) => name.startsWith('packed-') && dtypeOf(f.case) === d && f.reference?.kind === 'ok'), `packed ${d}`).toBe(true);
      expect(files.some(({ name, f }) => name.startsWith('grad-') && dtypeOf(f.case) === d && f.reference?.kind === 'ok'), `grad ${d}`).toBe(true);
    }
    for (const { name, f } of files) {
      if (name.startsWith('packed-')) expect(f.case.lengths, name).toBeDefined();
      if (!name.startsWith('grad-')) continue;
      expect(f.case.gradOutput, name).toBeDefined();
      if (f.reference?.kind !== 'ok') continue;
      const params = Object.keys(f.case.stateDict ?? f.reference.stateDict ?? {}); // a seeded case: the init torch made
      expect(Object.keys(f.reference.grads ?? {}), name).toEqual(['input', ...(f.case.hx ? ['hx'] : []), ...params]);
    }
    expect(files.filter(({ f }) => f.reference?.kind === 'refused').map(({ name, f }) => `${name}: ${f.reference?.kind === 'refused' ? f.reference.stage : ''}`).sort()).toEqual([
      'grad-refused-complex-real: backward', 'grad-refused-grad-shape: backward', 'grad-refused-h-n-complex-one-element-equal: backward',
      'grad-refused-h-n-shape-ambiguous: backward', 'grad-refused-h-n-shape-broadcast-wider: backward', 'grad-refused-h-n-shape-broadcast: backward',
      'grad-refused-h-n-shape-empty: backward', 'grad-refused-h-n-shape-fewer-dims: backward', 'grad-refused-h-n-shape-more-dims: backward',
      'grad-refused-h-n-shape-one-element-complex: backward', 'grad-refused-h-n-shape-one-element-equal: backward', 'grad-refused-h-n-shape-one-element-unequal: backward',
      'packed-config-bidirectional-string: forward', 'packed-config-num-layers-true: forward', 'packed-grad-complex64-refused: pack',
      'packed-refused-count-long: pack', 'packed-refused-count-short: pack', 'packed-refused-negative: pack', 'packed-refused-too-long-sorted: forward',
      'packed-refused-too-long: forward', 'packed-refused-unsorted-enforced: pack', 'packed-refused-zero: pack',
    ]);
  });

  it('builds every case to identical bytes twice (deterministic fixtures)', () => {
    for (const e of CATALOG) {
      const a = encodeCaseFile({ case: e.build(), note: e.about });
      const b = encodeCaseFile({ case: e.build(), note: e.about });
      expect(sha256(a), e.name).toBe(sha256(b));
    }
  });
});

// ---- golden check: no Python ---------------------------------------------------------------------------
describe('golden check (no Python: RNN_CONFORMANCE_PYTHON points nowhere)', () => {
  it('passes on the checked-in fixtures', async () => {
    const r = await run(['golden', 'check'], NO_PYTHON);
    const n = CATALOG.length;
    expect(r.stdout, r.stdout).toContain(`${n} passed, 0 failed`);
    // Both paths: the fast one by the same fixtures and rules (issue 18).
    expect(r.stdout, r.stdout).toContain(`precision 'fast' (--engine builtin-fast): ${n} passed, 0 failed`);
    expect(r.code).toBe(0);
  });

  it('names a fixture whose tensor bytes were flipped (hash mismatch)', async () => {
    const dir = tempCopy();
    const name = 'arg-bias-false';
    const path = join(dir, `${name}.safetensors`);
    const bytes = bytesOf(path);
    const [start] = tensorRange(bytes, 'torch.output');
    bytes[start + 3] = (bytes[start + 3] as number) ^ 0x40; // the sign/exponent byte of the first float32
    writeFileSync(path, bytes);
    const r = await run(['golden', 'check', '--dir', dir], NO_PYTHON);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(new RegExp(`FAIL ${name} \\(fixture integrity\\)\\n\\s+sha256 [0-9a-f]{64} does not match the manifest`));
    expect(r.stdout).toMatch(/\d+ passed, [1-9]\d* failed/);
  });

  it('catches an edited number even when the manifest hash was updated to match (the engine disagrees)', async () => {
    const dir = tempCopy();
    const name = 'combo-tanh-bias-sf-uni-l1';
    const path = join(dir, `${name}.safetensors`);
    const f = decodeCaseFile(bytesOf(path));
    const out = f.reference?.output;
    if (!out) throw new Error(`${name} has no torch.output`);
    out.data[0] = (out.data[0] as number) + 0.25;
    // The fixture also stores torch's exact-as-possible answer; a coherent edit moves it too (an edited
    // torch answer alone would read as torch far from the exact answer, which the oracle rule excuses).
    const exact = f.reference?.oracle?.output;
    if (exact) exact.data[0] = (exact.data[0] as number) + 0.25;
    const bytes = encodeCaseFile(f);
    writeFileSync(path, bytes);
    const m = manifestOf(dir);
    (m.fixtures[name] as { sha256: string }).sha256 = sha256(bytes);
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(m, null, 2));
    const r = await run(['golden', 'check', '--dir', dir], NO_PYTHON);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`FAIL ${name}\n`);
    expect(r.stdout).toContain('Tensor-likes are not close!');
  });

  it('names missing and unlisted fixtures', async () => {
    const dir = tempCopy();
    unlinkSync(join(dir, 'edge-batch-0.safetensors'));
    writeFileSync(join(dir, 'zz-stray.safetensors'), readFileSync(join(dir, 'arg-hx.safetensors')));
    const r = await run(['golden', 'check', '--dir', dir], NO_PYTHON);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/FAIL edge-batch-0 \(fixture integrity\)\n\s+listed in the manifest but unreadable: .*no such file/);
    expect(r.stdout).toMatch(/FAIL zz-stray \(fixture integrity\)\n\s+zz-stray.safetensors is not in the manifest/);
  });

  it('refuses a folder without a manifest as bad input (exit 2)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'golden-empty-'));
    temps.push(dir);
    const r = await run(['golden', 'check', '--dir', dir], NO_PYTHON);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/manifest\.json: cannot open: no such file/);
  });
});

// ---- regen and verify: real torch --------------------------------------------------------------------
// Every fixture records the reference (torch build and CPU) that computed it. Where it is this torch's,
// regen must reproduce it byte for byte and verify find it identical; where another CPU computed it
// (the float answers differ in the last bits: MKL's summation paths), regen keeps it untouched, a regen
// from scratch asks the same questions and answers them deterministically, and verify judges the
// stored answers by check's rules. Which fixtures fall on which side is printed. Two regens from
// scratch (into an empty folder, and --all over a copy) must write the same bytes on any machine.

/** The checked-in fixtures' reference ids, and this torch's, as a regen into an empty folder records it
 * (that regen runs once and is shared by the tests below). */
let freshRun: Promise<{ dir: string; stdout: string; hereId: string; here: TorchInfo }> | undefined;
function regenFromScratch(): Promise<{ dir: string; stdout: string; hereId: string; here: TorchInfo }> {
  freshRun ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), 'golden-regen-'));
    temps.push(dir);
    const r = await run(['golden', 'regen', '--dir', dir, '--python', PYTHON]);
    if (r.code !== 0) throw new Error(`golden regen exited ${r.code}:\n${r.stderr}`);
    const m = readManifest(dir);
    const ids = Object.keys(m.references);
    if (ids.length !== 1) throw new Error(`a regen from scratch recorded ${ids.length} references: ${ids.join(', ')}`);
    return { dir, stdout: r.stdout, hereId: ids[0] as string, here: m.references[ids[0] as string] as TorchInfo };
  })();
  return freshRun;
}
const checkedIn = () => readManifest(GOLDEN);
/** Fixture names whose checked-in answer this torch's reference computed, and the others. */
function sides(hereId: string): { mine: string[]; others: string[] } {
  const m = checkedIn();
  const names = Object.keys(m.fixtures).sort();
  return { mine: names.filter((n) => m.fixtures[n]?.reference === hereId), others: names.filter((n) => m.fixtures[n]?.reference !== hereId) };
}
const goldenFiles = () => readdirSync(GOLDEN).filter((f) => f.endsWith('.safetensors') || f === 'manifest.json').sort();
const sameFile = (a: string, b: string) => sha256(bytesOf(a)) === sha256(bytesOf(b));
const caseOnly = (path: string) => sha256(encodeCaseFile({ case: decodeCaseFile(bytesOf(path)).case }));

// Each test runs a whole regen through torch (498+ fixtures): minutes, not seconds, on a loaded 2-core
// machine (a fresh clone at load 20 passed 120 s). Correctness tests, not timed ones: speed is bench/'s.
describe(`golden regen / verify with torch (${PYTHON})`, { timeout: 900_000 }, () => {
  it("regen into an empty folder computes every fixture with this torch and records it so: byte for byte the checked-in file where this torch's reference computed it, the same case where another did", async () => {
    const { dir, stdout, hereId } = await regenFromScratch();
    expect(stdout).toContain(`${CATALOG.length} added, 0 removed, 0 changed, 0 unchanged`);
    expect(readdirSync(dir).sort()).toEqual(goldenFiles());
    const m = readManifest(dir);
    expect(Object.values(m.fixtures).every((f) => f.reference === hereId)).toBe(true);
    const { mine, others } = sides(hereId);
    console.log(`golden regen: this torch is ${hereId}; ${mine.length} checked-in fixtures are its own (byte for byte), ${others.length} another reference's (same cases)`);
    expect(mine.filter((n) => !sameFile(join(dir, fixtureFile(n)), join(GOLDEN, fixtureFile(n))))).toEqual([]);
    expect(others.filter((n) => caseOnly(join(dir, fixtureFile(n))) !== caseOnly(join(GOLDEN, fixtureFile(n))))).toEqual([]);
    if (others.length === 0) expect(sameFile(join(dir, 'manifest.json'), join(GOLDEN, 'manifest.json'))).toBe(true);
  });

  it("regen over the checked-in fixtures changes no byte: this reference's are computed again, other references' kept", async () => {
    const { hereId } = await regenFromScratch();
    const { others } = sides(hereId);
    const dir = tempCopy();
    const r = await run(['golden', 'regen', '--dir', dir, '--python', PYTHON]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`0 added, 0 removed, 0 changed, ${CATALOG.length} unchanged${others.length ? ` (${others.length} fixtures kept from other references)` : ''}`);
    expect(goldenFiles().filter((f) => !sameFile(join(dir, f), join(GOLDEN, f)))).toEqual([]);
  });

  it("regen over a tampered copy computes that fixture again with this torch, records it as this torch's, reports the change, and leaves every other byte", async () => {
    const { dir: scratch, hereId } = await regenFromScratch();
    const dir = tempCopy();
    const name = 'arg-hx';
    const path = join(dir, `${name}.safetensors`);
    const f = decodeCaseFile(bytesOf(path));
    const out = f.reference?.output;
    if (!out) throw new Error(`${name} has no torch.output`);
    out.data[0] = Math.fround((out.data[0] as number) + 1e-3);
    writeFileSync(path, encodeCaseFile(f));
    writeFileSync(join(dir, 'zz-removed.safetensors'), readFileSync(path));
    const r = await run(['golden', 'regen', '--dir', dir, '--python', PYTHON]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/removed \(1\):\n\s+zz-removed/);
    expect(r.stdout).toMatch(/changed \(1\):\n\s+arg-hx\n(\s+reference: .* -> .*\n)?\s+output: max abs 0\.00100, \d+ ULP at index \[0, 0, 0\] \(BEYOND float32 tolerance/);
    expect(readdirSync(dir).filter((n) => n.startsWith('.'))).toEqual([]); // no temp folder left behind
    // This torch's answer: the checked-in file when this reference computed it, else what a regen from scratch wrote.
    const was = checkedIn().fixtures[name]?.reference;
    if (was !== hereId) expect(r.stdout).toMatch(/computed with this torch instead \(1\):\n\s+arg-hx: its file is not the one the manifest vouches for/);
    expect(sameFile(path, join(was === hereId ? GOLDEN : scratch, fixtureFile(name)))).toBe(true);
    expect(readManifest(dir).fixtures[name]?.reference).toBe(hereId);
    expect(goldenFiles().filter((x) => x !== fixtureFile(name) && x !== 'manifest.json' && !sameFile(join(dir, x), join(GOLDEN, x)))).toEqual([]);
  });

  it('regen --all over the checked-in copy re-bases every fixture on this torch: byte for byte what a regen from scratch wrote (regen is deterministic)', async () => {
    const { dir: scratch } = await regenFromScratch();
    const dir = tempCopy();
    const r = await run(['golden', 'regen', '--all', '--dir', dir, '--python', PYTHON]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toContain('kept');
    expect(goldenFiles().filter((f) => !sameFile(join(dir, f), join(scratch, f)))).toEqual([]);
  });

  it("verify: this reference's fixtures identical, other references' pass check's rules (comparator, then the stored oracle), the reference difference named", async () => {
    const { here, hereId } = await regenFromScratch();
    const r = await run(['golden', 'verify', '--python', PYTHON]);
    const m = checkedIn();
    expect(Object.values(m.references).every((t) => t.version.startsWith('2.13.'))).toBe(true);
    const { mine } = sides(hereId);
    const counts = (n: number, k = n) => `${n} fixtures, must be identical: ${k} identical, 0 moved within tolerance, 0 amplified rounding (the oracle's rule), 0 drifted`;
    if (mine.length) expect(r.stdout).toContain(`this reference ${hereId}: ${counts(mine.length)}`);
    for (const [id, t] of Object.entries(m.references)) {
      if (id === hereId) continue;
      const n = Object.values(m.fixtures).filter((f) => f.reference === id).length;
      const changes = torchInfoChanges(t, here);
      expect(changes.length, id).toBeGreaterThan(0);
      expect(r.stdout).toMatch(new RegExp(`another reference ${id.replace(/[.+]/g, '\\$&')}: ${n} fixtures, judged by check's rules \\(comparator, then the oracle\\): \\d+ identical, \\d+ moved within tolerance, \\d+ amplified rounding \\(the oracle's rule\\), 0 drifted\\n  it differs from this torch in:\\n${changes.map((c) => `    ${c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`).join('\\n')}`));
    }
    const total = /^(\d+) identical, (\d+) moved within tolerance, (\d+) amplified rounding \(the oracle's rule\), 0 drifted$/m.exec(r.stdout);
    expect(total, r.stdout).not.toBeNull();
    console.log(`golden verify: ${total?.[0]}`);
    expect(Number(total?.[1]) + Number(total?.[2]) + Number(total?.[3])).toBe(CATALOG.length);
    expect(r.code).toBe(0);
  });

  it('verify exits 3 when torch cannot be had', async () => {
    const r = await run(['golden', 'verify', '--python', '/nonexistent/python']);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('Python not found at /nonexistent/python');
  });
});

// ---- end to end through the built CLI ----------------------------------------------------------------
describe('bin/rnn-conformance golden check (built CLI, no Python)', () => {
  beforeAll(async () => {
    // tsc emits even when some other file has a type error; that error is the typecheck's to report.
    await promisify(execFile)(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(ROOT, 'tsconfig.build.json')], { cwd: ROOT }).catch((err: { stdout?: string }) => {
      console.warn(`tsc -p tsconfig.build.json reported errors:\n${err.stdout ?? String(err)}`);
    });
  });

  it('exits 0 and prints the summary line', async () => {
    const res = await new Promise<{ code: number; stdout: string }>((resolve) => {
      execFile(process.execPath, [join(ROOT, 'bin', 'rnn-conformance.js'), 'golden', 'check'], { cwd: tmpdir(), env: { ...process.env, ...NO_PYTHON } }, (err, stdout) => {
        resolve({ code: err ? Number(err.code ?? 1) : 0, stdout });
      });
    });
    expect(res.stdout.trim().split('\n').at(-1)).toBe(`${CATALOG.length} passed, 0 failed`);
    expect(res.code).toBe(0);
  });
});
