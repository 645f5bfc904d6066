// rnn-conformance replay CASE: re-run a saved case (from `check --report`, a golden fixture, or one a
// user writes) on the engine and on torch, print the comparator's verdict, exit 0/1.
import { BREAKS } from '../check/broken-engines.js';
import { chooseEngine } from '../engines/cli.js';
import { ENGINE_CHOICES } from '../engines/select.js';
import { decodeCaseFile } from '../check/case-file.js';
import { judgeCases } from '../check/run-check.js';
import { describeSpec } from '../gen/case-spec.js';
import { BadInputError, readFileLimited } from '../files/index.js';
import { SafetensorsError } from '../../engine/safetensors.js';
import { SidecarPool } from '../sidecar/index.js';
import { breakFlag, intFlag, parseFlags } from './args.js';
import { EXIT, UsageError } from './exit-codes.js';

const USAGE = `usage: rnn-conformance replay CASE.safetensors [--python PATH] [--break ${BREAKS.join('|')}] [--engine ${ENGINE_CHOICES}] [--timeout-ms MS]`;

/** `rnn-conformance replay --help`. */
export const HELP = USAGE;

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
  const { values, positionals } = parseFlags(args, { python: { type: 'string' }, break: { type: 'string' }, engine: { type: 'string' }, 'timeout-ms': { type: 'string' } }, USAGE);
  if (positionals.length !== 1) throw new UsageError(`give exactly one case file\n${USAGE}`);
  const kind = breakFlag(values.break, USAGE);
  const path = positionals[0] as string;
  const timeoutMs = intFlag(values['timeout-ms'], '--timeout-ms', USAGE, { min: 100 }) ?? 120_000;
  const file = readCaseFile(path);
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
