/// <reference types="vite/client" />
// Every engine module evaluates without throwing. A mutant in a module's top-level code (a constant such as
// packed.ts's I64_MIN = -(1n << 63n) turned into +(1n << 63n), which throws a TypeError) breaks every spec
// that imports the module statically at collection time, which Stryker's vitest runner counts as no
// failed test (docs/mutation-testing.md, the collection rule): here each module is imported inside a test.
import { expect, it } from 'vitest';

const modules = import.meta.glob(['./**/*.ts', '!./**/*.spec.ts']);

it('finds the engine modules', () => {
  expect(Object.keys(modules)).toContain('./packed.ts');
});

for (const [path, load] of Object.entries(modules)) {
  it(`${path} evaluates`, async () => {
    await expect(load()).resolves.toBeTypeOf('object');
  });
}
