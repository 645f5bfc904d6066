// vitest for `npm run mutate` only: golden check in-process, one test per fixture and path
// (test/mutate/), the libm ports against the committed glibc/torch table (test/libm-table.test.ts), the column
// sums and the 16-bit grad·W against committed torch tables (test/reduce-table.test.ts, dot4-table.test.ts), plus the
// engine specs (all engine-only: what is checked against torch lives in test/) that carry no wall-clock bound
// (safetensors-linear-time.spec fails under Stryker's instrumentation). RNN_MUTATE_SPECS (comma-separated globs) narrows
// the specs for a run over part of engine/: the fast path's specs compare it with the exact path, so
// they cover (and re-run for) every exact-path mutant, at several seconds a run under instrumentation.
// RNN_MUTATE_GOLDEN=0 leaves out the golden tests (test/mutate/) for a cheap first pass: every fixture draws its
// weights through uniform_, so each surviving RNG mutant otherwise runs all ~940 of them. Such a run is a LOWER
// bound (a mutant it reports surviving may be killed by a fixture): re-run its survivors with the full suite
// (`--mutate engine/uniform.ts:START-END`, golden on) before counting them. Never the default.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { mutantCoverageOff } from './test/mutate/mutant-coverage-off.js';
import { pristineEngine } from './test/mutate/pristine-engine.js';
import { FastestFirst } from './test/mutate/sequencer.js';

const TIMED_SPECS = ['engine/safetensors-linear-time.spec.ts'];
// fast.spec compares precision 'fast' with the exact path over 96 cases on both backends: 1.4 s alone, 19 s of
// the suite's 35 s under instrumentation, and it runs every exact-path mutant, so each surviving (every
// equivalent) or timing-out exact-path mutant paid it. In the one run of all of engine/ (2026-12-07) it was the
// first to fail for 6 mutants, each failed since by a cheaper test (direction.spec's 3 chunks backwards,
// precision.spec); the fast path stays judged here by the golden fast tests and the other fast/ specs.
const SLOW_SPECS = ['engine/fast/fast.spec.ts'];
const SPECS = process.env.RNN_MUTATE_SPECS ? process.env.RNN_MUTATE_SPECS.split(',') : ['engine/**/*.spec.ts'];
const golden = process.env.RNN_MUTATE_GOLDEN ?? '1';
if (golden !== '0' && golden !== '1') throw new Error(`RNN_MUTATE_GOLDEN must be 0 or 1, not ${JSON.stringify(golden)}`);
const GOLDEN = golden === '0' ? [] : ['test/mutate/**/*.test.ts'];

export default defineConfig({
  // the harness's own uses of engine/ (fixture reader, comparator) run a pristine copy: test/mutate/pristine-engine.ts
  // and the engine under test stops counting coverage once a mutant is active: test/mutate/mutant-coverage-off.ts
  plugins: [pristineEngine(fileURLToPath(new URL('.', import.meta.url))), mutantCoverageOff(fileURLToPath(new URL('.', import.meta.url)))],
  test: {
    include: [...GOLDEN, 'test/libm-table.test.ts', 'test/reduce-table.test.ts', 'test/dot4-table.test.ts', ...SPECS],
    exclude: ['node_modules/**', '.stryker-tmp/**', ...TIMED_SPECS, ...SLOW_SPECS],
    testTimeout: 900_000,
    // golden first, then the fastest files (test/mutate/sequencer.ts): a killed mutant stops at its first failure
    sequence: { sequencer: FastestFirst },
    // one seed for every spec that draws its own (coverage per test must be the same in every run)
    env: { RANDOM_SEED: '20261206', FC_SEED: '20261206', RNN_CONFORMANCE_TEST_SEED: '20261206' },
  },
});
