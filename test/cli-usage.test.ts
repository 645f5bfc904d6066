// The CLI as a user first meets it, through the built bin: `--help` on every command (exit 0), `--version`
// (the package's and torch's), and a reader that goes away (`check … | head -3`) ending the run quietly.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { alive, childrenOf } from './processes.js';

const root = join(import.meta.dirname, '..');
const bin = join(root, 'bin', 'rnn-conformance.js');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };

function cli(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const COMMANDS = ['check', 'forward', 'backward', 'replay', 'explain', 'golden', 'init', 'setup-python'];

describe('--help and --version', () => {
  it('the help lists the commands', () => {
    expect(COMMANDS).toEqual(expect.arrayContaining(['check', 'forward', 'backward', 'replay', 'explain', 'golden', 'init']));
  });

  it.each(COMMANDS)('%s --help prints its usage on stdout and exits 0', (cmd) => {
    for (const flag of ['--help', '-h']) {
      const r = cli([cmd, flag]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain(`usage: rnn-conformance ${cmd}`);
      expect(r.stderr).toBe('');
    }
  });

  it('--help after other flags, and on a subcommand, still shows help', () => {
    const r = cli(['golden', 'check', '--dir', 'x', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('usage: rnn-conformance golden');
  });

  it('the top-level help names --help and --version', () => {
    const r = cli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('rnn-conformance <command> --help');
    expect(r.stdout).toContain('rnn-conformance --version');
  });

  it('--version prints the package version and the reachable torch', () => {
    const r = cli(['--version']);
    expect(r.code, r.stderr).toBe(0);
    const [first, second] = r.stdout.trim().split('\n');
    expect(first).toBe(`rnn-conformance ${pkg.version}`);
    expect(second).toMatch(/^torch 2\.13\.0\S* \(\w+\), python 3\.\d+\.\d+ at \S+$/);
  });

  it('--version without a reachable torch still prints the package version, says why, and exits 0', () => {
    const r = cli(['--version'], { RNN_CONFORMANCE_PYTHON: join(root, 'no-such-python') });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`rnn-conformance ${pkg.version}\ntorch: not reachable (Python not found at `);
  });
});

describe('a reader that goes away', () => {
  it('check | head -3: exit 141 (broken pipe, as SIGPIPE would), not 1 ("divergence"), no stack trace, no orphan sidecars', async () => {
    const child = spawn(process.execPath, [bin, 'check', '--no-config', '--cases', '24', '--seed', '3', '--dtypes', 'float32', '--workers', '1', '--no-shrink'], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CI: 'true' } });
    let stdout = '';
    let stderr = '';
    let sidecars: number[] = [];
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // As head -3 does: read three lines, then close the pipe.
    await new Promise<void>((resolve) => {
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString();
        if (stdout.split('\n').length > 3) {
          sidecars = childrenOf(child.pid as number);
          child.stdout.destroy();
          resolve();
        }
      });
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(code, stderr).toBe(141);
    expect(stderr).not.toMatch(/EPIPE|Error|at .*\.js:\d+/);
    expect(sidecars.length).toBeGreaterThan(0);
    const deadline = Date.now() + 10_000;
    while (sidecars.some(alive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(sidecars.filter(alive)).toEqual([]);
  });
});
