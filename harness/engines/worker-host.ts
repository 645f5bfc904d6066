// An adapter runs in its own worker thread: a forward that throws, never answers, loops forever or
// kills its thread costs one case (reported as that engine's fault), never the run. Calls go one at a
// time; after a timeout or a crash the worker is replaced and the adapter loaded again.
import { Worker } from 'node:worker_threads';
import { checkAdapter, type Capabilities, type ForwardArgs } from './adapter.js';

/** What the worker answers for one forward: a result (unchecked), a thrown error's text, or why none came. */
export type CallOutcome = { kind: 'result'; value: unknown } | { kind: 'threw'; text: string; name: string } | { kind: 'fault'; message: string };

// Plain JavaScript run with `eval: true` (no file to ship or compile). Results are reduced to plain
// { dtype, shape, data } objects so that a runtime's own tensor classes survive the copy to the host.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const text = (e) => (e instanceof Error ? e.message : String(e));
const plain = (t) => (t && typeof t === 'object' ? { dtype: t.dtype, shape: t.shape && typeof t.shape === 'object' ? Array.from(t.shape) : t.shape, data: t.data } : t);
(async () => {
  let adapter;
  try {
    adapter = (await import(workerData.url));
  } catch (e) {
    parentPort.postMessage({ type: 'load-error', message: (e && e.stack) || text(e) });
    return;
  }
  const d = adapter.default;
  parentPort.postMessage({ type: 'loaded', module: { default: d && typeof d === 'object' ? { name: d.name, capabilities: d.capabilities, forward: typeof d.forward } : d } });
  parentPort.on('message', async ({ id, args }) => {
    let r;
    try {
      r = await d.forward(args);
    } catch (e) {
      parentPort.postMessage({ id, threw: text(e), name: String((e && e.name) || '') });
      return;
    }
    try {
      const sd = r && r.stateDict && typeof r.stateDict === 'object' ? Object.fromEntries(Object.entries(r.stateDict).map(([k, v]) => [k, plain(v)])) : undefined;
      parentPort.postMessage({ id, value: r && typeof r === 'object' ? { output: plain(r.output), h_n: plain(r.h_n), ...(sd ? { stateDict: sd } : {}) } : r });
    } catch (e) {
      parentPort.postMessage({ id, fault: 'its result could not be copied out of the adapter (' + text(e) + ')' });
    }
  });
})();
`;

interface Pending {
  id: number;
  args: ForwardArgs;
  resolve: (o: CallOutcome) => void;
}

export interface AdapterInfo {
  name: string;
  capabilities: Capabilities;
}

export class AdapterHost {
  private worker: Worker | null = null;
  private queue: Pending[] = [];
  private busy: Pending | null = null;
  private timer: NodeJS.Timeout | null = null;
  private nextId = 1;
  private closed = false;
  restarts = 0;

  private constructor(
    readonly url: string,
    readonly info: AdapterInfo,
    private readonly timeoutMs: number,
  ) {}

  /** Loads the adapter at `url` (file: URL) in a worker and checks its default export; throws a usage-worthy Error. */
  static async start(url: string, where: string, timeoutMs: number): Promise<AdapterHost> {
    const { worker, module } = await spawn(url, where, Math.max(timeoutMs, 60_000));
    let info: AdapterInfo;
    try {
      info = checkAdapter(module, where);
    } catch (e) {
      await worker.terminate();
      throw e;
    }
    const host = new AdapterHost(url, info, timeoutMs);
    host.adopt(worker);
    return host;
  }

  forward(args: ForwardArgs): Promise<CallOutcome> {
    if (this.closed) return Promise.resolve({ kind: 'fault', message: 'the adapter host is closed' });
    return new Promise((resolve) => {
      this.queue.push({ id: this.nextId++, args, resolve });
      this.pump();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    this.finish({ kind: 'fault', message: 'the run ended before the adapter answered' });
    for (const p of this.queue.splice(0)) p.resolve({ kind: 'fault', message: 'the run ended before the adapter answered' });
    const w = this.worker;
    this.worker = null;
    if (w) await w.terminate();
  }

  private adopt(worker: Worker): void {
    this.worker = worker;
    worker.on('message', (m: { id?: number; value?: unknown; threw?: string; name?: string; fault?: string }) => {
      if (!this.busy || m.id !== this.busy.id) return;
      this.finish(m.fault !== undefined ? { kind: 'fault', message: m.fault } : m.threw !== undefined ? { kind: 'threw', text: m.threw, name: m.name ?? '' } : { kind: 'result', value: m.value });
      this.pump();
    });
    const died = (why: string) => {
      if (this.worker !== worker) return;
      this.worker = null;
      this.finish({ kind: 'fault', message: `its worker died (${why})` });
      void this.replace();
    };
    worker.on('error', (e) => died(e.message));
    worker.on('exit', (code) => died(`exit code ${code}`));
  }

  private finish(o: CallOutcome): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const p = this.busy;
    this.busy = null;
    p?.resolve(o);
  }

  private pump(): void {
    if (this.busy || !this.worker || this.closed) return;
    const next = this.queue.shift();
    if (!next) return;
    this.busy = next;
    this.timer = setTimeout(() => {
      const w = this.worker;
      this.worker = null;
      this.finish({ kind: 'fault', message: `no answer within ${this.timeoutMs} ms (--timeout-ms): the worker was stopped and replaced` });
      void w?.terminate();
      void this.replace();
    }, this.timeoutMs);
    try {
      this.worker.postMessage({ id: next.id, args: next.args });
    } catch (e) {
      this.finish({ kind: 'fault', message: `its arguments could not be sent (${e instanceof Error ? e.message : String(e)})` });
      this.pump();
    }
  }

  /** A fresh worker with the adapter loaded again; the queue goes on. */
  private async replace(): Promise<void> {
    if (this.closed) return;
    this.restarts++;
    try {
      const { worker } = await spawn(this.url, this.info.name, Math.max(this.timeoutMs, 60_000));
      if (this.closed) {
        await worker.terminate();
        return;
      }
      this.adopt(worker);
      this.pump();
    } catch (e) {
      // The adapter no longer loads: every waiting case is that engine's fault, with the reason.
      const message = `its worker could not be restarted (${e instanceof Error ? e.message : String(e)})`;
      for (const p of this.queue.splice(0)) p.resolve({ kind: 'fault', message });
    }
  }
}

function spawn(url: string, where: string, loadTimeoutMs: number): Promise<{ worker: Worker; module: unknown }> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { url }, stdout: true, stderr: true });
    // What an adapter prints goes to stderr: check's stdout stays the gate's own.
    worker.stdout.pipe(process.stderr);
    worker.stderr.pipe(process.stderr);
    const timer = setTimeout(() => {
      void worker.terminate();
      reject(new Error(`${where}: the adapter did not load within ${loadTimeoutMs} ms`));
    }, loadTimeoutMs);
    worker.once('message', (m: { type: string; message?: string; module?: unknown }) => {
      clearTimeout(timer);
      if (m.type === 'loaded') resolve({ worker, module: m.module });
      else {
        void worker.terminate();
        reject(new Error(`${where}: the adapter module failed to load: ${m.message ?? ''}`));
      }
    });
    worker.once('error', (e) => {
      clearTimeout(timer);
      reject(new Error(`${where}: the adapter module failed to load: ${e.message}`));
    });
  });
}
