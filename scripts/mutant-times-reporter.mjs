// A Stryker reporter plugin that stamps each mutant's result with the milliseconds since the previous one
// (one JSON line per mutant: id, file, line, mutator, status, static, covering tests, ms), for measuring
// where a run's time goes (docs/mutation-testing.md, "How long a run takes"). With concurrency 1 a line's ms
// is that mutant's run; with more, runs overlap and the stamps only add up to the wall time.
//
//   MUTANT_TIMES=reports/mutant-times.jsonl npx stryker run --concurrency 1 \
//     --plugins @stryker-mutator/vitest-runner,./scripts/mutant-times-reporter.mjs --reporters mutant-times,progress \
//     --incrementalFile reports/times-incremental.json   # a copy: the run must not rewrite the baseline's work file
//
// Reused results (incremental) arrive at once with ms near 0: filter them out (ms > 20).
import { appendFileSync, writeFileSync } from 'node:fs';
import { PluginKind, declareClassPlugin } from '@stryker-mutator/api/plugin';

class MutantTimesReporter {
  out = process.env.MUTANT_TIMES ?? 'reports/mutant-times.jsonl';
  last = Date.now();

  onMutationTestingPlanReady() {
    writeFileSync(this.out, '');
    this.last = Date.now();
  }

  onMutantTested(r) {
    const now = Date.now();
    const line = { id: r.id, file: r.fileName, line: r.location.start.line, mutator: r.mutatorName, status: r.status, static: !!r.static, tests: (r.coveredBy ?? []).length, ms: now - this.last };
    appendFileSync(this.out, `${JSON.stringify(line)}\n`);
    this.last = now;
  }
}

export const strykerPlugins = [declareClassPlugin(PluginKind.Reporter, 'mutant-times', MutantTimesReporter)];
