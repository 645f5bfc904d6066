// vitest for `npm run mutate` only: the mutation suite (golden check + a fixed-seed check sample).
import { defineConfig } from 'vitest/config';

export default defineConfig({ test: { include: ['test/mutate/**/*.test.ts'], testTimeout: 600_000, hookTimeout: 120_000 } });
