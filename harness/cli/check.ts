// rnn-conformance check: the main job. Fuzz N cases against real torch, print a summary, exit 0/1.
import { cpus } from 'node:os';
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { DTYPES, isDType, type DType } from '../../engine/dtype.js';
import { BREAKS, brokenEngine, type BreakKind } from '../check/broken-engines.js';
import { encodeCaseFile } from '../check/case-file.js';
import { makeProgress } from '../check/progress.js';
import { caseId, describeSpec, judgeCases, runStream, type CaseRecord, type CheckOptions } from '../check/run-check.js';
import { shrinkFailure, specAt } from '../check/shrink.js';
import { summaryJson, summaryText } from '../check/summary.js';
import { materialize } from '../gen/materialize.js';
import { writeFileAtomic } from '../files/index.js';
import { SidecarPool } from '../sidecar/index.js';
import { intFlag, parseFlags } from './args.js';
import { EXIT, UsageError } from './exit-codes.js';

const USAGE = `usage: rnn-conformance check [--cases N] [--seed S] [--dtypes float32,complex64,…] [--workers N]
                             [--json FILE] [--report DIR] [--case I[,J…] [--path P]] [--python PATH]
                             [--no-shrink] [--break ${BREAKS.join('|')}]`;

export async function check(args: string[]): Promise<number> {
  const { values } = parseFlags(
    args,
    {
      cases: { type: 'string' },
      seed: { type: 'string' },
      dtypes: { type: 'string' },
      workers: { type: 'string' },
      json: { type: 'string' },
      report: { type: 'string' },
      case: { type: 'string' },
      path: { type: 'string' },
      python: { type: 'string' },
      'no-shrink': { type: 'boolean' },
      break: { type: 'string' },
      'timeout-ms': { type: 'string' },
    },
    USAGE,
  );
  const cases = intFlag(values.cases, '--cases', USAGE, { min: 1 }) ?? 500;
  const seed = intFlag(values.seed, '--seed', USAGE, { min: -(2 ** 31), max: 2 ** 32 - 1 }) ?? Math.floor(Math.random() * 2 ** 31);
  const workers = intFlag(values.workers, '--workers', USAGE, { min: 1, max: 64 }) ?? cpus().length;
  const timeoutMs = intFlag(values['timeout-ms'], '--timeout-ms', USAGE, { min: 100 }) ?? 120_000;
  const dtypes = parseDtypes(values.dtypes);
  const indices = values.case?.split(',').map((s) => intFlag(s, '--case', USAGE, { min: 0 }) as number);
  if (values.path !== undefined && indices?.length !== 1) throw new UsageError(`--path replays one case: give exactly one --case\n${USAGE}`);
  const breakKind = values.break;
  if (breakKind !== undefined && !(BREAKS as readonly string[]).includes(breakKind)) throw new UsageError(`--break must be one of ${BREAKS.join(', ')}, got '${breakKind}'`);

  const reproduce = [`--seed ${seed}`, values.dtypes ? `--dtypes ${dtypes.join(',')}` : '', breakKind ? `--break ${breakKind}` : ''].filter(Boolean).join(' ');
  const opts: CheckOptions = { seed, dtypes, cases, engine: brokenEngine(breakKind as BreakKind | undefined), ...(indices ? { indices } : {}) };
  const started = Date.now();
  const pool = await SidecarPool.start(workers, { ...(values.python ? { python: values.python } : {}), requestTimeoutMs: timeoutMs });
  const out = (s: string) => process.stdout.write(`${s}\n`);
  try {
    const h = pool.hello;
    out(`rnn-conformance check: ${indices ? indices.length : cases} cases, seed ${seed}, dtypes ${dtypes.join(',')}, ${workers} worker(s)`);
    out(`reference: torch ${h.torch} (${h.cpuCapability}, ${h.cpuModel}), python ${h.python}`);
    out(`reproduce: rnn-conformance check ${reproduce} --cases ${cases}`);
    if (breakKind) out(`self-test: the engine is deliberately broken (--break ${breakKind}); this run must fail`);

    if (values.path !== undefined && indices) {
      // Replay of one shrunk case: rebuild it from its fast-check path, judge it once.
      const spec = await specAt(opts, indices[0] as number, values.path);
      opts.indices = [];
      const record = await judgeOne(pool, opts, indices[0] as number, spec);
      out(record.verdict.status === 'failed' ? formatFailure(record, reproduce, values.path) : `case ${record.case.id} (${describeSpec(spec)}): ${record.verdict.status}`);
      return record.verdict.status === 'failed' ? EXIT.divergence : record.verdict.status === 'passed' ? EXIT.conforms : EXIT.environment;
    }

    const progress = makeProgress(indices ? indices.length : cases);
    let done = 0;
    let failed = 0;
    let unavailable = 0;
    const { totals, failures } = await runStream(pool, {
      ...opts,
      onCase: (r) => {
        done++;
        if (r.verdict.status === 'failed') failed++;
        if (r.verdict.status === 'unavailable') unavailable++;
        progress.tick(done, failed, unavailable);
      },
    });
    progress.end();

    const reportDir = values.report;
    if (reportDir) mkdirSync(reportDir, { recursive: true });
    const failureLines: { id: string; replay: string; file?: string; message: string }[] = [];
    for (const [k, f] of failures.entries()) {
      let shown: CaseRecord = f;
      let path: string | undefined;
      if (!values['no-shrink'] && k < 3) {
        out(`shrinking case ${f.case.id} (${describeSpec(f.case.spec ?? (await specAt(opts, f.index)))})…`);
        const s = await shrinkFailure(pool, opts, f.index);
        if (s) {
          shown = s.record;
          path = s.path;
        }
      }
      const replay = `rnn-conformance check ${reproduce} --case ${f.index}${path ? ` --path ${path}` : ''}`;
      let file: string | undefined;
      if (reportDir) {
        // Names are built from numbers only: a report can never escape its directory.
        file = join(reportDir, `case-${seed}-${f.index}.safetensors`);
        writeFileAtomic(file, encodeCaseFile({ case: shown.case, note: `${shown.verdict.message}\nreplay: ${replay}` }));
      }
      out(formatFailure(shown, reproduce, path, f.index, file));
      failureLines.push({ id: f.case.id, replay, ...(file ? { file } : {}), message: shown.verdict.message });
    }
    const durationS = (Date.now() - started) / 1000;
    out(summaryText(totals, durationS, pool.restarts));
    if (values.json) writeFileAtomic(values.json, `${JSON.stringify(summaryJson({ totals, durationS, restarts: pool.restarts, hello: pool.hello, seed, dtypes, failures: failureLines }), null, 2)}\n`);
    return totals.failed > 0 ? EXIT.divergence : totals.unavailable > 0 ? EXIT.environment : EXIT.conforms;
  } finally {
    await pool.close();
  }
}

