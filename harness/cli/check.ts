// rnn-conformance check: the main job. Fuzz N cases against real torch, print a summary, exit 0/1
// (2 bad usage or input, 3 environment). CI outputs: --junit, --summary, GitHub annotations, --shard,
// rnn-conformance.config.json, and earlier failures re-run first (DIR/failing.json under --report).
import { cpus, hostname } from 'node:os';
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { DTYPES, isDType, type DType } from '../../engine/dtype.js';
import { BREAKS } from '../engines/broken-engines.js';
import { chooseEngine } from '../engines/cli.js';
import { ENGINE_CHOICES } from '../engines/select.js';
import { encodeCaseFile, describeSpec } from '../case/index.js';
import { coverageJson, coverageText, emptyCoverage, exactJson, exactText, missed, tallyCoverage, tallyExact, type ExactByDtype } from '../check/coverage.js';
import { dropoutMismatch } from '../check/dropout-probe.js';
import { makeProgress } from '../report/progress.js';
import { caseId, emptyTotals, judgeCases, runStream, tally, type CaseRecord, type CheckOptions } from '../check/run-check.js';
import { shrinkFailure, specAt } from '../check/shrink.js';
import { summaryJson, summaryText } from '../report/summary.js';
import { githubAnnotations } from '../report/annotations.js';
import { countOutcomes, counts, headline, noOutcomes, toCaseResult, type CaseResult } from '../check/case-result.js';
import { loadGateConfig } from '../check/config-file.js';
import { failingPath, groupBySeed, nextFailing, readFailing, writeFailing } from '../check/failing-list.js';
import { jobSummaryMarkdown } from '../report/markdown-summary.js';
import { toJUnit } from '../report/junit.js';
import { quarantineReason, staleLine, staleQuarantine } from '../check/quarantine.js';
import { formatShard, parseShard, shardIndices } from '../check/shard.js';
import { materialize } from '../gen/materialize.js';
import { writeFileAtomic } from '../files/index.js';
import { SidecarPool } from '../sidecar/index.js';
import { breakFlag, intFlag, parseFlags } from './args.js';
import { EXIT, UsageError } from './exit-codes.js';

/** The most cases one run takes: each case's result is kept for JUnit, Markdown and JSON (~2 KB of heap a case,
 * measured): 250,000 stay near 0.5 GB, far from V8's heap limit (~4 GB) that a bigger count hit. */
export const MAX_CASES = 250_000;

const USAGE = `usage: rnn-conformance check [--cases N] [--seed S] [--dtypes float32,complex64,…] [--workers N]
                             [--shard I/N] [--json FILE] [--junit FILE] [--summary FILE] [--report DIR]
                             [--config-file PATH | --no-config] [--case I[,J…] [--path P]] [--python PATH]
                             [--no-shrink] [--break ${BREAKS.join('|')}] [--engine ${ENGINE_CHOICES}] [--timeout-ms MS] [--require-coverage]
settings also come from ./rnn-conformance.config.json (flags override it)
a run (or one --shard of it) runs at most ${MAX_CASES} cases: every case's result is kept for the reports
--case replays cases of one seed's stream: it needs --seed
exit codes: 0 conforms, 1 divergence found (or a --break self-test that did not trigger), 2 bad usage or bad input file,
            3 environment (no Python, no torch, sidecar dead, reference unavailable),
            4 conforms but a numeric regime this run's cases are built to reach was missed (--require-coverage)`;

/** `rnn-conformance check --help`. */
export const HELP = USAGE;

/** One stream of cases: the run's own, or earlier failures of another seed or dtype list. */
interface Part {
  opts: CheckOptions;
  reproduce: string;
  rerun: boolean;
}

