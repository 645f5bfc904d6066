// Runs python/bench_torch.py (the torch half of every side-by-side measurement).
import { execa } from 'execa';
import { fileURLToPath } from 'node:url';
import { PYTHON } from '../live-torch.js';

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
