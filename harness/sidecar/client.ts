// One torch sidecar process: spawn, handshake, requests answered in order (several may be written
// before the first reply: the sidecar then never waits for this process between them), and every way
// it can fail turned into ReferenceUnavailableError (before the handshake) or SidecarCrashedError
// (after).
import { existsSync } from 'node:fs';
import { execa, type ResultPromise } from 'execa';
import { ReferenceUnavailableError, SidecarCrashedError } from './errors.js';
import { defaultPython, sidecarScript } from './paths.js';
import { BlobBuilder, tensorFromBlob } from '../case/codec.js';
import type { InitResult, RefResult } from '../case/result.js';
import { mapValues, toRefResult, wireCase, type RefCase } from '../case/wire.js';
import { encodeFrame, FrameError, FrameReader, handshakeFrom, InitResultSchema, PROTOCOL_VERSION, pyJson, ReplySchema, RunResultSchema, type RawFrame } from './protocol.js';
import type { Handshake } from './types.js';
import { LayersResultSchema, toLayersResult, type LayersResult } from './layers.js';

export interface SidecarOptions {
  /** Default: $RNN_CONFORMANCE_PYTHON, else <repo>/.venv/bin/python. */
  python?: string;
  /** Default: <repo>/python/sidecar.py (tests put fault-injecting doubles here). */
  script?: string;
  /** torch.set_num_threads in the sidecar; default 1 (a pool runs one sidecar per core). */
  threads?: number;
  requestTimeoutMs?: number;
  startTimeoutMs?: number;
  /** Extra environment for the sidecar. */
  env?: Record<string, string>;
}

const STDERR_TAIL_BYTES = 16 << 10;
const STDERR_TAIL_LINES = 20;

interface Pending {
  id: number;
  caseIds: readonly string[];
  resolve: (f: RawFrame) => void;
  reject: (e: Error) => void;
}

export class Sidecar {
  private reader = new FrameReader();
  private stderrTail = '';
  /** Requests written and not yet answered, oldest first: the sidecar works on the first. */
  private readonly pending: Pending[] = [];
  /** The first pending request's deadline (each request's own time starts when the one before it
   * is answered). */
  private timer: ReturnType<typeof setTimeout> | undefined;
  private dead: Error | null = null;
  private nextId = 1;
  readonly hello: Handshake;
  private readonly requestTimeoutMs: number;

  private constructor(
    private readonly proc: ResultPromise,
    readonly python: string,
    opts: SidecarOptions,
    hello: Handshake,
    private exitInfo: { done: boolean; description: string },
  ) {
    this.hello = hello;
    this.requestTimeoutMs = opts.requestTimeoutMs ?? 120_000;
  }

  static async start(opts: SidecarOptions = {}): Promise<Sidecar> {
    const python = opts.python ?? defaultPython();
    const script = opts.script ?? sidecarScript();
    const fix =
      'run `npm install` (in a clone it provisions .venv from requirements.txt; where rnn-conformance is installed as a package: `npx rnn-conformance setup-python`) or set RNN_CONFORMANCE_PYTHON to a Python with torch==2.13.0 and safetensors';
    if (python.includes('/') && !existsSync(python)) {
      throw new ReferenceUnavailableError(`Python not found at ${python}: ${fix}`);
    }
    const proc = execa(python, [script], {
      stdin: 'pipe',
      stdout: 'pipe',
      stderr: 'pipe',
      buffer: false,
      reject: false,
      env: { PYTHONUNBUFFERED: '1', PYTHONDONTWRITEBYTECODE: '1', RNN_CONFORMANCE_TORCH_THREADS: String(opts.threads ?? 1), ...opts.env },
    });
    return await Sidecar.handshake(proc, python, script, opts, fix);
  }

