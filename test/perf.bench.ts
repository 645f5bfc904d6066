// `npm run bench`: the engine, `check` and the sidecar measured side by side with real torch in one
// run; prints one table and writes it to bench/RESULTS.md. Never part of `npm test`.
// The side-by-side run happens while vitest collects this file (vitest's bench mode runs no
// beforeAll hooks); vitest's own table then times two engine rows on its own.
// RNN_BENCH_ONLY=check: the `check` throughput rounds alone (about a minute), printed, RESULTS.md untouched.
// RNN_BENCH_ONLY=gradient: the backward vs forward rows and check on gradient cases alone, printed (their
// RESULTS.md sections verbatim), RESULTS.md untouched.
import { loadavg } from 'node:os';
import { bench, describe } from 'vitest';
import { backwardGrid, backwardMarkdown, backwardSideBySide } from './bench/backward.js';
import { gradientCheckMarkdown, gradientCheckRate } from './bench/check-gradient.js';
import { engineModule } from './bench/engine-forward.js';
import { forwardGrid } from './bench/grid.js';
import { TORCH_THREADS, checkMarkdown, checkSideBySide, markdown, runAll, writeResults } from './bench/report.js';

if (process.env.RNN_BENCH_ONLY === 'check') {
  const load0 = loadavg()[0] as number;
  const check = await checkSideBySide();
  const ratios = check.rates.map((c) => `${c.workers} worker(s) ${(c.casesPerS / check.python).toFixed(3)}×`).join(', ');
  console.log(`\n${checkMarkdown(check)}\n\nWall-clock ratios to the Python loop: ${ratios}. Load average (1 min) at start / end: ${load0.toFixed(1)} / ${(loadavg()[0] as number).toFixed(1)}.\n`);
} else if (process.env.RNN_BENCH_ONLY === 'gradient') {
  const log = (m: string) => console.log(m);
  const backward = await backwardSideBySide(backwardGrid(), TORCH_THREADS, log);
  const gradient = await gradientCheckRate(150, 7, log);
  console.log(`\n${backwardMarkdown(backward)}\n\n${gradientCheckMarkdown(gradient)}\n`);
} else {
  const report = await runAll();
  console.log(`\n${markdown(report)}\n\nwritten to ${writeResults(report)}\n`);
}

describe('engine forward (vitest timing)', () => {
  for (const row of forwardGrid(['float32'], ['tiny', 'small'])) {
    const { rnn, inputs } = engineModule(row);
    bench(row.name, () => {
      for (const x of inputs) rnn.forward(x);
    });
  }
});
