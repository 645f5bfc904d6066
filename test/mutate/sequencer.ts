// The order `npm run mutate` runs its test files in, for each mutant. Stryker's vitest runner stops a
// mutant's run at its first failing test (bail 1), so a killed mutant costs the time until that test:
// vitest's default order (files that failed last time first, then the slowest first) ran the fast path's
// specs (seconds each under instrumentation: they compare with the exact path, so they cover every
// exact-path mutant) before the golden tests that kill most exact-path mutants in milliseconds. Here:
// the golden tests first, then the other files from the fastest to the slowest by their last duration
// (size when none is known yet), name last so the order is the same every run.
import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

export class FastestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const root = this.ctx.config.root;
    const cost = (f: TestSpecification): [number, number, string] => {
      const path = relative(root, f.moduleId).split('\\').join('/');
      const key = `${f.project.name}:${path}`;
      const cache = this.ctx.cache;
      const duration = cache.getFileTestResults(key)?.duration;
      return [path.startsWith('test/mutate/') ? 0 : 1, duration ?? cache.getFileStats(key)?.size ?? 0, path];
    };
    const keyed = files.map((f) => ({ f, c: cost(f) }));
    keyed.sort((a, b) => a.c[0] - b.c[0] || a.c[1] - b.c[1] || (a.c[2] < b.c[2] ? -1 : a.c[2] > b.c[2] ? 1 : 0));
    return keyed.map((k) => k.f);
  }
}
