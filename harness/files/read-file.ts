// Reading a file someone handed us, without trusting it: only regular files (a FIFO or a device would
// hang or never end), size checked before anything is allocated, and a file that changes while being
// read is refused rather than half-read.
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { BadInputError } from './errors.js';

export const MiB = 2 ** 20;

export function readFileLimited(path: string, maxBytes: number): Uint8Array {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer forever.
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (err) {
    throw new BadInputError(path, describeFsError(err, 'cannot open'));
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new BadInputError(path, 'not a regular file');
    if (st.size > maxBytes) throw new BadInputError(path, `file is ${st.size} bytes, over the ${maxBytes}-byte limit`);
    const out = new Uint8Array(st.size);
    let at = 0;
    while (at < out.length) {
      const n = readSync(fd, out, at, out.length - at, at);
      if (n === 0) throw new BadInputError(path, 'file shrank while being read');
      at += n;
    }
    if (readSync(fd, new Uint8Array(1), 0, 1, at) !== 0) throw new BadInputError(path, 'file grew while being read');
    return out;
  } catch (err) {
    if (err instanceof BadInputError) throw err;
    throw new BadInputError(path, describeFsError(err, 'cannot read'));
  } finally {
    closeSync(fd);
  }
}

/** `cannot open: no such file (ENOENT)` rather than Node's whole errno sentence with the path again. */
export function describeFsError(err: unknown, what: string): string {
  const code = (err as { code?: unknown }).code;
  const words: Record<string, string> = {
    ENOENT: 'no such file',
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    EISDIR: 'is a directory',
    ENOTDIR: 'a parent is not a directory',
    ENOSPC: 'no space left on the device',
    EROFS: 'read-only file system',
    ELOOP: 'too many symbolic links',
    ENAMETOOLONG: 'name too long',
  };
  if (typeof code === 'string') return `${what}: ${words[code] ?? code} (${code})`;
  return `${what}: ${err instanceof Error ? err.message : String(err)}`;
}
