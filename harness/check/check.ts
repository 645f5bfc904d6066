// A conformance run, start to end: choose the engine, start the torch sidecars, re-run earlier failures
// first, run the stream (or its shard, or --case), count, apply the quarantine, shrink the first
// failures, decide the exit code. It prints and writes nothing: reporters (harness/report/) follow the
// run through CheckObserver and render the CheckResult it returns, an interrupted one alike.
import { DTYPES, type DType } from '../../engine/dtype.js';
import { describeSpec } from '../case/index.js';
import { chooseEngine } from '../engines/cli.js';
import { materialize } from '../gen/materialize.js';
import { SidecarPool, type Handshake } from '../sidecar/index.js';
import { counts, toCaseResult, type CaseResult } from './case-result.js';
import { emptyCoverage, tallyCoverage, tallyExact, uncovered as uncoveredRegimes, type Coverage, type ExactByDtype } from './coverage.js';
import { dropoutMismatch } from './dropout-probe.js';
import { EXIT } from './exit-codes.js';
import { caseFilePath, groupBySeed, readFailing, type FailingEntry } from './failing-list.js';
import { quarantineReason, staleQuarantine, type StaleQuarantine } from './quarantine.js';
import { replayCase, replayFile, reproduceRun, streamArgs } from './reproduce.js';
import { caseId, emptyTotals, judgeCases, runStream, tally, type CaseRecord, type CheckOptions, type CheckTotals } from './run-check.js';
import type { CheckSettings } from './settings.js';
import { shardIndices } from './shard.js';
import { shrinkFailure, specAt } from './shrink.js';

/** What is known once the sidecars answered, before the first case: the run's header. */
export interface CheckPlan {
  settings: CheckSettings;
  hello: Handshake;
  engine: {
    /** As given (flag or config file); for an adapter, `engineName` is the name it declares. */
    name: string;
    engineName: string;
    /** The header's engine line. */
    header: string;
    /** `--engine X` in reproduce commands (empty for the default). */
    flag: string;
  };
  /** The run's own stream (`--seed S …`, reproduce.ts streamArgs) and the command that reruns the run. */
  stream: string;
  reproduce: string;
  /** Earlier failures (DIR/failing.json) re-run first. */
  previous: FailingEntry[];
  /** Cases this process runs (a shard: its own and the re-runs of this stream among them). */
  here: number;
  /** Cases the progress counts: re-runs and this run's own. */
  total: number;
  /** torch draws other dropout masks than the engine: dropout cases are not judged. */
  dropoutNote: string | null;
  /** `--case I --path P`: one shrunk case replayed, judged once. */
  oneCase: boolean;
}

/** One case's progress, as the run goes. */
export interface CaseProgress {
  done: number;
  total: number;
  failed: number;
  unavailable: number;
  /** Cases per second so far: the one figure the progress line and the summary print. */
  rate: number;
}

/** A failure as reported: the case as shown (shrunk when shrinking found a smaller one). */
export interface CheckFailure {
  result: CaseResult;
  shown: CaseRecord;
}

/** Reporters follow a run through these, in this order: start, every case, casesDone, then per failure
 * (first failures: shrinking before), all before the run's promise resolves. */
export interface CheckObserver {
  start?(plan: CheckPlan): void;
  caseDone?(p: CaseProgress): void;
  casesDone?(): void;
  shrinking?(r: CaseResult): void;
  failure?(f: CheckFailure): void;
}

export interface CheckResult {
  plan: CheckPlan;
  /** The signal that stopped the run (the run's AbortSignal reason), or null when it ran to its end. */
  interrupted: NodeJS.Signals | null;
  started: Date;
  durationS: number;
  casesPerS: number;
  /** Cases judged (all of plan.total unless interrupted). */
  done: number;
  /** Every judged case, in the order judged: the re-runs first. */
  results: CaseResult[];
  totals: CheckTotals;
  coverage: Coverage;
  exactByDtype: ExactByDtype;
  failures: CheckFailure[];
  /** Quarantine entries whose cases all pass now. */
  stale: StaleQuarantine[];
  /** Sidecars restarted during the run. */
  restarts: number;
  /** A --break self-test whose broken engine passed every case: the run fails (it proves nothing). */
  untriggered: boolean;
  /** --require-coverage and a regime the run's cases are built to reach was missed (or missed by its gradient cases). */
  uncovered: boolean;
  exitCode: number;
  /** `--case I --path P`: the one case replayed. */
  replayed?: CheckFailure;
}

/** One stream of cases: the run's own, or earlier failures of another seed or dtype list. */
interface Part {
  opts: CheckOptions;
  stream: string;
  rerun: boolean;
}

