// The npm package as a user gets it: `npm pack` in a copy of this checkout (prepack builds dist/ there,
// so the checkout's own dist/ is never touched while other suites use it), the tarball installed into a
// fresh app with `npm ci --offline` (dependencies from npm's cache by this repository's lockfile, no
// network), then imported from JavaScript and from TypeScript (the app's tsc, strict, skipLibCheck off,
// against the emitted .d.ts), a forward on torch's files judged against torch's answer, and the
// installed bin run. The install runs
// with no RNN_CONFORMANCE_PYTHON and PYTHON pointing nowhere: a postinstall that tried to build a venv
// would fail the install.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeInputFile, encodeOutputFile, encodeStateDict } from '../engine/state-dict-file.js';
import { decodeCaseFile } from '../harness/case/index.js';
import { defaultPython, repoRoot } from '../harness/sidecar/paths.js';
import { consumerApp } from './consumer-lockfile.js';

const ROOT = repoRoot();
const CONSUMER = join(ROOT, 'test', 'package-consumer');
const FIXTURE = 'arg-hx'; // float32, eval, hx given: torch's answer stored in golden/
const work = mkdtempSync(join(tmpdir(), 'rnn-conformance-pack-'));
const app = join(work, 'app');
const installed = join(app, 'node_modules', 'rnn-conformance');

/** The environment of a user's shell: none of the npm_* variables of the `npm test` running us. */
function userEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k) && k !== 'INIT_CWD' && k !== 'RNN_CONFORMANCE_PYTHON' && k !== 'NODE_OPTIONS'));
  return { ...env, PYTHON: join(work, 'no-python-here'), ...extra };
}

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = userEnv()): SpawnSyncReturns<string> & { ms: number } {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 << 20 });
  return Object.assign(r, { ms: performance.now() - t0 });
}

function ok(r: SpawnSyncReturns<string>, what: string): string {
  if (r.error) throw new Error(`${what}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${what} exited with ${r.status}\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`);
  return r.stdout;
}

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
let packed: { size: number; unpackedSize: number; files: { path: string }[] };
let installLog = '';

beforeAll(() => {
  // A copy of the checkout without its build, venv and git: what a clone holds, with its node_modules.
  const src = join(work, 'src');
  const skip = new Set(['node_modules', '.git', '.venv', 'dist', 'reports']);
  cpSync(ROOT, src, { recursive: true, filter: (p) => !(p.startsWith(ROOT) && skip.has(p.slice(ROOT.length + 1).split('/')[0] as string)) });
  symlinkSync(join(ROOT, 'node_modules'), join(src, 'node_modules'), 'dir');

  const pack = run(npm, ['pack', '--json', '--pack-destination', work], src);
  const out = ok(pack, 'npm pack');
  const [info] = JSON.parse(out.slice(out.indexOf('[\n'))) as [{ filename: string; size: number; unpackedSize: number; files: { path: string }[] }];
  packed = info;
  process.stdout.write(`npm pack: ${info.filename}, ${(info.size / 1024).toFixed(0)} kB (${(info.unpackedSize / 1024).toFixed(0)} kB unpacked, ${info.files.length} files) in ${(pack.ms / 1000).toFixed(1)} s\n`);

  // torch's files for a user's forward: nn.RNN's arguments, save_file(model.state_dict()), input and hx,
  // and torch's output and h_n, all from a golden fixture (what torch 2.13 computed).
  mkdirSync(app);
  const f = decodeCaseFile(new Uint8Array(readFileSync(join(ROOT, 'golden', `${FIXTURE}.safetensors`))));
  if (!f.case.stateDict || !f.case.hx || f.reference?.kind !== 'ok' || !f.reference.output || !f.reference.hN) throw new Error(`${FIXTURE} is not a snapshot case with hx and torch's output`);
  writeFileSync(join(app, 'config.json'), JSON.stringify(f.case.config));
  writeFileSync(join(app, 'weights.safetensors'), encodeStateDict(f.case.stateDict));
  writeFileSync(join(app, 'input.safetensors'), encodeInputFile({ input: f.case.input, hx: f.case.hx }));
  writeFileSync(join(app, 'torch.safetensors'), encodeOutputFile({ output: f.reference.output, h_n: f.reference.hN }));
  for (const file of ['consume.mjs', 'consume.ts', 'tsconfig.json']) cpSync(join(CONSUMER, file), join(app, file));

  // The app depends on the tarball, and on typescript and @types/node at the versions this repository pins.
  const readJson = (p: string) => JSON.parse(readFileSync(join(ROOT, p), 'utf8'));
  const manifest = readJson('package.json');
  const pins = { typescript: manifest.devDependencies.typescript, '@types/node': manifest.devDependencies['@types/node'] };
  const { packageJson, packageLock } = consumerApp(readJson('package-lock.json'), manifest, `../${info.filename}`, pins);
  writeFileSync(join(app, 'package.json'), JSON.stringify(packageJson, null, 2));
  writeFileSync(join(app, 'package-lock.json'), JSON.stringify(packageLock, null, 2));
  const install = run(npm, ['ci', '--offline', '--no-audit', '--no-fund', '--foreground-scripts'], app);
  installLog = ok(install, "npm ci --offline in the app (dependencies from npm's cache: run `npm ci` in the checkout first)") + install.stderr;
  process.stdout.write(`npm ci --offline of the tarball into a fresh app: ${(install.ms / 1000).toFixed(1)} s\n`);
}, 600_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the packed tarball', () => {
  it('holds the build with its types, the bin, the Python sidecar and its requirements, and no sources, maps or tests', () => {
    const paths = packed.files.map((f) => f.path);
    for (const p of ['package.json', 'README.md', 'dist/engine/index.js', 'dist/engine/index.d.ts', 'dist/harness/compare/api.js', 'dist/harness/compare/api.d.ts', 'dist/harness/cli/main.js', 'bin/rnn-conformance.js', 'python/sidecar.py', 'requirements.txt', 'scripts/setup-python.mjs', 'scripts/python-path.mjs', 'golden/manifest.json']) {
      expect(paths, p).toContain(p);
    }
    const stray = paths.filter((p) => /\.map$|\.spec\.|\.test\.|^test\/|^\.venv\/|^node_modules\//.test(p) || (/\.ts$/.test(p) && !p.endsWith('.d.ts')));
    expect(stray).toEqual([]);
  });

  it('installs as a dependency without provisioning Python, and says how to get the live checks', () => {
    expect(installLog).toMatch(/installed as a dependency: no Python environment provisioned/);
    expect(installLog).toMatch(/RNN_CONFORMANCE_PYTHON/);
    expect(installLog).toMatch(/npx rnn-conformance setup-python/);
    expect(existsSync(join(installed, '.venv'))).toBe(false);
    expect(readdirSync(installed).sort()).toEqual(['README.md', 'bin', 'dist', 'golden', 'package.json', 'python', 'requirements.txt', 'rnn-conformance.config.schema.json', 'scripts']);
  });
});

