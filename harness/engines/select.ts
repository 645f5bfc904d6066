// `check --engine NAME|PATH`: the implementation under the gate. The builtin engine in its two
// precisions runs in-process; every other engine is an adapter module loaded into a worker.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { RNN } from '../../engine/rnn.js';
import { realEngine, type EngineFactory } from './engine-side.js';
import { AdapterHost } from './worker-host.js';

export const BUILTIN_ENGINES = ['builtin', 'builtin-fast'] as const;
export const BUNDLED_ADAPTERS = ['onnxruntime', 'tfjs'] as const;
export const ENGINE_CHOICES = `${[...BUILTIN_ENGINES, ...BUNDLED_ADAPTERS].join('|')}|PATH`;

export type SelectedEngine = { name: string; kind: 'builtin'; factory: EngineFactory } | { name: string; kind: 'adapter'; host: AdapterHost };

export const fastEngine: EngineFactory = (cfg, generator) => RNN.fromTorchConfig(cfg, { generator, precision: 'fast' });

export function isBuiltin(name: string): name is (typeof BUILTIN_ENGINES)[number] {
  return (BUILTIN_ENGINES as readonly string[]).includes(name);
}

/** The module file behind an engine name or path; null when there is none (the caller reports it). */
export function adapterFile(name: string, baseDir = process.cwd()): string | null {
  if ((BUNDLED_ADAPTERS as readonly string[]).includes(name)) {
    // Compiled next to this file in dist/; from the TypeScript sources (tests), the built copy.
    for (const rel of [`./${name}/adapter.js`, `../../dist/harness/engines/${name}/adapter.js`]) {
      const f = fileURLToPath(new URL(rel, import.meta.url));
      if (existsSync(f)) return f;
    }
    return null;
  }
  const f = resolve(baseDir, name);
  return existsSync(f) ? f : null;
}

/** Starts the engine: an Error (usage: unknown name, missing file, bad module) says what is wrong. */
export async function selectEngine(name: string, opts: { timeoutMs: number; baseDir?: string | undefined; factory?: EngineFactory }): Promise<SelectedEngine> {
  if (name === 'builtin') return { name, kind: 'builtin', factory: opts.factory ?? realEngine };
  if (name === 'builtin-fast') return { name, kind: 'builtin', factory: fastEngine };
  const file = adapterFile(name, opts.baseDir);
  if (file === null) {
    const bundled = (BUNDLED_ADAPTERS as readonly string[]).includes(name);
    throw new Error(bundled ? `--engine ${name}: its adapter is not built (run \`npm run build\`)` : `--engine: '${name}' is neither an engine (${ENGINE_CHOICES}) nor an existing adapter file`);
  }
  const host = await AdapterHost.start(pathToFileURL(file).href, `--engine ${name}`, opts.timeoutMs);
  return { name, kind: 'adapter', host };
}
