import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['engine/**/*.spec.ts', 'harness/**/*.spec.ts', 'test/**/*.test.ts'],
    // test/mutate/ is the suite `npm run mutate` (StrykerJS) runs; vitest.mutate.config.ts.
    exclude: [...configDefaults.exclude, 'test/mutate/**'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
