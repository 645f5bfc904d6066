// check's reporters over one run: the terminal and the progress as it goes, then the files asked for
// (--json, --junit, --summary, --report) and GitHub annotations from its result.
import type { CheckObserver, CheckResult } from '../check/check.js';
import { writeFileAtomic } from '../files/index.js';
import { checkAnnotations } from './annotations.js';
import { checkJson } from './json.js';
import { checkJUnit } from './junit.js';
import { checkMarkdown } from './markdown-summary.js';
import { progressReporter } from './progress.js';
import { reportDirReporter } from './report-dir.js';
import { endLines, interruptedLine, replayedLine, terminalReporter } from './summary.js';

export interface CheckOutputs {
  json?: string | undefined;
  junit?: string | undefined;
  summary?: string | undefined;
  reportDir?: string | undefined;
  /** Print workflow commands (GitHub Actions). */
  annotations: boolean;
  out: (line: string) => void;
  err: (text: string) => void;
}

export function checkReporters(o: CheckOutputs): { observer: CheckObserver; finish(r: CheckResult): void } {
  const dir = o.reportDir === undefined ? undefined : reportDirReporter(o.reportDir);
  const observers = [terminalReporter(o.out), progressReporter(), ...(dir ? [dir] : [])];
  const each =
    <K extends keyof CheckObserver>(k: K) =>
    (...a: Parameters<NonNullable<CheckObserver[K]>>) => {
      for (const ob of observers) (ob[k] as ((...x: typeof a) => void) | undefined)?.(...a);
    };
  return {
    observer: { start: each('start'), caseDone: each('caseDone'), casesDone: each('casesDone'), shrinking: each('shrinking'), failure: each('failure') },
    finish(r) {
      if (r.replayed) return o.out(replayedLine(r.replayed));
      if (r.interrupted) {
        o.err(`${interruptedLine(r)}\n`);
        if (o.json) writeFileAtomic(o.json, `${JSON.stringify(checkJson(r), null, 2)}\n`);
        return;
      }
      endLines(r).forEach(o.out);
      dir?.finish(r);
      if (o.json) writeFileAtomic(o.json, `${JSON.stringify(checkJson(r), null, 2)}\n`);
      if (o.junit) writeFileAtomic(o.junit, checkJUnit(r));
      if (o.summary) writeFileAtomic(o.summary, checkMarkdown(r));
      if (o.annotations) checkAnnotations(r).forEach(o.out);
    },
  };
}
