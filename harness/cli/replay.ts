// rnn-conformance replay CASE: re-run a saved case (from `check --report`, a golden fixture, or one a
// user writes) on the engine and on torch, print the comparator's verdict, exit 0/1.
import { BREAKS } from '../engines/broken-engines.js';
import { chooseEngine } from '../engines/cli.js';
import { ENGINE_CHOICES } from '../engines/select.js';
import { decodeCaseFile, describeSpec } from '../case/index.js';
import { judgeCases } from '../check/run-check.js';
import { BadInputError, readFileLimited, writeFileAtomic } from '../files/index.js';
import { SafetensorsError } from '../../engine/safetensors.js';
import { SidecarPool } from '../sidecar/index.js';
import { breakFlag, intFlag, parseFlags } from './args.js';
import { jsRepro, pythonRepro } from './emit.js';
import { EXIT, UsageError } from './exit-codes.js';

const USAGE = `usage: rnn-conformance replay CASE.safetensors [--python PATH] [--break ${BREAKS.join('|')}] [--engine ${ENGINE_CHOICES}] [--timeout-ms MS]
       rnn-conformance replay CASE.safetensors [--emit-python FILE.py] [--emit-js FILE.mjs]`;

/** `rnn-conformance replay --help`. */
export const HELP = `${USAGE}

Runs a saved case (check --report DIR writes them) on the engine and on torch and prints the verdict
(exit 0 passed, 1 failed, 3 no torch). --break replays it on the same deliberately broken engine as
the check --break run that saved it.

--emit-python FILE and --emit-js FILE write standalone scripts instead, each reading the case file:
  FILE.py   torch's side, torch and safetensors only:   python FILE.py [CASE.safetensors]
  FILE.mjs  the engine's side, importing the rnn-conformance package (the real engine, never a
            --break one): node FILE.mjs [CASE.safetensors], where 'rnn-conformance' resolves (a project
            that installed it, or a folder inside the package itself)
Both print output and h_n, then a 'json:' line with every value exactly, or the refusal as
TypeName: message (exit 1).`;

export function readCaseFile(path: string) {
  const bytes = readFileLimited(path, 1 << 30);
  try {
    return decodeCaseFile(bytes);
  } catch (err) {
    if (err instanceof SafetensorsError) throw new BadInputError(path, err.message);
    throw err;
  }
}

export async function replay(args: string[]): Promise<number> {
  const { values, positionals } = parseFlags(
    args,
    { python: { type: 'string' }, break: { type: 'string' }, engine: { type: 'string' }, 'timeout-ms': { type: 'string' }, 'emit-python': { type: 'string' }, 'emit-js': { type: 'string' } },
    USAGE,
  );
  if (positionals.length !== 1) throw new UsageError(`give exactly one case file\n${USAGE}`);
  const kind = breakFlag(values.break, USAGE);
  const path = positionals[0] as string;
  const timeoutMs = intFlag(values['timeout-ms'], '--timeout-ms', USAGE, { min: 100 }) ?? 120_000;
  const file = readCaseFile(path);
  const emitPy = values['emit-python'];
  const emitJs = values['emit-js'];
  if (emitPy !== undefined || emitJs !== undefined) {
    if (kind || values.engine !== undefined) throw new UsageError(`--break and --engine apply to the replay, not to --emit-python/--emit-js (the scripts run real torch and the built-in engine)\n${USAGE}`);
    if (emitPy !== undefined) {
      writeFileAtomic(emitPy, pythonRepro(path));
      process.stdout.write(`wrote ${emitPy}: torch's side of case ${file.case.id} (python ${emitPy})\n`);
    }
    if (emitJs !== undefined) {
      writeFileAtomic(emitJs, jsRepro(path));
      process.stdout.write(`wrote ${emitJs}: the engine's side of case ${file.case.id} (node ${emitJs}, where the rnn-conformance package resolves)\n`);
    }
    return EXIT.conforms;
  }
  const engine = await chooseEngine({ flag: values.engine, breakKind: kind, timeoutMs });
  const pool = await SidecarPool.start(1, values.python ? { python: values.python } : {}).catch(async (e: unknown) => {
    await engine.close();
    throw e;
  });
  try {
    const [verdict] = await judgeCases(pool, [file.case], engine.opts);
    if (!verdict) throw new Error('no verdict');
    const what = file.case.spec ? describeSpec(file.case.spec) : JSON.stringify(file.case.config);
    const broken = kind ? ` (engine broken on purpose: --break ${kind})` : engine.flag ? ` (${engine.flag})` : '';
    process.stdout.write(`case ${file.case.id} (${what}) against torch ${pool.hello.torch}${broken}: ${verdict.status.toUpperCase()}\n`);
    if (verdict.message) process.stdout.write(`${verdict.message}\n`);
    return verdict.status === 'passed' || verdict.status === 'unsupported' ? EXIT.conforms : verdict.status === 'failed' ? EXIT.divergence : EXIT.environment;
  } finally {
    await Promise.all([pool.close(), engine.close()]);
  }
}
