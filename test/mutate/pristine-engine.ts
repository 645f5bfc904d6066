// A vite plugin for the mutate suite: the harness's own uses of engine/ modules (the fixture reader's
// safetensors.ts and tensor-bytes.ts, the comparator's half.ts and dtype.ts, ...) import a pristine copy
// of engine/, so only the engine under test runs a Stryker mutant. Stryker switches a mutant on for the
// whole process; without this, torch's answer would be decoded and judged by the same mutated code as
// the engine's, and a consistent mutation could judge itself equal. The engine's side of a case
// (harness/engines/: builds the RNN, runs it, catches its TorchError) keeps the engine under test.
//
// The copy is made when the config loads, from engine/ as it is on disk: in Stryker's sandbox that is
// the instrumented code, in which every mutant sits behind a switch read from a global namespace; the
// copy reads another namespace (and another environment variable), so its switches stay off and it runs
// the original code. Its coverage is not counted either (its counter returns at once: mutant-coverage-off.ts):
// what only the harness reaches is not tested.
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import type { Plugin } from 'vite';
import { coverageOffInMutantRuns } from './mutant-coverage-off.js';

// Stryker's instrumentation (@stryker-mutator/api's INSTRUMENTER_CONSTANTS, instrumenter's helper name)
const MUTANT_SWITCH = 'stryMutAct_9fa48';
const NAMESPACE = '__stryker__';
const ACTIVE_MUTANT_ENV_VARIABLE = '__STRYKER_ACTIVE_MUTANT__';

/** Copies engine/ (specs left out) to a temporary directory with every Stryker switch disconnected. */
export function pristineEngineCopy(root: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'rnn-mutate-pristine-'));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  const engine = join(root, 'engine');
  for (const f of readdirSync(engine, { recursive: true, encoding: 'utf8' })) {
    if (!f.endsWith('.ts') || f.endsWith('.spec.ts')) continue;
    const text = readFileSync(join(engine, f), 'utf8');
    cpSync(join(engine, f), join(dir, 'engine', f));
    if (!text.includes(MUTANT_SWITCH)) continue;
    if (!text.includes(NAMESPACE) || !text.includes(ACTIVE_MUTANT_ENV_VARIABLE)) {
      throw new Error(`pristine-engine: engine/${f} is instrumented but names no '${NAMESPACE}' or '${ACTIVE_MUTANT_ENV_VARIABLE}': this Stryker's instrumentation is not the one this plugin knows`);
    }
    const disconnected = text.replaceAll(NAMESPACE, '__stryker_pristine__').replaceAll(ACTIVE_MUTANT_ENV_VARIABLE, '__STRYKER_PRISTINE_NO_MUTANT__');
    writeFileSync(join(dir, 'engine', f), coverageOffInMutantRuns(disconnected, `engine/${f}`, true));
  }
  return dir;
}

/** Resolves the harness's imports of engine/ (outside harness/engines/) to the pristine copy. */
export function pristineEngine(root: string): Plugin {
  let copy: string | undefined;
  const harness = join(root, 'harness') + sep;
  const engineSide = join(root, 'harness', 'engines') + sep;
  const engine = join(root, 'engine') + sep;
  return {
    name: 'rnn-mutate-pristine-engine',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      if (!importer || !importer.startsWith(harness) || importer.startsWith(engineSide) || !source.startsWith('.')) return null;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      if (!resolved || !resolved.id.startsWith(engine)) return null;
      copy ??= pristineEngineCopy(root);
      return join(copy, 'engine', relative(engine, resolved.id));
    },
  };
}
