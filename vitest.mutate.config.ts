// vitest for `npm run mutate` only: golden check in-process, one test per fixture and path
// (test/mutate/), plus the engine specs that need no Python (the live ones call torch in a child process).
import { defineConfig } from 'vitest/config';

const LIVE_SPECS = ['engine/rnn.spec.ts', 'engine/complex.spec.ts', 'engine/libm/libm.spec.ts'];

export default defineConfig({
  test: {
    include: ['test/mutate/**/*.test.ts', 'engine/**/*.spec.ts'],
    exclude: ['node_modules/**', '.stryker-tmp/**', ...LIVE_SPECS],
    testTimeout: 120_000,
  },
});
