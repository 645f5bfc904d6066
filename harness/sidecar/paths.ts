// Where the repository and its Python live. The resolution itself is scripts/python-path.mjs (one
// function for the install script, the harness and the tests); this module names it for the harness.
import { join } from 'node:path';
import { pythonPath, repoRoot } from '#python-path';

export { repoRoot };

/** $RNN_CONFORMANCE_PYTHON, else the project's .venv (what `npm install` provisions). */
export function defaultPython(): string {
  return pythonPath();
}

export function sidecarScript(): string {
  return join(repoRoot(), 'python', 'sidecar.py');
}
