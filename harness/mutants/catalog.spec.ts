import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../sidecar/paths.js';
import { MUTANTS } from './catalog.js';
import { pattern, plant } from './run.js';

describe('the hand-written mutant catalog', () => {
  it('has at least 25 mutants with distinct names', () => {
    expect(MUTANTS.length).toBeGreaterThanOrEqual(25);
    expect(new Set(MUTANTS.map((m) => m.name)).size).toBe(MUTANTS.length);
  });
  for (const m of MUTANTS) {
    it(`${m.name} plants in ${m.file} and changes it`, () => {
      const src = readFileSync(join(repoRoot(), m.file), 'utf8');
      const mutated = plant(src, m, m.file);
      expect(mutated).not.toBe(src);
      expect(mutated.match(pattern(m.replace))?.length ?? 0).toBeGreaterThan(0);
    });
  }
  it('refuses a find text that is not there', () => {
    expect(() => plant('const a = 1;', { name: 'x', file: 'f', find: 'const b', replace: '', bug: '' }, 'f')).toThrow(/found 0 time\(s\) in f, expected 1/);
  });
  it('matches across re-indented and re-wrapped lines', () => {
    expect(plant('if (a)\n    b(1,\n      2);', { name: 'x', file: 'f', find: 'if (a) b(1, 2);', replace: 'c();', bug: '' }, 'f')).toBe('c();');
  });
});