export async function runConformanceCheck(s: CheckSettings, how: { observer?: CheckObserver; signal?: AbortSignal } = {}): Promise<CheckResult> {
  const { flags, seed, dtypes, cases, workers, reportDir, quarantine } = s;
  const { indices, shard, breakKind } = flags;
  // The engine under the gate: a bad name or adapter module is a usage error, before any sidecar starts.
  const engine = await chooseEngine({ flag: flags.engine, fromFile: s.config?.config.engine, configPath: s.config?.path, breakKind, timeoutMs: flags.timeoutMs });
  const streamOf = (seed: number, dtypes: readonly DType[]) => streamArgs({ engineFlag: engine.flag, breakKind, configFile: flags.configFile, noConfig: flags.noConfig }, seed, dtypes);
  const stream = streamOf(seed, dtypes);
  const base = { ...engine.opts, ...(s.tolerances ? { tolerances: s.tolerances } : {}) };
  const opts: CheckOptions = { seed, dtypes, cases, ...base, coverage: true, ...(indices ? { indices } : {}) };
  const started = new Date();
  const pool = await SidecarPool.start(workers, { ...(flags.python ? { python: flags.python } : {}), requestTimeoutMs: flags.timeoutMs }).catch(async (e: unknown) => {
    await engine.close();
    throw e;
  });
  try {
    const oneCase = flags.path !== undefined && indices !== undefined;
    // Earlier failures first, each with its own seed and dtypes; a case of this very stream is not run twice.
    const previous = reportDir && !indices && !oneCase ? readFailing(reportDir) : [];
    const parts: Part[] = groupBySeed(previous).map((g) => ({ opts: { ...base, seed: g.seed, dtypes: g.dtypes, cases: 0, indices: g.indices }, stream: streamOf(g.seed, g.dtypes), rerun: true }));
    const again = new Set(parts.filter((p) => p.opts.seed === seed && (p.opts.dtypes ?? []).join(',') === dtypes.join(',')).flatMap((p) => p.opts.indices ?? []));
    const mine = oneCase ? [] : (indices ?? shardIndices(cases, shard)).filter((i) => !again.has(i));
    parts.push({ opts: { ...opts, indices: mine }, stream, rerun: false });
    const plan: CheckPlan = {
      settings: s,
      hello: pool.hello,
      engine: { name: engine.name, engineName: engine.selected.kind === 'adapter' ? engine.selected.host.info.name : engine.name, header: engine.header, flag: engine.flag },
      stream,
      reproduce: reproduceRun(stream, cases, shard),
      previous,
      here: mine.length + again.size,
      total: parts.reduce((n, p) => n + (p.opts.indices?.length ?? 0), 0),
      dropoutNote: dropoutMismatch(pool.hello),
      oneCase,
    };
    const state = new RunState(plan, started, dtypes, mine, how.observer);
    state.emit((o) => o.start?.(plan));
    if (oneCase) {
      // Replay of one shrunk case: rebuild it from its fast-check path, judge it once.
      const index = indices[0] as number;
      const spec = await specAt(opts, index, flags.path);
      const c = materialize(spec, caseId(seed, index));
      const [verdict] = await judgeCases(pool, [c], opts);
      if (!verdict) throw new Error('no verdict');
      const shown = { index, case: c, verdict };
      const replayed = { shown, result: toCaseResult(shown, { seed, dtypes, replay: replayCase(stream, index, flags.path) }) };
      const status = verdict.status;
      return state.result(pool, { replayed, exitCode: status === 'failed' ? EXIT.divergence : status === 'passed' || status === 'unsupported' ? EXIT.conforms : EXIT.environment });
    }
    const run = async (): Promise<CheckResult> => {
      for (const part of parts) {
        if ((part.opts.indices?.length ?? 0) === 0) continue;
        await runStream(pool, { ...part.opts, onCase: (r) => state.judged(r, part, quarantine) });
      }
      state.emit((o) => o.casesDone?.());
      let shrunkSoFar = 0;
      for (const f of state.failed) {
        const { record, result: res, part } = f;
        let shown: CaseRecord = record;
        if (res.quarantined === undefined && !flags.noShrink && shrunkSoFar++ < 3) {
          state.emit((o) => o.shrinking?.(res));
          const sh = await shrinkFailure(pool, part.opts, record.index);
          if (sh) {
            shown = sh.record;
            res.shrunk = { description: sh.record.case.spec ? describeSpec(sh.record.case.spec) : sh.record.case.id, message: sh.record.verdict.message, replay: replayCase(part.stream, record.index, sh.path) };
          }
        }
        if (reportDir && res.quarantined === undefined) {
          res.file = caseFilePath(reportDir, part.opts.seed, record.index);
          res.fileReplay = replayFile(res.file, breakKind, engine.flag);
        }
        state.failures.push({ result: res, shown });
        state.emit((o) => o.failure?.({ result: res, shown }));
      }
      const counted = state.results.filter(counts);
      const { totals } = state;
      const untriggered = breakKind !== undefined && totals.failed === 0 && totals.unavailable === 0;
      const uncovered = flags.requireCoverage && uncoveredRegimes(state.coverage).length > 0;
      const exitCode = counted.length > 0 || untriggered ? EXIT.divergence : totals.unavailable > 0 ? EXIT.environment : uncovered ? EXIT.coverage : EXIT.conforms;
      return state.result(pool, { exitCode, untriggered, uncovered, stale: staleQuarantine(quarantine, state.results) });
    };
    return await untilAborted(run(), how.signal, (sig) => {
      state.emit((o) => o.casesDone?.());
      state.stopped = true;
      return state.result(pool, { exitCode: EXIT.interrupted, interrupted: sig });
    });
  } finally {
    await Promise.all([pool.close(), engine.close()]);
  }
}

