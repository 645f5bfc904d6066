#!/usr/bin/env node
// Provision the torch reference environment (.venv beside package.json) from requirements.txt.
// Run by npm's postinstall (`--postinstall`) when the project itself is installed (a clone's `npm install`
// or `npm ci`), never when rnn-conformance is installed as someone's dependency; there it runs only on
// request: `npx rnn-conformance setup-python`. RNN_CONFORMANCE_PYTHON=/path/to/python uses an existing
// interpreter instead (checked, not changed).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { pythonPath, repoRoot, venvPython as venvPythonPath } from './python-path.mjs';

const root = repoRoot();
const say = (m) => process.stderr.write(`[rnn-conformance setup] ${m}\n`);
const real = (p) => {
  try {
    return realpathSync(resolve(p));
  } catch {
    return resolve(p);
  }
};

// npm runs a dependency's postinstall from node_modules/rnn-conformance with npm_config_local_prefix set
// to the consumer's project (INIT_CWD where npm was started); a global install sets npm_config_global.
function installedAsDependency() {
  const env = process.env;
  if (env.npm_config_global === 'true') return true;
  if (real(root).split(sep).includes('node_modules')) return true;
  const project = env.npm_config_local_prefix ?? env.INIT_CWD;
  return project !== undefined && real(project) !== real(root);
}

if (process.argv.includes('--postinstall') && installedAsDependency()) {
  say(
    'installed as a dependency: no Python environment provisioned (the engine, `golden check` and `forward` need none). ' +
      'For the live checks against torch (check, replay, explain, golden verify), set RNN_CONFORMANCE_PYTHON to a Python ' +
      'with torch==2.13.0 and safetensors (`pip install -r node_modules/rnn-conformance/requirements.txt`), ' +
      'or run `npx rnn-conformance setup-python` (a ~1 GB .venv inside node_modules/rnn-conformance).',
  );
  process.exit(0);
}
const run = (cmd, args) => spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
const torchVersion = (py) => {
  const r = spawnSync(py, ['-c', 'import torch, safetensors; print(torch.__version__)'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
};

const venvPython = venvPythonPath();
const explicit = pythonPath() === venvPython ? null : pythonPath();
if (explicit) {
  const v = torchVersion(explicit);
  say(v ? `using ${explicit} (torch ${v})` : `warning: RNN_CONFORMANCE_PYTHON=${explicit} cannot import torch and safetensors; live conformance will exit 3`);
  process.exit(0);
}

const requirements = readFileSync(join(root, 'requirements.txt'));
const digest = createHash('sha256').update(requirements).digest('hex');
const stamp = join(root, '.venv', '.requirements.sha256');
if (existsSync(stamp) && readFileSync(stamp, 'utf8') === digest && torchVersion(venvPython)) {
  say(`.venv is up to date (torch ${torchVersion(venvPython)})`);
  process.exit(0);
}
const python = process.env.PYTHON ?? 'python3';
if (!existsSync(venvPython)) {
  say(`creating .venv with ${python}`);
  if (run(python, ['-m', 'venv', join(root, '.venv')]).status !== 0) {
    say(`error: '${python} -m venv' failed; install Python 3.11 or set RNN_CONFORMANCE_PYTHON`);
    process.exit(1);
  }
}
say('installing requirements.txt into .venv');
if (run(venvPython, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '-r', 'requirements.txt']).status !== 0) {
  say('error: pip install -r requirements.txt failed');
  process.exit(1);
}
const v = torchVersion(venvPython);
if (!v) {
  say('error: torch does not import in .venv after install');
  process.exit(1);
}
writeFileSync(stamp, digest);
say(`.venv ready (torch ${v})`);
