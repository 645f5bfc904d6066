// rnn-conformance check: the main job. Fuzz N cases against real torch, print a summary, exit 0/1
// (2 bad usage or input, 3 environment, 4 coverage missed, 130 interrupted). CI outputs: --junit,
// --summary, GitHub annotations, --shard, rnn-conformance.config.json, and earlier failures re-run first
// (DIR/failing.json under --report). Here: the flags; the run is harness/check/check.ts
// (runConformanceCheck), its outputs harness/report/ (checkReporters).
import { DTYPES, isDType, type DType } from '../../engine/dtype.js';
import { runConformanceCheck } from '../check/check.js';
import { checkSettings, MAX_CASES } from '../check/settings.js';
import { parseShard } from '../check/shard.js';
import { BREAKS } from '../engines/broken-engines.js';
import { ENGINE_CHOICES } from '../engines/select.js';
import { checkReporters } from '../report/reporters.js';
import { breakFlag, intFlag, parseFlags } from './args.js';
import { EXIT, UsageError } from './exit-codes.js';

const USAGE = `usage: rnn-conformance check [--cases N] [--seed S] [--dtypes float32,complex64,…] [--workers N]
                             [--shard I/N] [--json FILE] [--junit FILE] [--summary FILE] [--report DIR]
                             [--config-file PATH | --no-config] [--case I[,J…] [--path P]] [--python PATH]
                             [--no-shrink] [--break ${BREAKS.join('|')}] [--engine ${ENGINE_CHOICES}] [--timeout-ms MS] [--require-coverage]
settings also come from ./rnn-conformance.config.json (flags override it)
a run (or one --shard of it) runs at most ${MAX_CASES} cases: every case's result is kept for the reports
--case replays cases of one seed's stream: it needs --seed
exit codes: 0 conforms, 1 divergence found (or a --break self-test that did not trigger), 2 bad usage or bad input file,
            3 environment (no Python, no torch, sidecar dead, reference unavailable),
            4 conforms but a numeric regime this run's cases are built to reach was missed (--require-coverage)`;

/** `rnn-conformance check --help`. */
export const HELP = USAGE;

export async function check(args: string[]): Promise<number> {
  const { values } = parseFlags(
    args,
    {
      cases: { type: 'string' },
      seed: { type: 'string' },
      dtypes: { type: 'string' },
      workers: { type: 'string' },
      json: { type: 'string' },
      junit: { type: 'string' },
      summary: { type: 'string' },
      shard: { type: 'string' },
      report: { type: 'string' },
      'config-file': { type: 'string' },
      'no-config': { type: 'boolean' },
      case: { type: 'string' },
      path: { type: 'string' },
      python: { type: 'string' },
      'no-shrink': { type: 'boolean' },
      break: { type: 'string' },
      'timeout-ms': { type: 'string' },
      engine: { type: 'string' },
      'require-coverage': { type: 'boolean' },
    },
    USAGE,
  );
  if (values['no-config'] && values['config-file'] !== undefined) throw new UsageError(`--config-file and --no-config exclude each other\n${USAGE}`);
  // Flags are checked before the file is read: a usage error is reported as such even beside a bad file.
  const flagCases = intFlag(values.cases, '--cases', USAGE, { min: 1 });
  const flagSeed = intFlag(values.seed, '--seed', USAGE, { min: -(2 ** 31), max: 2 ** 32 - 1 });
  const flagWorkers = intFlag(values.workers, '--workers', USAGE, { min: 1, max: 64 });
  const timeoutMs = intFlag(values['timeout-ms'], '--timeout-ms', USAGE, { min: 100 }) ?? 120_000;
  const flagDtypes = values.dtypes === undefined ? undefined : parseDtypes(values.dtypes);
  const indices = values.case?.split(',').map((s) => intFlag(s, '--case', USAGE, { min: 0 }) as number);
  if (indices && flagSeed === undefined) throw new UsageError(`--case ${values.case ?? ''} names cases of one seed's stream: give --seed S too (the seed the run printed, as its replay line does)\n${USAGE}`);
  if (values.path !== undefined && indices?.length !== 1) throw new UsageError(`--path replays one case: give exactly one --case\n${USAGE}`);
  const shard = values.shard === undefined ? undefined : parseShard(values.shard, USAGE);
  if (shard && indices) throw new UsageError(`--shard partitions the run's cases; it cannot be combined with --case\n${USAGE}`);
  const breakKind = breakFlag(values.break, USAGE);

  const settings = checkSettings(
    {
      cases: flagCases,
      seed: flagSeed,
      workers: flagWorkers,
      dtypes: flagDtypes,
      timeoutMs,
      indices,
      path: values.path,
      shard,
      breakKind,
      engine: values.engine,
      configFile: values['config-file'],
      noConfig: values['no-config'] === true,
      report: values.report,
      python: values.python,
      noShrink: values['no-shrink'] === true,
      requireCoverage: values['require-coverage'] === true,
    },
    USAGE,
  );
  const reporters = checkReporters({
    json: values.json,
    junit: values.junit,
    summary: values.summary,
    reportDir: settings.reportDir,
    annotations: process.env.GITHUB_ACTIONS === 'true',
    out: (line) => process.stdout.write(`${line}\n`),
    err: (text) => process.stderr.write(text),
  });
  // Ctrl-C / SIGTERM: the run stops its sidecars (no orphans) and returns what it has, marked interrupted;
  // its partial JSON is written (reports are atomic) and the process exits 130. The listener stays on
  // while the signal is handled: the sidecars' execa (signal-exit) re-raises a signal nobody else listens
  // to, which would kill the process before the run returns. A second signal ends the process at once.
  const controller = new AbortController();
  const stop = (sig: NodeJS.Signals) => (controller.signal.aborted ? process.exit(EXIT.interrupted) : controller.abort(sig));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  try {
    const result = await runConformanceCheck(settings, { observer: reporters.observer, signal: controller.signal });
    reporters.finish(result);
    if (result.interrupted) process.exit(EXIT.interrupted);
    return result.exitCode;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}

function parseDtypes(s: string): DType[] {
  const list = s.split(',').map((x) => x.trim());
  for (const d of list) if (!isDType(d)) throw new UsageError(`--dtypes: unknown dtype '${d}' (choose from ${DTYPES.join(', ')})`);
  return list as DType[];
}