export async function check(args: string[]): Promise<number> {
  const { values } = parseFlags(
    args,
    {
      cases: { type: 'string' },
      seed: { type: 'string' },
      dtypes: { type: 'string' },
      workers: { type: 'string' },
      json: { type: 'string' },
      junit: { type: 'string' },
      summary: { type: 'string' },
      shard: { type: 'string' },
      report: { type: 'string' },
      'config-file': { type: 'string' },
      'no-config': { type: 'boolean' },
      case: { type: 'string' },
      path: { type: 'string' },
      python: { type: 'string' },
      'no-shrink': { type: 'boolean' },
      break: { type: 'string' },
      'timeout-ms': { type: 'string' },
      engine: { type: 'string' },
      'require-coverage': { type: 'boolean' },
    },
    USAGE,
  );
  if (values['no-config'] && values['config-file'] !== undefined) throw new UsageError(`--config-file and --no-config exclude each other\n${USAGE}`);
  // Flags are checked before the file is read: a usage error is reported as such even beside a bad file.
  const flagCases = intFlag(values.cases, '--cases', USAGE, { min: 1 });
  const flagSeed = intFlag(values.seed, '--seed', USAGE, { min: -(2 ** 31), max: 2 ** 32 - 1 });
  const flagWorkers = intFlag(values.workers, '--workers', USAGE, { min: 1, max: 64 });
  const timeoutMs = intFlag(values['timeout-ms'], '--timeout-ms', USAGE, { min: 100 }) ?? 120_000;
  const flagDtypes = values.dtypes === undefined ? undefined : parseDtypes(values.dtypes);
  const indices = values.case?.split(',').map((s) => intFlag(s, '--case', USAGE, { min: 0 }) as number);
  if (indices && flagSeed === undefined) throw new UsageError(`--case ${values.case ?? ''} names cases of one seed's stream: give --seed S too (the seed the run printed, as its replay line does)\n${USAGE}`);
  if (values.path !== undefined && indices?.length !== 1) throw new UsageError(`--path replays one case: give exactly one --case\n${USAGE}`);
  const shard = values.shard === undefined ? undefined : parseShard(values.shard, USAGE);
  if (shard && indices) throw new UsageError(`--shard partitions the run's cases; it cannot be combined with --case\n${USAGE}`);
  const breakKind = breakFlag(values.break, USAGE);

  const loaded = values['no-config'] ? null : loadGateConfig(values['config-file']);
  const file = loaded?.config ?? {};
  const cases = flagCases ?? file.cases ?? 500;
  // A shard keeps only its own cases' results: the limit is on what this process runs.
  const here = indices ? indices.length : shard ? Math.ceil(Math.max(0, cases - (shard.index - 1)) / shard.count) : cases;
  if (here > MAX_CASES) {
    const from = flagCases === undefined ? ` (\`cases\` in ${loaded?.path ?? 'the config file'})` : '';
    throw new UsageError(
      `--cases ${cases}${from}${shard ? ` --shard ${formatShard(shard)}` : ''} would run ${here} cases here, over the limit of ${MAX_CASES} a run (each case's result is kept for the reports): split the run, e.g. --shard 1/${Math.ceil(cases / MAX_CASES)} … ${Math.ceil(cases / MAX_CASES)}/${Math.ceil(cases / MAX_CASES)}\n${USAGE}`,
    );
  }
  const seed = flagSeed ?? file.seed ?? Math.floor(Math.random() * 2 ** 31);
  const workers = flagWorkers ?? file.workers ?? cpus().length;
  const dtypes = flagDtypes ?? file.dtypes ?? [...DTYPES];
  const reportDir = values.report ?? file.report;
  const quarantine = file.quarantine ?? [];

  // The engine under the gate: a bad name or adapter module is a usage error, before any sidecar starts.
  const engine = await chooseEngine({ flag: values.engine, fromFile: file.engine, configPath: loaded?.path, breakKind, timeoutMs });
  const reproduceFor = (s: number, d: readonly DType[]) =>
    [
      `--seed ${s}`,
      engine.flag,
      d.join(',') !== DTYPES.join(',') ? `--dtypes ${d.join(',')}` : '',
      breakKind ? `--break ${breakKind}` : '',
      values['config-file'] !== undefined ? `--config-file ${values['config-file']}` : '',
      values['no-config'] ? '--no-config' : '',
    ]
      .filter(Boolean)
      .join(' ');
  const reproduce = reproduceFor(seed, dtypes);
  const base = { ...engine.opts, ...(file.tolerances ? { tolerances: file.tolerances } : {}) };
  const opts: CheckOptions = { seed, dtypes, cases, ...base, coverage: true, ...(indices ? { indices } : {}) };
  const started = new Date();
  const pool = await SidecarPool.start(workers, { ...(values.python ? { python: values.python } : {}), requestTimeoutMs: timeoutMs }).catch(async (e: unknown) => {
    await engine.close();
    throw e;
  });
  const out = (s: string) => process.stdout.write(`${s}\n`);
  let stopListening = () => {};
  try {
    const h = pool.hello;
    if (values.path !== undefined && indices) {
      out(`rnn-conformance check: 1 case, seed ${seed}, dtypes ${dtypes.join(',')}, ${workers} worker(s)`);
      out(`reference: torch ${h.torch} (${h.cpuCapability}, ${h.cpuModel}), python ${h.python}`);
      out(engine.header);
      // Replay of one shrunk case: rebuild it from its fast-check path, judge it once.
      const spec = await specAt(opts, indices[0] as number, values.path);
      opts.indices = [];
      const record = await judgeOne(pool, opts, indices[0] as number, spec);
      out(record.verdict.status === 'failed' ? formatFailure(record, reproduce, values.path) : `case ${record.case.id} (${describeSpec(spec)}): ${record.verdict.status}${record.verdict.status === 'unsupported' ? ` (${record.verdict.message})` : ''}`);
      return record.verdict.status === 'failed' ? EXIT.divergence : record.verdict.status === 'passed' || record.verdict.status === 'unsupported' ? EXIT.conforms : EXIT.environment;
    }

    // Earlier failures first, each with its own seed and dtypes; a case of this very stream is not run twice.
    const previous = reportDir && !indices ? readFailing(reportDir) : [];
    const parts: Part[] = groupBySeed(previous).map((g) => ({ opts: { ...base, seed: g.seed, dtypes: g.dtypes, cases: 0, indices: g.indices }, reproduce: reproduceFor(g.seed, g.dtypes), rerun: true }));
    const again = new Set(parts.filter((p) => p.opts.seed === seed && (p.opts.dtypes ?? []).join(',') === dtypes.join(',')).flatMap((p) => p.opts.indices ?? []));
    const mine = (indices ?? shardIndices(cases, shard)).filter((i) => !again.has(i));
    parts.push({ opts: { ...opts, indices: mine }, reproduce, rerun: false });
    const total = parts.reduce((n, p) => n + (p.opts.indices?.length ?? 0), 0);

    const header = [
      `rnn-conformance check: ${shard ? `shard ${formatShard(shard)}: ${mine.length + again.size} of ${cases}` : indices ? indices.length : cases} cases, seed ${seed}, dtypes ${dtypes.join(',')}, ${workers} worker(s)`,
      `reference: torch ${h.torch} (${h.cpuCapability}, ${h.cpuModel}), python ${h.python}`,
      engine.header,
      `reproduce: rnn-conformance check ${reproduce} --cases ${cases}${shard ? ` --shard ${formatShard(shard)}` : ''}`,
      ...(loaded ? [`config: ${loaded.path}${quarantine.length ? ` (${quarantine.length} quarantined case(s))` : ''}`] : []),
      ...(previous.length ? [`re-running first: ${previous.length} case(s) that failed in an earlier run (${failingPath(reportDir ?? '')})`] : []),
      ...(breakKind ? [`self-test: the engine is deliberately broken (--break ${breakKind}); this run must fail`] : []),
      ...(dropoutMismatch(h) ? [`note: ${dropoutMismatch(h) ?? ''}`] : []),
    ];
    header.forEach(out);

    const progress = makeProgress(total);
    const totals = emptyTotals();
    const coverage = emptyCoverage(dtypes, mine);
    const exactByDtype: ExactByDtype = {};
    const results: CaseResult[] = [];
    const failed: { record: CaseRecord; result: CaseResult; part: Part }[] = [];
    let done = 0;
    let nFailed = 0;
    let nUnavailable = 0;
    // Ctrl-C / SIGTERM: stop the sidecars (no orphans), keep what was written (reports are atomic),
    // record the partial counts, exit 130.
    const interrupted = (sig: NodeJS.Signals) => {
      progress.end();
      const so = countOutcomes(results).get('all') ?? noOutcomes();
      process.stderr.write(`\ninterrupted (${sig}) after ${done} of ${total} cases (${so.passed} passed, ${so.failed} failed${so.quarantined ? `, ${so.quarantined} quarantined` : ''}): stopping the torch sidecars\n`);
      if (values.json) {
        const byDtype = Object.fromEntries(countOutcomes(results, (r) => [r.dtype]));
        const byKind = Object.fromEntries(countOutcomes(results, (r) => [r.kind]));
        const partial = { interrupted: sig, torch_version: h.torch, seed, cases: total, cases_done: done, passed: so.passed, failed: so.failed, quarantined_failures: so.quarantined, reference_unavailable: so.unavailable, by_dtype: byDtype, by_kind: byKind };
        writeFileAtomic(values.json, `${JSON.stringify(partial, null, 2)}\n`);
      }
      void Promise.all([pool.close(), engine.close()]).finally(() => process.exit(130));
    };
    process.once('SIGINT', interrupted);
    process.once('SIGTERM', interrupted);
    stopListening = () => {
      process.off('SIGINT', interrupted);
      process.off('SIGTERM', interrupted);
    };
    for (const part of parts) {
      if ((part.opts.indices?.length ?? 0) === 0) continue;
      await runStream(pool, {
        ...part.opts,
        onCase: (r) => {
          tally(totals, r);
          if (!part.rerun) tallyCoverage(coverage, r);
          tallyExact(exactByDtype, r);
          const res = toCaseResult(r, { seed: part.opts.seed, dtypes: part.opts.dtypes ?? DTYPES, replay: `rnn-conformance check ${part.reproduce} --case ${r.index}` });
          const reason = quarantineReason(quarantine, { id: res.id, index: r.index });
          if (reason !== undefined) res.quarantined = reason;
          if (part.rerun) res.rerun = true;
          results.push(res);
          if (r.verdict.status === 'failed') failed.push({ record: r, result: res, part });
          done++;
          if (counts(res)) nFailed++;
          if (r.verdict.status === 'unavailable') nUnavailable++;
          progress.tick(done, nFailed, nUnavailable);
        },
      });
    }
    progress.end();

    if (reportDir) mkdirSync(reportDir, { recursive: true });
    let shrunkSoFar = 0;
    for (const { record: f, result: res, part } of failed) {
      if (res.quarantined !== undefined) {
        out(`QUARANTINED case ${res.id}: ${res.description}\n  reason: ${res.quarantined}\n  ${headline(res.message)}\n  replay: ${res.replay}`);
        continue;
      }
      let shown: CaseRecord = f;
      let path: string | undefined;
      if (!values['no-shrink'] && shrunkSoFar++ < 3) {
        out(`shrinking case ${f.case.id} (${res.description})…`);
        const s = await shrinkFailure(pool, part.opts, f.index);
        if (s) {
          shown = s.record;
          path = s.path;
          res.shrunk = { description: s.record.case.spec ? describeSpec(s.record.case.spec) : s.record.case.id, message: s.record.verdict.message, replay: `${res.replay} --path ${path}` };
        }
      }
      if (reportDir) {
        // Names are built from numbers only: a report can never escape its directory.
        res.file = join(reportDir, `case-${part.opts.seed}-${f.index}.safetensors`);
        res.fileReplay = replayFile(res.file, breakKind, engine.flag);
        writeFileAtomic(res.file, encodeCaseFile({ case: shown.case, note: `${shown.verdict.message}\nreplay: ${res.shrunk?.replay ?? res.replay}` }));
      }
      out(formatFailure(shown, part.reproduce, path, f.index, res.file, breakKind, engine.flag));
    }

    const durationS = (Date.now() - started.getTime()) / 1000;
    const counted = results.filter(counts);
    // A self-test whose broken engine passed everything proves nothing: that is a failure too.
    const untriggered = breakKind !== undefined && totals.failed === 0 && totals.unavailable === 0;
    const uncovered = values['require-coverage'] === true && missed(coverage).length > 0;
    const code = counted.length > 0 || untriggered ? EXIT.divergence : totals.unavailable > 0 ? EXIT.environment : uncovered ? EXIT.coverage : EXIT.conforms;
    const casesPerS = progress.rate();
    // One count for every output: terminal, JSON, Markdown and JUnit read these same numbers.
    const all = countOutcomes(results).get('all') ?? noOutcomes();
    const byDtype = countOutcomes(results, (r) => [r.dtype]);
    const byKind = countOutcomes(results, (r) => [r.kind]);
    const stale = staleQuarantine(quarantine, results);
    out(coverageText(coverage));
    out(exactText(exactByDtype));
    out(summaryText({ totals, all, byDtype, byKind, durationS, casesPerS, restarts: pool.restarts, stale }));
    if (untriggered) out(`self-test did not trigger: the engine broken by --break ${breakKind} passed all ${totals.cases} case(s); this run cannot tell it from the real engine (try more --cases or other --dtypes)`);
    if (uncovered) out(`--require-coverage: ${missed(coverage).length} regime(s) missed (exit ${EXIT.coverage})`);

    if (reportDir && !indices) {
      const now = new Date().toISOString();
      writeFailing(reportDir, nextFailing(previous, counted, now, results.filter((r) => r.rerun && r.status === 'unavailable')));
    }
    const failureLines = counted.map((r) => ({ id: r.id, replay: r.shrunk?.replay ?? r.replay, ...(r.file ? { file: r.file } : {}), message: r.shrunk?.message ?? r.message }));
    const json = summaryJson({
      totals,
      all,
      byDtype,
      byKind,
      stale,
      durationS,
      casesPerS,
      restarts: pool.restarts,
      hello: h,
      engine: engine.name,
      engineName: engine.selected.kind === 'adapter' ? engine.selected.host.info.name : engine.name,
      seed,
      dtypes,
      failures: failureLines,
      shard: shard ?? null,
      configFile: loaded?.path ?? null,
      quarantined: results.filter((r) => r.quarantined !== undefined).map((r) => ({ id: r.id, reason: r.quarantined, status: r.status, message: r.message })),
      rerun: results.filter((r) => r.rerun).map((r) => ({ id: r.id, status: r.status })),
      exitCode: code,
      coverage: coverageJson(coverage),
      exactByDtype: exactJson(exactByDtype),
    });
    if (values.json) writeFileAtomic(values.json, `${JSON.stringify(json, null, 2)}\n`);
    if (values.junit) {
      const properties: [string, string][] = [
        ['engine', engine.name],
        ['seed', String(seed)],
        ['dtypes', dtypes.join(',')],
        ['cases', String(cases)],
        ['shard', shard ? formatShard(shard) : 'none'],
        ['torch', h.torch],
        ['cpu_capability', h.cpuCapability],
        ['python', h.python],
        ['reproduce', `rnn-conformance check ${reproduce} --cases ${cases}${shard ? ` --shard ${formatShard(shard)}` : ''}`],
        ['config_file', loaded?.path ?? 'none'],
        ['quarantined_failures', String(all.quarantined)],
        ['rerun_cases', String(results.filter((r) => r.rerun).length)],
        ...quarantine.map((q): [string, string] => [`quarantine ${q.id ?? `index ${q.index}`}`, q.reason]),
        ...stale.map((q): [string, string] => [`stale quarantine ${q.entry}`, staleLine(q)]),
      ];
      writeFileAtomic(values.junit, toJUnit(results, { suiteName: `rnn-conformance check seed ${seed}${shard ? ` shard ${formatShard(shard)}` : ''}`, started, hostname: hostname(), durationS, properties, log: `${header.join('\n')}\n` }));
    }
    if (values.summary) {
      const verdict = untriggered ? `❌ self-test did not trigger (--break ${breakKind})` : code === EXIT.conforms ? `✅ conforms${all.quarantined ? ` (${all.quarantined} quarantined failure(s))` : ''}` : code === EXIT.divergence ? `❌ ${counted.length} divergence(s)` : `⚠️ ${totals.unavailable} case(s) not checked: reference unavailable`;
      const facts = [`seed ${seed}`, `dtypes ${dtypes.join(', ')}`, ...(shard ? [`shard ${formatShard(shard)}`] : []), `torch ${h.torch} (${h.cpuCapability})`, `${results.length} cases in ${durationS.toFixed(1)} s`, `exit ${code}`];
      writeFileAtomic(values.summary, jobSummaryMarkdown(results, { verdict, facts, stale, reproduce: `rnn-conformance check ${reproduce} --cases ${cases}${shard ? ` --shard ${formatShard(shard)}` : ''}` }));
    }
    if (process.env.GITHUB_ACTIONS === 'true') githubAnnotations(results, stale).forEach(out);
    return code;
  } finally {
    stopListening();
    await Promise.all([pool.close(), engine.close()]);
  }
}

