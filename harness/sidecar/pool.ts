// Several sidecars sharing a list of cases. A crashed or hung worker is replaced and its batch retried
// once, then bisected down to the case that kills it, which ends as 'unavailable' with the reason:
// every case gets a result, and all results come from one torch build.
import { cpus } from 'node:os';
import { Sidecar, type SidecarOptions } from './client.js';
import { ReferenceUnavailableError, SidecarCrashedError, TorchVersionMismatchError } from './errors.js';
import type { RefResult } from '../case/result.js';
import type { RefCase } from '../case/wire.js';
import type { Handshake } from './types.js';

export interface PoolOptions extends SidecarOptions {
  /** Cases per request; default: an even share per worker, at most 64. */
  batchSize?: number;
  /** A worker is replaced by a fresh sidecar after this many cases (0: never). torch's CPU kernels for
   * float16/bfloat16 cache per-shape state that never shrinks (about 1 GB over 4,000 varied shapes, seen
   * in a bare torch loop): recycling keeps a long run's memory bounded. Default 10,000. */
  recycleAfter?: number;
}

/** One run() in progress: results so far, cases still without one, and how it ends. */
interface PendingRun {
  done: Map<RefCase, RefResult>;
  left: number;
  finish: () => void;
  finished: boolean;
}

/** A batch written to a worker; `reply` never rejects (an Error is the failure). */
interface Sent {
  batch: RefCase[];
  run: PendingRun;
  worker: Sidecar;
  reply: Promise<RefResult[] | Error>;
}

/** Hands a batch back to the queue: at its front when it never ran, else at its end. */
type Requeue = (batch: RefCase[], front: boolean) => void;

export class SidecarPool {
  /** How many sidecars were started to replace crashed or hung ones. */
  restarts = 0;
  /** How many sidecars were replaced after `recycleAfter` cases (planned, not faults). */
  recycled = 0;
  private readonly served: number[] = [];
  /** Batches waiting for a worker, in the order their runs were asked; `busy`: a slot is serving. */
  private readonly queue: { batch: RefCase[]; run: PendingRun }[] = [];
  private readonly busy: boolean[] = [];
  private failed: Error | null = null;
  private lastStartError: Error | null = null;
  private closed = false;

  private constructor(
    private readonly workers: (Sidecar | null)[],
    private readonly opts: PoolOptions,
    readonly hello: Handshake,
  ) {}

  /** n sidecars (default: one per core); all must report the same torch build. */
  static async start(n: number = cpus().length, opts: PoolOptions = {}): Promise<SidecarPool> {
    const started = await Promise.allSettled(Array.from({ length: Math.max(1, n) }, () => Sidecar.start(opts)));
    const ok = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    const bad = started.find((s) => s.status === 'rejected');
    if (bad) {
      await Promise.all(ok.map((w) => w.close()));
      throw bad.reason;
    }
    const pool = new SidecarPool(ok, opts, ok[0].hello);
    for (const w of ok) {
      try {
        pool.checkSame(w);
      } catch (e) {
        await pool.close();
        throw e;
      }
    }
    return pool;
  }

  /** Process ids of the live sidecars (benchmarks read their CPU time). */
  get pids(): number[] {
    return this.workers.flatMap((w) => (w?.alive ? [w.hello.pid] : []));
  }

  get size(): number {
    return this.workers.filter((w) => w?.alive).length;
  }

  /** Results in the order of `cases`. Rejects only when the pool cannot go on without mixing
   * torch builds (TorchVersionMismatchError); every other fault becomes per-case data. Several runs
   * may be pending at once: their batches queue in order, and each worker takes the next as soon as
   * it is free (a run's last batch never holds the other workers back). */
  run(cases: readonly RefCase[]): Promise<RefResult[]> {
    if (this.failed) return Promise.reject(this.failed);
    const share = Math.ceil(cases.length / Math.max(1, this.workers.length));
    const size = Math.max(1, this.opts.batchSize ?? Math.min(64, share));
    return new Promise((resolve, reject) => {
      const done = new Map<RefCase, RefResult>(); // by case object: ids need not be unique
      const job: PendingRun = {
        done,
        left: cases.length,
        finish: () => {
          if (job.finished) return;
          job.finished = true;
          if (this.failed) return reject(this.failed);
          const why = `no torch sidecar left: ${this.lastStartError?.message ?? 'all workers gone'}`;
          resolve(cases.map((c) => done.get(c) ?? { id: c.id, kind: 'unavailable', reason: why }));
        },
        finished: false,
      };
      if (cases.length === 0) return job.finish();
      for (let i = 0; i < cases.length; i += size) this.queue.push({ batch: cases.slice(i, i + size), run: job });
      this.pump();
    });
  }

  /** Every free worker takes batches from the queue; with none left at all, what is queued ends. */
  private pump(): void {
    this.workers.forEach((w, slot) => {
      if (w && !this.busy[slot]) void this.serve(slot);
    });
    this.drainIfNoWorkers();
  }

  /** The slot's worker takes batches from the queue until it is empty, one request ahead: the next
   * batch is written before the current one's reply is read, so the sidecar finds it waiting. */
  private async serve(slot: number): Promise<void> {
    this.busy[slot] = true;
    try {
      let ahead: Sent | null = null;
      // A slot whose replacement could not start stops taking batches; the others carry on.
      for (let cur = this.take(slot); cur; cur = ahead ?? this.take(slot)) {
        ahead = this.pipelines(slot, cur) ? this.take(slot) : null;
        const { batch, run } = cur;
        const results = await this.settleSent(slot, cur, false, (back, front) => {
          if (front) this.queue.unshift({ batch: back, run });
          else this.queue.push({ batch: back, run });
          this.pump();
        });
        results.forEach((r, i) => {
          if (!r) return;
          run.done.set(batch[i] as RefCase, r);
          run.left--;
        });
        if (run.left <= 0) run.finish();
      }
    } finally {
      this.busy[slot] = false;
    }
    this.drainIfNoWorkers();
  }

