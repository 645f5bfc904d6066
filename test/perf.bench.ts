// `npm run bench`: the engine, `check` and the sidecar measured side by side with real torch in one
// run; prints one table and writes it to bench/RESULTS.md. Never part of `npm test`.
// The side-by-side run happens while vitest collects this file (vitest's bench mode runs no
// beforeAll hooks); vitest's own table then times two engine rows on its own.
import { bench, describe } from 'vitest';
import { engineModule } from './bench/engine-forward.js';
import { forwardGrid } from './bench/grid.js';
import { markdown, runAll, writeResults } from './bench/report.js';

const report = await runAll();
console.log(`\n${markdown(report)}\n\nwritten to ${writeResults(report)}\n`);

describe('engine forward (vitest timing)', () => {
  for (const row of forwardGrid(['float32'], ['tiny', 'small'])) {
    const { rnn, inputs } = engineModule(row);
    bench(row.name, () => {
      for (const x of inputs) rnn.forward(x);
    });
  }
});
