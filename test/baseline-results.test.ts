// scripts/baseline-results.mjs: `npm run mutate` rewrites the committed Stryker baseline only when a run's
// results differ from it, not when the run merely numbered the tests otherwise.
import { describe, expect, it } from 'vitest';
// @ts-expect-error a plain .mjs script without types
import { resultsDigest } from '../scripts/baseline-results.mjs';

const loc = (line: number) => ({ start: { line, column: 1 }, end: { line, column: 9 } });

/** A small incremental report: two tests of one file, two mutants, with the tests numbered from `first`. */
function report(first: number, over: { status?: string; source?: string; killer?: 'a' | 'b'; reason?: string; root?: string } = {}) {
  const [a, b] = [String(first), String(first + 1)];
  return {
    schemaVersion: '2',
    projectRoot: over.root ?? 'root of run 1',
    config: { projectRoot: over.root ?? 'root of run 1' },
    files: {
      'engine/x.ts': {
        source: over.source ?? 'export const x = 1 + 2;\n',
        language: 'typescript',
        mutants: [
          { id: '0', mutatorName: 'ArithmeticOperator', replacement: '1 - 2', location: loc(1), status: 'Killed', static: true, killedBy: [over.killer === 'b' ? b : a], coveredBy: [a, b], statusReason: over.reason ?? 'expected 3', testsCompleted: 1 },
          { id: '1', mutatorName: 'BooleanLiteral', replacement: 'false', location: loc(2), status: over.status ?? 'Survived', static: false, coveredBy: [b] },
        ],
      },
    },
    testFiles: { 'engine/x.spec.ts': { source: 'it("a"); it("b");\n', tests: [{ id: a, name: 'x a' }, { id: b, name: 'x b' }] } },
  };
}

describe('resultsDigest', () => {
  it('is the same when only the run differs: test ids, project root, config, a kill reason, the order of mutants', () => {
    const other = report(1040, { root: 'root of run 2', reason: 'expected 3 (run 2)' });
    other.files['engine/x.ts'].mutants.reverse();
    expect(resultsDigest(other)).toBe(resultsDigest(report(0)));
  });

  it('differs when a status, a source, or the test that killed a mutant differs', () => {
    const base = resultsDigest(report(0));
    expect(resultsDigest(report(0, { status: 'Killed' }))).not.toBe(base);
    expect(resultsDigest(report(0, { source: 'export const x = 1 + 3;\n' }))).not.toBe(base);
    expect(resultsDigest(report(0, { killer: 'b' }))).not.toBe(base);
    const renamed = report(0);
    renamed.testFiles['engine/x.spec.ts'].tests[1].name = 'x b, renamed';
    expect(resultsDigest(renamed)).not.toBe(base);
  });

  it('refuses what is not a Stryker report', () => {
    expect(() => resultsDigest({})).toThrow('not a Stryker report: no "files"');
  });
});
