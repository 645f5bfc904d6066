// How to run a check, or one of its cases, again: the one place the reproduce and replay commands are
// built. The header, JUnit, the Markdown summary, failures, JSON and failing.json all print these.
import { DTYPES, type DType } from '../../engine/dtype.js';
import { formatShard, type Shard } from './shard.js';

/** What, besides seed and dtypes, makes a run's stream: the engine, --break, the config file. */
export interface StreamFlags {
  /** `--engine X`, or empty for the default (chooseEngine's `flag`). */
  engineFlag: string;
  breakKind?: string | undefined;
  configFile?: string | undefined;
  noConfig: boolean;
}

/** `--seed S [--engine X] [--dtypes …] [--break K] [--config-file P] [--no-config]`: one stream of cases. */
export function streamArgs(f: StreamFlags, seed: number, dtypes: readonly DType[]): string {
  return [
    `--seed ${seed}`,
    f.engineFlag,
    dtypes.join(',') !== DTYPES.join(',') ? `--dtypes ${dtypes.join(',')}` : '',
    f.breakKind ? `--break ${f.breakKind}` : '',
    f.configFile !== undefined ? `--config-file ${f.configFile}` : '',
    f.noConfig ? '--no-config' : '',
  ]
    .filter(Boolean)
    .join(' ');
}

/** The whole run (or its shard). */
export function reproduceRun(stream: string, cases: number, shard?: Shard): string {
  return `rnn-conformance check ${stream} --cases ${cases}${shard ? ` --shard ${formatShard(shard)}` : ''}`;
}

/** One case of a stream; with a path, the shrunk case fast-check's path leads to. */
export function replayCase(stream: string, index: number, path?: string): string {
  return `rnn-conformance check ${stream} --case ${index}${path ? ` --path ${path}` : ''}`;
}

/** A saved case file, with the run's --break (or --engine), so the command works as printed. */
export function replayFile(file: string, breakKind: string | undefined, engineFlag = ''): string {
  return `rnn-conformance replay ${file}${breakKind ? ` --break ${breakKind}` : ''}${engineFlag ? ` ${engineFlag}` : ''}`;
}
