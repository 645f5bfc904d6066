// Ctrl-C during `check`: the sidecars stop (no orphan processes), the partial summary is written whole,
// the exit code is 130. Runs the built CLI (npm test builds first) as a user would.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { alive, childrenOf } from './processes.js';

const bin = join(import.meta.dirname, '..', 'bin', 'rnn-conformance.js');

test('SIGINT during check stops the sidecars, writes the partial JSON summary and exits 130', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rnn-int-'));
  const json = join(dir, 'summary.json');
  const child = spawn(process.execPath, [bin, 'check', '--cases', '250000', '--seed', '5', '--workers', '2', '--no-shrink', '--no-config', '--json', json], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CI: 'true' } });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  // Wait until cases are flowing (the first progress line), then look at the sidecars and interrupt.
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no progress within 60 s:\n${stderr}`)), 60_000);
    child.stderr.on('data', () => {
      if (/cases, \d+ failed/.test(stderr)) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  const sidecars = childrenOf(child.pid as number);
  expect(sidecars.length).toBe(2);
  child.kill('SIGINT');
  const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  expect(code).toBe(130);
  expect(stderr).toMatch(/interrupted \(SIGINT\) after \d+ of 250000 cases/);
  await new Promise((r) => setTimeout(r, 500));
  expect(sidecars.filter(alive)).toEqual([]);
  const summary = JSON.parse(readFileSync(json, 'utf8')) as { interrupted: string; cases_done: number; passed: number; failed: number };
  expect(summary.interrupted).toBe('SIGINT');
  expect(summary.cases_done).toBeGreaterThan(0);
});
