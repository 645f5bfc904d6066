// Files other runs depend on (outputs, snapshots, fixtures, reports) are replaced whole or not at all:
// write a temp file beside the target, fsync it, rename it over the target (atomic on POSIX), fsync
// the directory. Synchronous on purpose: a signal handler cannot run between the write and the rename.
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { BadInputError } from './errors.js';
import { describeFsError } from './read-file.js';

export function writeFileAtomic(path: string, data: Uint8Array | string): void {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  const dir = dirname(path);
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  let fd: number | null = null;
  try {
    fd = openSync(tmp, 'wx'); // wx: never follow or reuse something already there
    for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at, bytes.length - at);
    fsyncSync(fd);
    closeSync(fd);
    fd = null;
    renameSync(tmp, path);
  } catch (err) {
    if (fd !== null) closeSync(fd);
    try {
      unlinkSync(tmp);
    } catch {
      // never created, or already renamed
    }
    throw new BadInputError(path, describeFsError(err, 'cannot write'));
  }
  syncDirectory(dir);
}

// Makes the rename itself durable; not every platform can open a directory (Windows), hence best effort.
function syncDirectory(dir: string): void {
  let fd: number | null = null;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // best effort
  } finally {
    if (fd !== null) closeSync(fd);
  }
}