  /** The next queued batch, written to the slot's worker; null when there is none or no worker. */
  private take(slot: number): Sent | null {
    const worker = this.workers[slot];
    const b = worker ? this.queue.shift() : undefined;
    return worker && b ? this.send(worker, b.batch, b.run) : null;
  }

  private send(worker: Sidecar, batch: RefCase[], run: PendingRun): Sent {
    const reply = this.failed ? Promise.resolve(this.failed) : worker.run(batch).catch((e: unknown) => e as Error);
    return { batch, run, worker, reply };
  }

  /** Whether a second batch may follow `cur` to the slot's worker now: not when the worker is to be
   * recycled after `cur` (its replacement takes the next). */
  private pipelines(slot: number, cur: Sent): boolean {
    const limit = this.opts.recycleAfter ?? 10_000;
    return !(limit > 0 && (this.served[slot] ?? 0) + cur.batch.length >= limit);
  }

  /** No worker at all and none busy (a replacement may be starting): nothing queued can run. */
  private drainIfNoWorkers(): void {
    if (this.workers.some((w) => w) || this.busy.some((b) => b)) return;
    for (let b = this.queue.shift(); b; b = this.queue.shift()) b.run.finish();
  }

  /** One batch to its end: ran, retried once on a fresh sidecar, bisected, or marked unavailable;
   * handed back (`requeue`, undefined results) when no fresh sidecar can be started here but other
   * workers live, or to the front of the queue when it never reached torch (it was queued behind a
   * request that failed). Results are aligned with `batch`. */
  private async settle(slot: number, batch: RefCase[], retried: boolean, requeue: Requeue, run: PendingRun): Promise<(RefResult | undefined)[]> {
    const worker = this.workers[slot];
    if (!worker) return batch.map((c): RefResult => ({ id: c.id, kind: 'unavailable', reason: 'no torch sidecar could be started for this worker' }));
    return this.settleSent(slot, this.send(worker, batch, run), retried, requeue);
  }

  private async settleSent(slot: number, sent: Sent, retried: boolean, requeue: Requeue): Promise<(RefResult | undefined)[]> {
    const { batch, run, worker } = sent;
    const unavailable = (reason: string) => batch.map((c): RefResult => ({ id: c.id, kind: 'unavailable', reason }));
    const results = await sent.reply;
    if (this.failed) return unavailable(this.failed.message);
    if (Array.isArray(results)) {
      this.served[slot] = (this.served[slot] ?? 0) + batch.length;
      const limit = this.opts.recycleAfter ?? 10_000;
      if (limit > 0 && (this.served[slot] ?? 0) >= limit) await this.recycle(slot, worker);
      return results;
    }
    const e = results;
    if (!(e instanceof SidecarCrashedError)) throw e;
    // Queued behind the request that failed, or sent to a worker already replaced: never ran.
    if (e.notRun || worker !== this.workers[slot]) {
      requeue(batch, true);
      return batch.map(() => undefined);
    }
    const replaced = await this.replace(slot);
    if (replaced && !this.failed && this.workers.some((w) => w)) {
      requeue(batch, false);
      return batch.map(() => undefined);
    }
    if (replaced) return unavailable(`${replaced.message} (after: ${e.message})`);
    if (!retried) return this.settle(slot, batch, true, requeue, run);
    if (batch.length === 1) return unavailable(e.message);
    const mid = batch.length >> 1;
    return [...(await this.settle(slot, batch.slice(0, mid), true, requeue, run)), ...(await this.settle(slot, batch.slice(mid), true, requeue, run))];
  }

  /** A planned replacement: the fresh sidecar starts before the old one is closed; if it cannot
   * start, the old one simply carries on. */
  private async recycle(slot: number, old: Sidecar): Promise<void> {
    this.served[slot] = 0;
    if (this.closed) return;
    let fresh: Sidecar;
    try {
      fresh = await Sidecar.start(this.opts);
      this.checkSame(fresh);
    } catch (e) {
      if (e instanceof TorchVersionMismatchError) this.failed = e;
      return;
    }
    if (this.closed) return fresh.close();
    this.workers[slot] = fresh;
    this.recycled++;
    await old.close();
  }

  /** A fresh sidecar in the slot; returns why not, if it cannot be had. */
  private async replace(slot: number): Promise<Error | null> {
    this.workers[slot]?.kill();
    this.workers[slot] = null;
    this.served[slot] = 0;
    // A request cut short by close() (its grace period over) starts nothing that would outlive the pool.
    if (this.closed) return (this.lastStartError = new ReferenceUnavailableError('the pool was closed'));
    this.restarts++;
    try {
      const w = await Sidecar.start(this.opts);
      this.checkSame(w);
      if (this.closed) {
        await w.close();
        return (this.lastStartError = new ReferenceUnavailableError('the pool was closed'));
      }
      this.workers[slot] = w;
      return null;
    } catch (e) {
      if (e instanceof TorchVersionMismatchError) this.failed = e;
      if (e instanceof ReferenceUnavailableError) return (this.lastStartError = e);
      throw e;
    }
  }

  private checkSame(w: Sidecar): void {
    const a = this.hello;
    const b = w.hello;
    if (a.torch !== b.torch || a.gitVersion !== b.gitVersion) {
      w.kill();
      throw new TorchVersionMismatchError(
        `a sidecar reports torch ${b.torch} (${b.gitVersion}) but the pool started with torch ${a.torch} (${a.gitVersion}); results of two torch builds are never mixed`,
      );
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.workers.map((w) => w?.close()));
  }
}