async function judgeOne(pool: SidecarPool, opts: CheckOptions, index: number, spec: Awaited<ReturnType<typeof specAt>>): Promise<CaseRecord> {
  const c = materialize(spec, caseId(opts.seed, index));
  const [verdict] = await judgeCases(pool, [c], opts);
  if (!verdict) throw new Error('no verdict');
  return { index, case: c, verdict };
}

function formatFailure(r: CaseRecord, reproduce: string, path?: string, index = r.index, file?: string): string {
  const lines = [
    `FAIL case ${r.case.id}${r.case.spec ? `: ${describeSpec(r.case.spec)}` : ''}`,
    ...r.verdict.message.split('\n').map((l) => `  ${l}`),
    `  replay: rnn-conformance check ${reproduce} --case ${index}${path ? ` --path ${path}` : ''}`,
  ];
  if (file) lines.push(`  saved:  ${file}  (rnn-conformance replay ${file})`);
  return lines.join('\n');
}

function parseDtypes(s: string | undefined): DType[] {
  if (s === undefined) return [...DTYPES];
  const list = s.split(',').map((x) => x.trim());
  for (const d of list) if (!isDType(d)) throw new UsageError(`--dtypes: unknown dtype '${d}' (choose from ${DTYPES.join(', ')})`);
  return list as DType[];
}
