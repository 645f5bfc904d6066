import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BadInputError } from './errors.js';
import { readFileLimited } from './read-file.js';

const dir = mkdtempSync(join(tmpdir(), 'rnn-read-'));

describe('readFileLimited', () => {
  it('reads a regular file whole', () => {
    const p = join(dir, 'a.bin');
    writeFileSync(p, Buffer.from([1, 2, 3]));
    expect([...readFileLimited(p, 3)]).toEqual([1, 2, 3]);
  });

  it('refuses a file over the limit before reading it', () => {
    const p = join(dir, 'big.bin');
    writeFileSync(p, Buffer.alloc(11));
    expect(() => readFileLimited(p, 10)).toThrow(new BadInputError(p, 'file is 11 bytes, over the 10-byte limit'));
  });

  it('names missing files and directories', () => {
    const p = join(dir, 'nope.bin');
    expect(() => readFileLimited(p, 10)).toThrow(`${p}: cannot open: no such file (ENOENT)`);
    const d = join(dir, 'sub');
    mkdirSync(d);
    expect(() => readFileLimited(d, 10)).toThrow(`${d}: not a regular file`);
  });

  it('refuses a FIFO at once instead of waiting for a writer', () => {
    const p = join(dir, 'fifo');
    execFileSync('mkfifo', [p]);
    expect(() => readFileLimited(p, 10)).toThrow(`${p}: not a regular file`);
  });

  it('refuses a device that never ends', () => {
    expect(() => readFileLimited('/dev/zero', 10)).toThrow('/dev/zero: not a regular file');
  });
});
