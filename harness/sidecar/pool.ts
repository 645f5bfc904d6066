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

export class SidecarPool {
  /** How many sidecars were started to replace crashed or hung ones. */
  restarts = 0;
  /** How many sidecars were replaced after `recycleAfter` cases (planned, not faults). */
  recycled = 0;
  private readonly served: number[] = [];
  private running: Promise<unknown> = Promise.resolve();
  private failed: Error | null = null;
  private lastStartError: Error | null = null;

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
   * torch builds (TorchVersionMismatchError); every other fault becomes per-case data. */
  run(cases: readonly RefCase[]): Promise<RefResult[]> {
    const go = () => this.runAll(cases);
    const next = this.running.then(go, go);
    this.running = next.catch(() => undefined);
    return next;
  }

  private async runAll(cases: readonly RefCase[]): Promise<RefResult[]> {
    if (this.failed) throw this.failed;
    const share = Math.ceil(cases.length / Math.max(1, this.workers.length));
    const size = Math.max(1, this.opts.batchSize ?? Math.min(64, share));
    const batches: RefCase[][] = [];
    for (let i = 0; i < cases.length; i += size) batches.push(cases.slice(i, i + size));
    const done = new Map<RefCase, RefResult>(); // by case object: ids need not be unique
    const loop = async (slot: number) => {
      // A slot whose replacement could not start stops taking batches; the others carry on.
      for (let b = this.workers[slot] ? batches.shift() : undefined; b; b = this.workers[slot] ? batches.shift() : undefined) {
        const results = await this.settle(slot, b, false, (back) => batches.push(back));
        results.forEach((r, i) => r && done.set(b[i], r));
      }
    };
    // Another round when a batch was handed back after its worker's slot died and the others had finished.
    while (batches.length && this.workers.some((w) => w)) await Promise.all(this.workers.map((_, slot) => loop(slot)));
    if (this.failed) throw this.failed;
    const why = `no torch sidecar left: ${this.lastStartError?.message ?? 'all workers gone'}`;
    return cases.map((c) => done.get(c) ?? { id: c.id, kind: 'unavailable', reason: why });
  }

  /** One batch to its end: ran, retried once on a fresh sidecar, bisected, or marked unavailable;
   * handed back (`requeue`, undefined results) when no fresh sidecar can be started here but other
   * workers live. Results are aligned with `batch`. */
  private async settle(slot: number, batch: RefCase[], retried: boolean, requeue: (b: RefCase[]) => void): Promise<(RefResult | undefined)[]> {
    const worker = this.workers[slot];
    const unavailable = (reason: string) => batch.map((c): RefResult => ({ id: c.id, kind: 'unavailable', reason }));
    if (this.failed) return unavailable(this.failed.message);
    if (!worker) return unavailable('no torch sidecar could be started for this worker');
    try {
      const results = await worker.run(batch);
      this.served[slot] = (this.served[slot] ?? 0) + batch.length;
      const limit = this.opts.recycleAfter ?? 10_000;
      if (limit > 0 && (this.served[slot] ?? 0) >= limit) await this.recycle(slot, worker);
      return results;
    } catch (e) {
      if (!(e instanceof SidecarCrashedError)) throw e;
      const replaced = await this.replace(slot);
      if (replaced && !this.failed && this.workers.some((w) => w)) {
        requeue(batch);
        return batch.map(() => undefined);
      }
      if (replaced) return unavailable(`${replaced.message} (after: ${e.message})`);
      if (!retried) return this.settle(slot, batch, true, requeue);
      if (batch.length === 1) return unavailable(e.message);
      const mid = batch.length >> 1;
      return [...(await this.settle(slot, batch.slice(0, mid), true, requeue)), ...(await this.settle(slot, batch.slice(mid), true, requeue))];
    }
  }

  /** A planned replacement: the fresh sidecar starts before the old one is closed; if it cannot
   * start, the old one simply carries on. */
  private async recycle(slot: number, old: Sidecar): Promise<void> {
    this.served[slot] = 0;
    let fresh: Sidecar;
    try {
      fresh = await Sidecar.start(this.opts);
      this.checkSame(fresh);
    } catch (e) {
      if (e instanceof TorchVersionMismatchError) this.failed = e;
      return;
    }
    this.workers[slot] = fresh;
    this.recycled++;
    await old.close();
  }

  /** A fresh sidecar in the slot; returns why not, if it cannot be had. */
  private async replace(slot: number): Promise<Error | null> {
    this.workers[slot]?.kill();
    this.workers[slot] = null;
    this.served[slot] = 0;
    this.restarts++;
    try {
      const w = await Sidecar.start(this.opts);
      this.checkSame(w);
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
    await Promise.all(this.workers.map((w) => w?.close()));
  }
}
