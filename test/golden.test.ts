// The golden fixtures (golden/, issue 4): the engine passes them with no Python at all, a tampered
// fixture is caught and named, regen on this torch reproduces the checked-in files byte for byte, and
// today's torch still gives the stored answers. regen and verify need torch: without it they FAIL.
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { decodeCaseFile, encodeCaseFile } from '../harness/check/case-file.js';
import { main } from '../harness/cli/main.js';
import { CATALOG } from '../harness/golden/catalog.js';
import { sha256 } from '../harness/golden/fixtures.js';
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
const manifestOf = (dir: string) => JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { torch: { version: string }; fixtures: Record<string, { sha256: string }> };
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
describe(`golden regen / verify with torch (${PYTHON})`, () => {
  it('regen into an empty folder writes the checked-in files byte for byte', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'golden-regen-'));
    temps.push(dir);
    const r = await run(['golden', 'regen', '--dir', dir, '--python', PYTHON]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`${CATALOG.length} added, 0 removed, 0 changed, 0 unchanged`);
    const want = readdirSync(GOLDEN).filter((f) => f.endsWith('.safetensors') || f === 'manifest.json').sort();
    expect(readdirSync(dir).sort()).toEqual(want);
    const differ = want.filter((f) => sha256(bytesOf(join(dir, f))) !== sha256(bytesOf(join(GOLDEN, f))));
    expect(differ).toEqual([]);
  });

  it('regen over a tampered copy restores it and reports what changed and by how much', async () => {
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
    expect(r.stdout).toMatch(/changed \(1\):\n\s+arg-hx\n\s+output: max abs 0\.00100, \d+ ULP at index \[0, 0, 0\] \(BEYOND float32 tolerance/);
    expect(readdirSync(dir).filter((n) => n.startsWith('.'))).toEqual([]); // no temp folder left behind
    expect(sha256(bytesOf(path))).toBe(sha256(bytesOf(join(GOLDEN, `${name}.safetensors`))));
  });

  it('verify passes with torch 2.13 on the checked-in fixtures', async () => {
    const r = await run(['golden', 'verify', '--python', PYTHON]);
    expect(manifestOf(GOLDEN).torch.version).toMatch(/^2\.13\./);
    expect(r.stdout, r.stdout).toContain(`${CATALOG.length} identical, 0 moved within tolerance, 0 drifted`);
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
