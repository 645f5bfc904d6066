// rnn-conformance setup-python: provision the torch reference the live checks need (.venv beside the
// package's package.json, from its requirements.txt), on request. npm's postinstall does the same only
// for the project itself, never when rnn-conformance is installed as someone's dependency.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '../sidecar/paths.js';
import { parseFlags } from './args.js';
import { EXIT, UsageError } from './exit-codes.js';

const USAGE = 'usage: rnn-conformance setup-python';

/** `rnn-conformance setup-python --help`. */
export const HELP = `${USAGE}

Creates ${join(repoRoot(), '.venv')} with torch==2.13.0 (CPU), safetensors and numpy as
requirements.txt pins them (about 1 GB; PYTHON=python3.11 picks the interpreter that creates it), which
check, replay, explain and golden verify then use. Already have torch 2.13.0? Skip this and set
RNN_CONFORMANCE_PYTHON=/path/to/python instead.

exit codes: 0 ready, 2 bad usage, 3 the environment could not be made (pip's or venv's error above)`;

export async function setupPython(args: string[]): Promise<number> {
  const { positionals } = parseFlags(args, {}, USAGE);
  if (positionals.length) throw new UsageError(`unexpected argument '${positionals[0] as string}'\n${USAGE}`);
  const r = spawnSync(process.execPath, [join(repoRoot(), 'scripts', 'setup-python.mjs')], { stdio: 'inherit' });
  return r.status === 0 ? EXIT.conforms : EXIT.environment;
}
