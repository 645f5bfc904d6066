// A vite plugin for the mutate suite: Stryker's instrumented engine/ stops counting coverage while a mutant
// runs. Every mutant position calls the header's `stryCov_9fa48(ids...)`, which adds 1 to a per-test counter
// object keyed by mutant id, in every kernel's inner loop too. Stryker needs those counts from the dry run
// only (which tests reach which mutant, and the hit limit); in a mutant run its vitest runner reads the hit
// count of the active mutant (kept: that is `stryMutAct_9fa48`'s) and never the coverage. So once a mutant
// is active (`ns.activeMutant` is set: the runner's setup file sets it for a mutant run and clears it for
// the dry run) `cover()` returns at once.
import { join, sep } from 'node:path';
import type { Plugin } from 'vite';

// The instrumenter's header (@stryker-mutator/instrumenter, util/syntax-helpers.js), as Stryker writes it.
export const COVER_BODY = `  function cover() {
    var c = cov.static;`;
// the same number of lines: Stryker's locations and vite's line numbers stay as they were
export const COVER_BODY_OFF = `  function cover() { if (ns.activeMutant !== undefined) return;
    var c = cov.static;`;

/** The instrumented file's text with coverage counting off during mutant runs (or always: `always`); other text as it is. */
export function coverageOffInMutantRuns(code: string, file: string, always = false): string {
  if (!code.includes('stryCov_9fa48')) return code;
  if (code.split(COVER_BODY).length !== 2) {
    throw new Error(`mutant-coverage-off: ${file} is instrumented but its stryCov_9fa48 header is not the one this plugin knows (one \`function cover() {\` followed by \`var c = cov.static;\`): this Stryker's instrumentation changed`);
  }
  return code.replace(COVER_BODY, always ? COVER_BODY_OFF.replace('ns.activeMutant !== undefined', 'true') : COVER_BODY_OFF);
}

export function mutantCoverageOff(root: string): Plugin {
  const engine = join(root, 'engine') + sep;
  return {
    name: 'rnn-mutate-coverage-off',
    enforce: 'pre',
    transform(code, id) {
      if (!id.startsWith(engine) || !id.endsWith('.ts')) return null;
      const out = coverageOffInMutantRuns(code, id);
      return out === code ? null : { code: out, map: null };
    },
  };
}
