// The engine seam of `check` (and `replay`, `matrix`): --engine or the config file's "engine",
// started once per run; names and paths are checked here so a bad one is a usage error (exit 2).
import { dirname } from 'node:path';
import { brokenEngine, type BreakKind } from './broken-engines.js';
import type { EngineFactory } from './engine-side.js';
import { UsageError } from '../files/index.js';
import { describeCapabilities } from './describe.js';
import { selectEngine, type SelectedEngine } from './select.js';
import type { AdapterHost } from './worker-host.js';

export interface EngineChoice {
  /** As the user wrote it (flag or config file); the name `check` prints and reproduces with. */
  name: string;
  selected: SelectedEngine;
  /** The check options (CheckOptions) that put this engine under the gate. */
  opts: { engine?: EngineFactory; adapter?: AdapterHost };
  /** One line for the run's header. */
  header: string;
  /** The replay-command fragment (`--engine X`); empty for the default, or when the config file names the engine (replays read it too). */
  flag: string;
  close: () => Promise<void>;
}

export async function chooseEngine(a: { flag?: string | undefined; fromFile?: string | undefined; configPath?: string | undefined; breakKind?: BreakKind | undefined; timeoutMs: number }): Promise<EngineChoice> {
  const name = a.flag ?? a.fromFile ?? 'builtin';
  // A path in the config file is relative to the file, as its other paths are.
  const baseDir = a.flag === undefined && a.fromFile !== undefined && a.configPath ? dirname(a.configPath) : process.cwd();
  if (a.breakKind && name !== 'builtin') throw new UsageError(`--break breaks the builtin engine; it cannot be combined with --engine ${name}`);
  let selected: SelectedEngine;
  try {
    selected = await selectEngine(name, { timeoutMs: a.timeoutMs, baseDir, factory: brokenEngine(a.breakKind) });
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
  const header = selected.kind === 'builtin' ? `engine: ${name}${name === 'builtin-fast' ? " (precision 'fast': WebAssembly SIMD kernels for float32, float64, complex64; the other dtypes run the exact path)" : ''}` : `engine: ${selected.host.info.name} (--engine ${name}), ${describeCapabilities(selected.host.info.capabilities)}`;
  const host = selected.kind === 'adapter' ? selected.host : null;
  return {
    name,
    selected,
    opts: selected.kind === 'builtin' ? { engine: selected.factory } : { adapter: selected.host },
    header,
    flag: a.flag === undefined || name === 'builtin' ? '' : `--engine ${/\s/.test(name) ? JSON.stringify(name) : name}`,
    close: async () => {
      await host?.close();
    },
  };
}
