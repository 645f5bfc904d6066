// Progress for `check`: a bar redrawn in place on a terminal; plain lines when not a TTY or CI=true.
import type { CheckObserver } from '../check/check.js';

export interface Progress {
  /** `rate`: cases per second as the run measured it (check.ts), the one figure the summary prints too. */
  tick(done: number, failed: number, unavailable: number, rate: number): void;
  line(text: string): void;
  end(): void;
}

/** How a cases/s figure is printed, in the progress line and in the summary alike. */
export const formatRate = (rate: number): string => `${rate.toFixed(1)} cases/s`;

export function makeProgress(total: number, stream: NodeJS.WriteStream = process.stderr): Progress {
  // CI=false / CI=0 (as some runners set when asked not to behave as CI) do not count.
  const ci = process.env.CI !== undefined && !/^(|0|false)$/i.test(process.env.CI);
  const animate = stream.isTTY === true && !ci;
  let lastPlain = -1;
  let drawn = false;
  const status = (done: number, failed: number, unavailable: number, rate: number): string => {
    return `${done}/${total} cases, ${failed} failed${unavailable ? `, ${unavailable} reference-unavailable` : ''}, ${formatRate(rate)}`;
  };
  return {
    tick(done, failed, unavailable, rate) {
      const line = status(done, failed, unavailable, rate);
      if (animate) {
        const width = 30;
        const filled = Math.round((done / Math.max(1, total)) * width);
        stream.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${line}`);
        drawn = true;
        return;
      }
      // Plain: a line at every 10% (and at the end), so CI logs stay short.
      const decile = Math.floor((done / Math.max(1, total)) * 10);
      if (decile !== lastPlain || done === total) {
        if (decile !== lastPlain) stream.write(`${line}\n`);
        lastPlain = decile;
      }
    },
    line(text) {
      if (drawn) stream.write('\r\x1b[2K');
      stream.write(`${text}\n`);
    },
    end() {
      if (drawn) stream.write('\n');
      drawn = false;
    },
  };
}

/** `check`'s progress on stderr: a line per case (or per 10%), ended before the failures are shown. */
export function progressReporter(stream: NodeJS.WriteStream = process.stderr): CheckObserver {
  let progress: Progress | undefined;
  return {
    start: (plan) => {
      if (!plan.oneCase) progress = makeProgress(plan.total, stream);
    },
    caseDone: (p) => progress?.tick(p.done, p.failed, p.unavailable, p.rate),
    casesDone: () => progress?.end(),
  };
}
