// `check` throughput on issue 3's small configurations (input/hidden 1-16, layers 1-3, length 1-10,
// batch 1-4, float32), against python/bench_torch.py's torch-only loop over the very same cases.
import { readFileSync, writeFileSync } from 'node:fs';
import { runCases } from '../../harness/check/run-check.js';
import { toRefCase, type CaseSpec, type ConformanceCase } from '../../harness/case/index.js';
import { materialize } from '../../harness/gen/materialize.js';
import { mulberry32 } from '../../harness/gen/prng.js';
import { BlobBuilder } from '../../harness/case/codec.js';
import { encodeFrame, pyJson } from '../../harness/sidecar/protocol.js';
import { SidecarPool } from '../../harness/sidecar/index.js';
import type { Tensor } from '../../engine/tensor.js';
import { median } from './timing.js';

export function smallSpecs(n: number, seed: number): CaseSpec[] {
  const rand = mulberry32(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const bool = () => rand() < 0.5;
  return Array.from({ length: n }, (_, i) => ({
    input_size: int(1, 16),
    hidden_size: int(1, 16),
    num_layers: int(1, 3),
    nonlinearity: bool() ? 'tanh' : 'relu',
    bias: bool(),
    batch_first: bool(),
    dropout: 0,
    bidirectional: bool(),
    dtype: 'float32',
    seed: i,
    weights: 'snapshot',
    weightScale: 1,
    seqLen: int(1, 10),
    batch: int(1, 4),
    unbatched: false,
    hx: bool(),
    inputScale: 1,
    special: 'none',
    train: false,
    dataSeed: int(0, 2 ** 31),
    configMutation: null,
    inputMutation: null,
  }));
}

export const buildSmall = (specs: readonly CaseSpec[]) => (i: number): ConformanceCase => materialize(specs[i] as CaseSpec, `bench:${i}`);

/** The cases as one sidecar `run` frame (what Sidecar.run sends), for the Python loop to read. */
export function writeRunFrame(path: string, cases: readonly ConformanceCase[]): void {
  const blob = new BlobBuilder();
  const sd = (m: Record<string, Tensor>) => Object.fromEntries(Object.entries(m).map(([k, t]) => [k, blob.add(t)]));
  const wire = cases.map((c) => {
    const r = toRefCase(c);
    return { id: r.id, config: r.config, state_dict: r.stateDict ? sd(r.stateDict) : undefined, input: r.input ? blob.add(r.input) : undefined, hx: r.hx ? blob.add(r.hx) : undefined, train: r.train ?? false, seed: r.seed };
  });
  writeFileSync(path, encodeFrame(pyJson({ type: 'run', id: 0, cases: wire }), blob.bytes()));
}

export interface CheckRate {
  workers: number;
  casesPerS: number;
  passed: number;
  cases: number;
  /** CPU time per case, in µs, of this process (generation, engine, protocol, judge) and of all
   * sidecars together: what the rate would be on idle cores, whatever else shares them now. */
  nodeCpuUs: number;
  sidecarCpuUs: number;
}

/** utime + stime of a process, in seconds (Linux /proc; 0 elsewhere). */
export function processCpuS(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // clock ticks (USER_HZ = 100)
  } catch {
    return 0;
  }
}

/** Cases/s of the whole loop (materialize, engine, torch through the pool, judge), median of runs. */
export async function checkRate(workers: number, specs: readonly CaseSpec[], runs = 3, chunk?: number): Promise<CheckRate> {
  const pool = await SidecarPool.start(workers);
  try {
    const indices = specs.map((_, i) => i);
    const build = buildSmall(specs);
    await runCases(pool, indices.slice(0, 256), build, {}); // warm up both sides
    const rates: number[] = [];
    let passed = 0;
    const sidecarCpu = () => pool.pids.reduce((s, pid) => s + processCpuS(pid), 0);
    const cpu0 = process.cpuUsage();
    const side0 = sidecarCpu();
    for (let r = 0; r < runs; r++) {
      const t = performance.now();
      const { totals } = await runCases(pool, indices, build, chunk ? { chunk } : {});
      rates.push(specs.length / ((performance.now() - t) / 1000));
      passed = totals.passed;
    }
    const cpu = process.cpuUsage(cpu0);
    const n = runs * specs.length;
    return { workers, casesPerS: median(rates), passed, cases: specs.length, nodeCpuUs: (cpu.user + cpu.system) / n, sidecarCpuUs: ((sidecarCpu() - side0) * 1e6) / n };
  } finally {
    await pool.close();
  }
}