async function judgeOne(pool: SidecarPool, opts: CheckOptions, index: number, spec: Awaited<ReturnType<typeof specAt>>): Promise<CaseRecord> {
  const c = materialize(spec, caseId(opts.seed, index));
  const [verdict] = await judgeCases(pool, [c], opts);
  if (!verdict) throw new Error('no verdict');
  return { index, case: c, verdict };
}

/** How to replay a saved case file: with the run's --break (or --engine), so the hint works as printed. */
function replayFile(file: string, breakKind: string | undefined, engineFlag = ''): string {
  return `rnn-conformance replay ${file}${breakKind ? ` --break ${breakKind}` : ''}${engineFlag ? ` ${engineFlag}` : ''}`;
}

function formatFailure(r: CaseRecord, reproduce: string, path?: string, index = r.index, file?: string, breakKind?: string, engineFlag?: string): string {
  const lines = [
    `FAIL case ${r.case.id}${r.case.spec ? `: ${describeSpec(r.case.spec)}` : ''}`,
    ...r.verdict.message.split('\n').map((l) => `  ${l}`),
    `  replay: rnn-conformance check ${reproduce} --case ${index}${path ? ` --path ${path}` : ''}`,
  ];
  if (file) {
    lines.push(`  saved:  ${file}  (${replayFile(file, breakKind, engineFlag)})`);
    lines.push(`  standalone scripts: rnn-conformance replay ${file} --emit-python repro.py --emit-js repro.mjs  (torch's side, the engine's side)`);
  }
  return lines.join('\n');
}

function parseDtypes(s: string): DType[] {
  const list = s.split(',').map((x) => x.trim());
  for (const d of list) if (!isDType(d)) throw new UsageError(`--dtypes: unknown dtype '${d}' (choose from ${DTYPES.join(', ')})`);
  return list as DType[];
}
