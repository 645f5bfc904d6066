// The README's API section names every export of the package's entry points (package.json `exports`),
// values and types alike, as the TypeScript compiler lists them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../harness/sidecar/paths.js';

const ROOT = repoRoot();
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const start = readme.indexOf('\n## API\n');
const api = readme.slice(start, readme.indexOf('\n## ', start + 1));

/** The entry point's source for a `exports` target: dist/x/y.js is built from x/y.ts. */
const entries = Object.entries(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).exports as Record<string, string | { default: string }>)
  .filter(([, target]) => typeof target === 'object')
  .map(([subpath, target]) => [subpath, join(ROOT, (target as { default: string }).default.replace(/^\.\/dist\//, '').replace(/\.js$/, '.ts'))] as const);

function exportedNames(file: string): string[] {
  const program = ts.createProgram([file], { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, noEmit: true });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file);
  const symbol = source && checker.getSymbolAtLocation(source);
  if (!symbol) throw new Error(`no module symbol for ${file}`);
  return checker.getExportsOfModule(symbol).map((s) => s.getName());
}

describe('README API section', () => {
  it('exists', () => {
    expect(start).toBeGreaterThan(0);
    expect(entries.map(([subpath]) => subpath)).toEqual(['.', './compare']);
  });
  for (const [subpath, file] of entries) {
    it(`documents every export of ${subpath === '.' ? 'rnn-conformance' : `rnn-conformance${subpath.slice(1)}`}`, () => {
      const names = exportedNames(file);
      expect(names.length).toBeGreaterThan(5);
      expect(names.filter((n) => !new RegExp(`\`${n}[\`(]`).test(api))).toEqual([]);
    });
  }
});
