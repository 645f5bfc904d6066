// The one place that says which Python runs torch for this project: $RNN_CONFORMANCE_PYTHON, else the
// repository's own .venv (what `npm install` provisions), found relative to the repository root, never
// an absolute machine path. Plain JavaScript without dependencies, so the install script can use it
// before anything is built; the harness and the tests import it as `#python-path` (package.json
// "imports"), which resolves the same from sources and from dist/.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The directory holding this project's package.json, searched upward from `from` (default: this file). */
export function repoRoot(from = dirname(fileURLToPath(import.meta.url))) {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

/** The repository's own virtual environment's interpreter: <repo>/.venv/bin/python. */
export function venvPython() {
  return join(repoRoot(), '.venv', 'bin', 'python');
}

/** $RNN_CONFORMANCE_PYTHON when set and not empty, else <repo>/.venv/bin/python. */
export function pythonPath(env = process.env) {
  return env.RNN_CONFORMANCE_PYTHON || venvPython();
}