describe('imported by an app', () => {
  let jsOut: Uint8Array;

  it('from JavaScript: loads torch\'s files and conforms to torch\'s answer', () => {
    const r = run(process.execPath, ['consume.mjs', 'js-out.safetensors'], app);
    const result = JSON.parse(ok(r, 'node consume.mjs')) as { repr: string; conforms: boolean; messages: string[] };
    expect(result).toEqual({ repr: 'RNN(3, 4)', conforms: true, messages: ['', ''] });
    jsOut = new Uint8Array(readFileSync(join(app, 'js-out.safetensors')));
  });

  it('from TypeScript: strict tsc against the emitted types, then the same answer, bit for bit', () => {
    ok(run(join(app, 'node_modules', '.bin', 'tsc'), ['-p', '.'], app), 'tsc -p . (strict, skipLibCheck false)');
    const r = run(process.execPath, [join('out', 'consume.js'), 'ts-out.safetensors'], app);
    expect(JSON.parse(ok(r, 'node out/consume.js'))).toEqual({ repr: 'RNN(3, 4)', conforms: true, messages: ['', ''] });
    expect(new Uint8Array(readFileSync(join(app, 'ts-out.safetensors')))).toEqual(jsOut);
  });
});

describe('the installed bin', () => {
  const bin = join(app, 'node_modules', '.bin', 'rnn-conformance');

  it('--help lists the commands', () => {
    const out = ok(run(bin, ['--help'], app), 'rnn-conformance --help');
    for (const c of ['check', 'forward', 'golden', 'setup-python']) expect(out).toContain(`  ${c} `);
  });

  it('forward writes what the imported engine computed, byte for byte', () => {
    ok(run(bin, ['forward', '--config', 'config.json', '--weights', 'weights.safetensors', '--input', 'input.safetensors', '--out', 'cli-out.safetensors'], app), 'rnn-conformance forward');
    expect(new Uint8Array(readFileSync(join(app, 'cli-out.safetensors')))).toEqual(new Uint8Array(readFileSync(join(app, 'js-out.safetensors'))));
  });

  it('golden check passes on the shipped fixtures, with no Python', () => {
    const out = ok(run(bin, ['golden', 'check'], app), 'rnn-conformance golden check');
    expect(out).toMatch(/\b0 failed\b/);
  });

  it('check against real torch with RNN_CONFORMANCE_PYTHON: the shipped sidecar runs, the cases conform', () => {
    const python = defaultPython(); // this checkout's torch: $RNN_CONFORMANCE_PYTHON, else its .venv
    const r = run(bin, ['check', '--no-config', '--cases', '40', '--seed', '7', '--workers', '1'], app, userEnv({ RNN_CONFORMANCE_PYTHON: python, CI: 'true' }));
    expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
    expect(r.stdout).toMatch(/torch 2\.13\.0/);
    expect(r.stdout).toMatch(/\b40 passed\b/);
  });

  it('check without a Python exits 3 and says how to get one (setup-python or RNN_CONFORMANCE_PYTHON)', () => {
    const r = run(bin, ['check', '--cases', '1', '--no-config'], app);
    expect(r.status, r.stderr).toBe(3);
    expect(r.stderr).toContain(join(installed, '.venv', 'bin', 'python'));
    expect(r.stderr).toMatch(/npx rnn-conformance setup-python.*RNN_CONFORMANCE_PYTHON to a Python with torch==2\.13\.0/);
    expect(statSync(installed).isDirectory() && !existsSync(join(installed, '.venv'))).toBe(true);
  });
});
