import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['engine/**/*.spec.ts', 'harness/**/*.spec.ts', 'test/**/*.test.ts'],
    // test/mutate/ is the suite `npm run mutate` (StrykerJS) runs; vitest.mutate.config.ts.
    exclude: [...configDefaults.exclude, 'test/mutate/**'],
    testTimeout: 120_000,
    // Concurrent tests (test/sidecar.test.ts's fault tests, each starting torch-importing sidecars) run
    // two at a time: ten torch imports at once on a loaded 2-core machine missed the 60 s start-up
    // deadline. A test's timeout counts from its start, not while it waits for a slot.
    maxConcurrency: 2,
    hookTimeout: 120_000,
  },
});
