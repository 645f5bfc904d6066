// `check --report DIR`: each failing case saved as a replayable case file as it is reported (the shrunk
// one when shrinking found it), and DIR/failing.json, which the next run re-runs first.
import { mkdirSync } from 'node:fs';
import { encodeCaseFile } from '../case/index.js';
import { counts } from '../check/case-result.js';
import type { CheckObserver, CheckResult } from '../check/check.js';
import { nextFailing, writeFailing } from '../check/failing-list.js';
import { writeFileAtomic } from '../files/index.js';

export function reportDirReporter(dir: string): CheckObserver & { finish(r: CheckResult): void } {
  return {
    failure: ({ result, shown }) => {
      if (result.file === undefined) return;
      mkdirSync(dir, { recursive: true });
      writeFileAtomic(result.file, encodeCaseFile({ case: shown.case, note: `${shown.verdict.message}\nreplay: ${result.shrunk?.replay ?? result.replay}` }));
    },
    finish: (r) => {
      if (r.interrupted || r.replayed) return;
      mkdirSync(dir, { recursive: true });
      if (r.plan.settings.flags.indices) return;
      const unchecked = r.results.filter((c) => c.rerun && c.status === 'unavailable');
      writeFailing(dir, nextFailing(r.plan.previous, r.results.filter(counts), new Date().toISOString(), unchecked));
    },
  };
}
