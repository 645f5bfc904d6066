// Runs python/bench_torch.py (the torch half of every side-by-side measurement).
import { execa } from 'execa';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { defaultPython } from '../../harness/sidecar/paths.js';

const PYTHON = defaultPython();

const SCRIPT = fileURLToPath(new URL('../../python/bench_torch.py', import.meta.url));

export interface TorchInfo {
  torch: string;
  threads: number;
  cpu_capability: string;
}

export async function torchBench<T>(threads: number, args: string[], stdin = ''): Promise<{ info: TorchInfo; result: T }> {
  const r = await execa(PYTHON, [SCRIPT, String(threads), ...args], { input: stdin, env: { OMP_NUM_THREADS: String(threads), MKL_NUM_THREADS: String(threads) }, maxBuffer: 1 << 28 });
  return JSON.parse(r.stdout) as { info: TorchInfo; result: T };
}

/** A torch process answering one forward row at a time (bench_torch.py serve). */
export async function torchRows(threads: number): Promise<{ info: TorchInfo; time: (row: object) => Promise<number>; close: () => Promise<void> }> {
  const p = execa(PYTHON, [SCRIPT, String(threads), 'serve'], { stdin: 'pipe', stdout: 'pipe', stderr: 'inherit', env: { OMP_NUM_THREADS: String(threads), MKL_NUM_THREADS: String(threads) } });
  const lines = createInterface({ input: p.stdout as NodeJS.ReadableStream })[Symbol.asyncIterator]();
  const next = async () => {
    const r = await lines.next();
    if (r.done) throw new Error('bench_torch.py serve ended early');
    return JSON.parse(r.value as string) as unknown;
  };
  const info = (await next()) as TorchInfo;
  return {
    info,
    time: async (row) => {
      p.stdin?.write(`${JSON.stringify(row)}\n`);
      return ((await next()) as { median_s: number }).median_s;
    },
    close: async () => {
      p.stdin?.end();
      await p;
    },
  };
}
