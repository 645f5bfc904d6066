import { execFileSync, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BadInputError } from './errors.js';
import { writeFileAtomic } from './write-atomic.js';

const dir = mkdtempSync(join(tmpdir(), 'rnn-write-'));
const require = createRequire(import.meta.url);

describe('writeFileAtomic', () => {
  it('writes new files and replaces old ones, leaving no temp file', () => {
    const d = mkdtempSync(join(dir, 'a-'));
    const p = join(d, 'out.bin');
    writeFileAtomic(p, new Uint8Array([1, 2]));
    expect([...readFileSync(p)]).toEqual([1, 2]);
    writeFileAtomic(p, 'text');
    expect(readFileSync(p, 'utf8')).toBe('text');
    expect(readdirSync(d)).toEqual(['out.bin']);
  });

  it('on failure keeps the old target and removes its temp file', () => {
    const d = mkdtempSync(join(dir, 'b-'));
    const target = join(d, 'target');
    mkdirSync(target); // rename over a non-empty directory fails after the temp file is written
    writeFileSync(join(target, 'keep'), 'x');
    expect(() => writeFileAtomic(target, 'new')).toThrow(BadInputError);
    expect(() => writeFileAtomic(target, 'new')).toThrow(new RegExp(`^${target}: cannot write: `));
    expect(readdirSync(d)).toEqual(['target']);
    expect(readFileSync(join(target, 'keep'), 'utf8')).toBe('x');
  });

  it('names a missing directory', () => {
    const p = join(dir, 'missing', 'out.bin');
    expect(() => writeFileAtomic(p, 'x')).toThrow(`${p}: cannot write: no such file (ENOENT)`);
  });

  it('a writer killed at any moment leaves the target old or new, never half-written', async () => {
    // The child replaces the file over and over with 8 MB of one repeated byte; SIGKILL lands mid-write.
    const d = mkdtempSync(join(dir, 'c-'));
    const p = join(d, 'out.bin');
    writeFileSync(p, Buffer.alloc(8 * 2 ** 20, 0));
    // Node 20 cannot run TypeScript: compile the real module (and what it imports) for the child.
    const out = mkdtempSync(join(dir, 'js-'));
    const src = fileURLToPath(new URL('./write-atomic.ts', import.meta.url));
    execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '--outDir', out, '--module', 'nodenext', '--target', 'es2022', '--types', 'node', '--skipLibCheck', src]);
    const moduleUrl = pathToFileURL(join(out, 'write-atomic.js')).href;
    const script = `
      const { writeFileAtomic } = await import(${JSON.stringify(moduleUrl)});
      process.stdout.write('ready\\n');
      for (let i = 1; ; i++) writeFileAtomic(${JSON.stringify(p)}, new Uint8Array(8 * 2 ** 20).fill(i % 256));`;
    for (let round = 0; round < 5; round++) {
      const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
      await new Promise<void>((resolve, reject) => {
        child.stdout.once('data', () => resolve());
        child.once('exit', () => reject(new Error(`child exited before writing: ${stderr}`)));
      });
      await new Promise((r) => setTimeout(r, 20 + 37 * round));
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
      const bytes = readFileSync(p);
      expect(bytes.length).toBe(8 * 2 ** 20);
      const first = bytes[0];
      expect(bytes.every((b) => b === first)).toBe(true);
    }
  });
});