  private static handshake(proc: ResultPromise, python: string, script: string, opts: SidecarOptions, fix: string): Promise<Sidecar> {
    return new Promise((resolve, reject) => {
      const reader = new FrameReader();
      let stderr = '';
      const exitInfo = { done: false, description: '' };
      let settled = false;
      const fail = (what: string) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        proc.kill('SIGKILL');
        const tail = lastLines(stderr);
        reject(new ReferenceUnavailableError(`torch sidecar (${python} ${script}) ${what}${tail ? `\n--- stderr tail ---\n${tail}` : ''}`));
      };
      const timeoutMs = opts.startTimeoutMs ?? 60_000;
      const timer = setTimeout(() => fail(`sent no handshake within ${timeoutMs} ms`), timeoutMs);
      const onStderr = (c: Buffer) => {
        stderr = (stderr + c.toString('utf8')).slice(-STDERR_TAIL_BYTES);
      };
      const onStdout = (c: Buffer) => {
        let frames: RawFrame[];
        try {
          frames = reader.push(c);
        } catch (e) {
          fail(`broke the protocol before its handshake: ${(e as Error).message}`);
          return;
        }
        if (frames.length === 0 || settled) return;
        const parsed = ReplySchema.safeParse(frames[0].header);
        if (!parsed.success) return fail(`sent a malformed handshake: ${parsed.error.message}`);
        const msg = parsed.data;
        if (msg.type === 'fatal') {
          const what = msg.reason === 'torch-missing' ? `cannot import torch: ${msg.message}; ${fix}` : `gave up: ${msg.reason}: ${msg.message}`;
          return fail(what);
        }
        if (msg.type !== 'hello') return fail(`sent '${msg.type}' instead of a handshake`);
        if (msg.protocol !== PROTOCOL_VERSION) return fail(`speaks protocol ${msg.protocol}, this harness ${PROTOCOL_VERSION}`);
        settled = true;
        clearTimeout(timer);
        proc.stdout?.off('data', onStdout);
        proc.stderr?.off('data', onStderr);
        const sidecar = new Sidecar(proc, python, opts, handshakeFrom(msg), exitInfo);
        sidecar.adopt(reader, stderr, frames.slice(1));
        resolve(sidecar);
      };
      proc.stdout?.on('data', onStdout);
      proc.stderr?.on('data', onStderr);
      proc.stdin?.on('error', () => undefined); // EPIPE when it died: the exit handler reports it
      void proc.then((r) => {
        exitInfo.done = true;
        exitInfo.description = r.signal ? `was killed by ${r.signal}` : `exited with code ${r.exitCode}`;
        if (r.code === 'ENOENT') return fail(`: Python not found (${python}): ${fix}`);
        if (r.exitCode === undefined && !r.signal) return fail(`could not be started (${r.cause instanceof Error ? r.cause.message : String(r.code)}); ${fix}`);
        fail(`${exitInfo.description} before its handshake; ${fix}`);
      });
    });
  }

  /** Takes over the streams after the handshake. */
  private adopt(reader: FrameReader, stderr: string, early: RawFrame[]): void {
    this.reader = reader;
    this.stderrTail = stderr;
    if (early.length) this.die(new FrameError('a reply before any request'));
    this.proc.stdout?.on('data', (c: Buffer) => {
      let frames: RawFrame[];
      try {
        frames = this.reader.push(c);
      } catch (e) {
        this.die(e as Error);
        return;
      }
      for (const f of frames) this.deliver(f);
    });
    this.proc.stderr?.on('data', (c: Buffer) => {
      this.stderrTail = (this.stderrTail + c.toString('utf8')).slice(-STDERR_TAIL_BYTES);
    });
    void this.proc.then((r) => {
      this.exitInfo.done = true;
      this.exitInfo.description = r.signal ? `was killed by ${r.signal}` : `exited with code ${r.exitCode}`;
      const truncated = this.reader.endProblem();
      this.die(new Error(truncated ? `${truncated}; then it ${this.exitInfo.description}` : `sidecar ${this.exitInfo.description}`));
    });
  }

  private deliver(f: RawFrame): void {
    const p = this.pending[0];
    const id = (f.header as { id?: unknown } | null)?.id;
    if (!p || id !== p.id) {
      this.die(new FrameError(`unexpected reply ${JSON.stringify(f.header).slice(0, 200)}`));
      return;
    }
    this.pending.shift();
    this.armTimer();
    p.resolve(f);
  }

  /** The deadline of the request the sidecar now works on, if any. */
  private armTimer(): void {
    clearTimeout(this.timer);
    this.timer = this.pending.length ? setTimeout(() => this.die(new Error(`no reply within ${this.requestTimeoutMs} ms (hung?)`)), this.requestTimeoutMs) : undefined;
  }

  /** The sidecar is unusable from now on. The request it was working on (or `culprit`, the cases of
   * a reply already taken that turned out broken) fails with the reason; requests queued behind it
   * fail as not run. */
  private die(cause: Error, culprit?: readonly string[]): void {
    const queued = this.pending.splice(0);
    clearTimeout(this.timer);
    const head = culprit ? undefined : queued.shift();
    const tail = lastLines(this.stderrTail);
    const why = `${cause.message}${tail ? `\n--- stderr tail ---\n${tail}` : ''}`;
    if (!this.dead) {
      const ids = culprit ?? head?.caseIds ?? [];
      const inFlight = ids.length ? ` while running case(s) ${ids.join(', ')}` : '';
      this.dead = new SidecarCrashedError(`torch sidecar (pid ${this.hello.pid}) failed${inFlight}: ${why}`, ids, tail);
    }
    if (!this.exitInfo.done) this.proc.kill('SIGKILL');
    head?.reject(this.dead);
    for (const p of queued) {
      p.reject(new SidecarCrashedError(`torch sidecar (pid ${this.hello.pid}) failed before reaching case(s) ${p.caseIds.join(', ')}: ${why}`, p.caseIds, tail, true));
    }
  }

  get alive(): boolean {
    return this.dead === null;
  }

  /** Last lines of the sidecar's stderr (bounded; it is drained continuously). */
  get stderr(): string {
    return lastLines(this.stderrTail);
  }

  /** Writes the request at once (behind any still unanswered); resolves with its reply. */
  private request(header: Record<string, unknown>, blob: Uint8Array, caseIds: readonly string[]): Promise<RawFrame> {
    return new Promise<RawFrame>((resolve, reject) => {
      if (this.dead) return reject(this.dead);
      const id = this.nextId++;
      this.pending.push({ id, caseIds, resolve, reject });
      if (this.pending.length === 1) this.armTimer();
      this.proc.stdin?.write(encodeFrame(pyJson({ ...header, id }), blob));
    });
  }

  /** Runs many cases in one request; torch's refusals are results, not errors. */
  async run(cases: readonly RefCase[]): Promise<RefResult[]> {
    const blob = new BlobBuilder();
    const wire = cases.map((c) => wireCase(c, blob));
    const ids = cases.map((c) => c.id);
    const f = await this.request({ type: 'run', cases: wire }, blob.bytes(), ids);
    const parsed = RunResultSchema.safeParse(f.header);
    if (!parsed.success) throw this.broken(`malformed run reply: ${parsed.error.message}`, ids);
    const results = parsed.data.results;
    if (results.length !== cases.length || results.some((r, i) => r.id !== ids[i])) {
      throw this.broken(`reply ids [${results.map((r) => r.id).join(', ')}] do not match the request`, ids);
    }
    try {
      return results.map((r) => toRefResult(r, f.blob));
    } catch (e) {
      throw this.broken((e as Error).message, ids);
    }
  }

  /** Every layer's and direction's hidden sequence of one case (python/layers.py); `oracle` asks for
   * the same sequences from the float64/mpmath oracle. */
  async layers(c: RefCase): Promise<LayersResult> {
    const blob = new BlobBuilder();
    const f = await this.request({ type: 'layers', case: wireCase(c, blob) }, blob.bytes(), [c.id]);
    const parsed = LayersResultSchema.safeParse(f.header);
    if (!parsed.success) throw this.broken(`malformed layers reply: ${parsed.error.message}`, [c.id]);
    try {
      return toLayersResult(parsed.data.result, f.blob);
    } catch (e) {
      throw this.broken((e as Error).message, [c.id]);
    }
  }

  /** State dict of `torch.manual_seed(seed); nn.RNN(**config)`, or torch's refusal. */
  async init(config: Record<string, unknown>, seed?: number | bigint): Promise<InitResult> {
    const f = await this.request({ type: 'init', config, seed }, new Uint8Array(0), ['init']);
    const parsed = InitResultSchema.safeParse(f.header);
    if (!parsed.success) throw this.broken(`malformed init reply: ${parsed.error.message}`, []);
    const r = parsed.data.result;
    if (r.kind === 'unavailable') throw this.broken(r.reason, []);
    if (r.kind === 'refused') return { kind: 'refused', stage: r.stage, type: r.type, message: r.message, warnings: r.warnings };
    try {
      return { kind: 'ok', stateDict: mapValues(r.state_dict ?? {}, (d) => tensorFromBlob(d, f.blob)), warnings: r.warnings };
    } catch (e) {
      throw this.broken((e as Error).message, []);
    }
  }

  /** A reply already taken off the queue is malformed: its cases are the culprit. */
  private broken(why: string, caseIds: readonly string[]): Error {
    this.die(new Error(why), caseIds);
    return this.dead ?? new Error(why);
  }

  /** Ends stdin (the sidecar exits at EOF); kills it if it has not gone within graceMs. */
  async close(graceMs = 2000): Promise<void> {
    this.proc.stdin?.end();
    const timer = setTimeout(() => this.proc.kill('SIGKILL'), graceMs);
    await this.proc;
    clearTimeout(timer);
    if (!this.dead) this.dead = new SidecarCrashedError('sidecar was closed', [], '');
  }

  /** Hard stop (used when a pool replaces a hung worker). */
  kill(): void {
    this.proc.kill('SIGKILL');
  }
}

function lastLines(s: string): string {
  return s.trimEnd().split('\n').slice(-STDERR_TAIL_LINES).join('\n');
}
