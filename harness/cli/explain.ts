// rnn-conformance explain CASE: where and why the engine and torch part on one saved case (from
// `check --report`, a golden fixture, or one a user writes): per layer, direction and timestep,
// teacher-forced steps, the oracle, one verdict line; --svg draws the chart, --json keeps the numbers.
import { BREAKS, brokenEngine } from '../engines/broken-engines.js';
import { explainCase } from '../explain/explain.js';
import { textReport } from '../explain/report.js';
import { svgChart } from '../explain/svg-chart.js';
import { writeFileAtomic } from '../files/index.js';
import { Sidecar } from '../sidecar/index.js';
import { breakFlag, parseFlags } from './args.js';
import { EXIT, UsageError } from './exit-codes.js';
import { readCaseFile } from './replay.js';

const USAGE = `usage: rnn-conformance explain CASE.safetensors [--svg FILE] [--json FILE] [--python PATH] [--break ${BREAKS.join('|')}]`;

/** `rnn-conformance explain --help`. */
export const HELP = USAGE;

export async function explain(args: string[]): Promise<number> {
  const { values, positionals } = parseFlags(
    args,
    { svg: { type: 'string' }, json: { type: 'string' }, python: { type: 'string' }, break: { type: 'string' } },
    USAGE,
  );
  if (positionals.length !== 1) throw new UsageError(`give exactly one case file\n${USAGE}`);
  const kind = breakFlag(values.break, USAGE);
  const file = readCaseFile(positionals[0] as string);
  const torch = await Sidecar.start(values.python ? { python: values.python } : {});
  try {
    const e = await explainCase(file.case, torch, { engine: brokenEngine(kind) });
    const h = torch.hello;
    process.stdout.write(textReport(e, `${h.torch} (${h.cpuCapability})`));
    if (values.svg) {
      writeFileAtomic(values.svg, svgChart(e));
      process.stdout.write(`chart: ${values.svg}\n`);
    }
    if (values.json) {
      const json = JSON.stringify({ torch: { version: h.torch, gitVersion: h.gitVersion, cpuCapability: h.cpuCapability, python: torch.python }, ...e }, (_, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v), 2);
      writeFileAtomic(values.json, `${json}\n`);
      process.stdout.write(`numbers: ${values.json}\n`);
    }
    const status = e.comparator.status;
    return status === 'passed' ? EXIT.conforms : status === 'failed' ? EXIT.divergence : EXIT.environment;
  } finally {
    await torch.close();
  }
}
