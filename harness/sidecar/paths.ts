// Where the repository and its Python live, found from this file's own location so it works from
// harness/sidecar/*.ts (vitest, tsx) and from dist/harness/sidecar/*.js alike.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export function repoRoot(from: string = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

/** $RNN_CONFORMANCE_PYTHON, else the project's .venv (what `npm install` provisions). */
export function defaultPython(): string {
  return process.env.RNN_CONFORMANCE_PYTHON ?? join(repoRoot(), '.venv', 'bin', 'python');
}

export function sidecarScript(): string {
  return join(repoRoot(), 'python', 'sidecar.py');
}