/** The run's result, or (the signal aborted first) what `onAbort` makes of the run so far; the abandoned
 * run fails quietly once its sidecars are closed. */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined, onAbort: (sig: NodeJS.Signals) => T): Promise<T> {
  if (!signal) return work;
  return new Promise<T>((resolve, reject) => {
    const abort = () => {
      work.catch(() => {});
      resolve(onAbort(String(signal.reason ?? 'SIGINT') as NodeJS.Signals));
    };
    if (signal.aborted) return abort();
    signal.addEventListener('abort', abort, { once: true });
    work.then(
      (r) => {
        signal.removeEventListener('abort', abort);
        resolve(r);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', abort);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

/** The counts as cases come in. */
class RunState {
  readonly totals = emptyTotals();
  readonly coverage: Coverage;
  readonly exactByDtype: ExactByDtype = {};
  readonly results: CaseResult[] = [];
  readonly failed: { record: CaseRecord; result: CaseResult; part: Part }[] = [];
  readonly failures: CheckFailure[] = [];
  /** Interrupted: the abandoned run reports nothing more. */
  stopped = false;
  private done = 0;
  private nFailed = 0;
  private nUnavailable = 0;
  private rate = 0;
  private readonly loopStart = Date.now();

  constructor(
    private readonly plan: CheckPlan,
    private readonly started: Date,
    dtypes: readonly DType[],
    mine: readonly number[],
    private readonly observer: CheckObserver | undefined,
  ) {
    this.coverage = emptyCoverage(dtypes, mine);
  }

  emit(f: (o: CheckObserver) => void): void {
    if (this.observer && !this.stopped) f(this.observer);
  }

  judged(r: CaseRecord, part: Part, quarantine: CheckSettings['quarantine']): void {
    if (this.stopped) return;
    tally(this.totals, r);
    if (!part.rerun) tallyCoverage(this.coverage, r);
    tallyExact(this.exactByDtype, r);
    const res = toCaseResult(r, { seed: part.opts.seed, dtypes: part.opts.dtypes ?? DTYPES, replay: replayCase(part.stream, r.index) });
    const reason = quarantineReason(quarantine, { id: res.id, index: r.index });
    if (reason !== undefined) res.quarantined = reason;
    if (part.rerun) res.rerun = true;
    this.results.push(res);
    if (r.verdict.status === 'failed') this.failed.push({ record: r, result: res, part });
    this.done++;
    if (counts(res)) this.nFailed++;
    if (r.verdict.status === 'unavailable') this.nUnavailable++;
    this.rate = this.done / Math.max(1e-3, (Date.now() - this.loopStart) / 1000);
    const p = { done: this.done, total: this.plan.total, failed: this.nFailed, unavailable: this.nUnavailable, rate: this.rate };
    this.emit((o) => o.caseDone?.(p));
  }

  result(pool: SidecarPool, end: Partial<CheckResult> & { exitCode: number }): CheckResult {
    return {
      plan: this.plan,
      interrupted: null,
      started: this.started,
      durationS: (Date.now() - this.started.getTime()) / 1000,
      casesPerS: this.rate,
      done: this.done,
      results: this.results,
      totals: this.totals,
      coverage: this.coverage,
      exactByDtype: this.exactByDtype,
      failures: this.failures,
      stale: [],
      restarts: pool.restarts,
      untriggered: false,
      uncovered: false,
      ...end,
    };
  }
}
