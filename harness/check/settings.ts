// A check run's settings: the flags as parsed, over rnn-conformance.config.json (flags win), with the
// defaults. Bad combinations the config file makes (too many cases) are usage errors (exit 2).
import { cpus } from 'node:os';
import { DTYPES, type DType } from '../../engine/dtype.js';
import type { BreakKind } from '../engines/broken-engines.js';
import { UsageError } from '../files/index.js';
import { loadGateConfig, type LoadedConfig, type QuarantineEntry } from './config-file.js';
import { formatShard, type Shard } from './shard.js';
import type { ToleranceOverrides } from '../compare/index.js';

/** The most cases one run takes: each case's result is kept for JUnit, Markdown and JSON (~2 KB of heap a case,
 * measured): 250,000 stay near 0.5 GB, far from V8's heap limit (~4 GB) that a bigger count hit. */
export const MAX_CASES = 250_000;

/** `check`'s flags, each already checked on its own (cli/check.ts). */
export interface CheckFlags {
  cases?: number | undefined;
  seed?: number | undefined;
  workers?: number | undefined;
  dtypes?: DType[] | undefined;
  timeoutMs: number;
  /** --case: only these indices of the seed's stream. */
  indices?: number[] | undefined;
  /** --path: the shrunk case fast-check's path leads to (one --case). */
  path?: string | undefined;
  shard?: Shard | undefined;
  breakKind?: BreakKind | undefined;
  engine?: string | undefined;
  configFile?: string | undefined;
  noConfig: boolean;
  report?: string | undefined;
  python?: string | undefined;
  noShrink: boolean;
  requireCoverage: boolean;
}

export interface CheckSettings {
  flags: CheckFlags;
  /** The config file read (null: none, or --no-config). */
  config: LoadedConfig | null;
  seed: number;
  cases: number;
  dtypes: DType[];
  workers: number;
  reportDir: string | undefined;
  quarantine: QuarantineEntry[];
  tolerances: ToleranceOverrides | undefined;
}

export function checkSettings(flags: CheckFlags, usage: string): CheckSettings {
  const loaded = flags.noConfig ? null : loadGateConfig(flags.configFile);
  const file = loaded?.config ?? {};
  const cases = flags.cases ?? file.cases ?? 500;
  const { shard, indices } = flags;
  // A shard keeps only its own cases' results: the limit is on what this process runs.
  const here = indices ? indices.length : shard ? Math.ceil(Math.max(0, cases - (shard.index - 1)) / shard.count) : cases;
  if (here > MAX_CASES) {
    const from = flags.cases === undefined ? ` (\`cases\` in ${loaded?.path ?? 'the config file'})` : '';
    throw new UsageError(
      `--cases ${cases}${from}${shard ? ` --shard ${formatShard(shard)}` : ''} would run ${here} cases here, over the limit of ${MAX_CASES} a run (each case's result is kept for the reports): split the run, e.g. --shard 1/${Math.ceil(cases / MAX_CASES)} … ${Math.ceil(cases / MAX_CASES)}/${Math.ceil(cases / MAX_CASES)}\n${usage}`,
    );
  }
  return {
    flags,
    config: loaded,
    seed: flags.seed ?? file.seed ?? Math.floor(Math.random() * 2 ** 31),
    cases,
    dtypes: flags.dtypes ?? file.dtypes ?? [...DTYPES],
    workers: flags.workers ?? file.workers ?? cpus().length,
    reportDir: flags.report ?? file.report,
    quarantine: file.quarantine ?? [],
    tolerances: file.tolerances,
  };
}
