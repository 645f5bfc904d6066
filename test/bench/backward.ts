// Backward vs forward (issue 16 part 4: a backward costs at most 3× its forward): the engine's
// rnn.forward, rnn.tape (the forward that keeps what the backward needs) and tape.backward, beside
// torch's forward under no_grad, its forward with autograd recording and torch.autograd.backward
// (python/bench_torch.py backward-serve), same shapes, torch.set_num_threads(1).
// Wall time and this process's CPU time (process.cpuUsage / time.process_time) are both medians:
// on a loaded machine CPU time is what the code costs, wall time what a user waited.
import { RNN } from '../../engine/rnn.js';
import { Generator } from '../../engine/random.js';
import { zeros, type Tensor } from '../../engine/tensor.js';
import type { DType } from '../../engine/dtype.js';
import { mulberry32 } from '../../harness/gen/prng.js';
import { roundTo } from '../../harness/gen/materialize.js';
import { forwardGrid, type GridRow } from './grid.js';
import { median } from './timing.js';
import { execa } from 'execa';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { loadavg } from 'node:os';
import type { TorchInfo } from './torch-side.js';
import { defaultPython } from '../../harness/sidecar/paths.js';

const PYTHON = defaultPython();

/** Median wall and CPU seconds per call. */
export interface WallCpu {
  wallS: number;
  cpuS: number;
}

/** The four things timed for one row, on either side. */
export interface BackwardTimes {
  /** forward alone, nothing recorded (engine: rnn.forward; torch: eval + no_grad) */
  forward: WallCpu;
  /** forward recording what backward needs (engine: rnn.tape; torch: grad mode, input requires grad) */
  tape: WallCpu;
  /** backward alone, the forward not counted (the same tape backwarded again: retainGraph) */
  backward: WallCpu;
  /** recording forward + backward, as a training step runs them */
  both: WallCpu;
}

export interface BackwardRow {
  row: GridRow;
  engine: BackwardTimes;
  torch: BackwardTimes;
}

/** The rows: small and medium, float32, float64 and complex64 (RNN_BENCH_SIZES limits as for forward). */
export const backwardGrid = (): GridRow[] => forwardGrid(['float32', 'float64', 'complex64']).filter((r) => r.size === 'small' || r.size === 'medium');

const cpuS = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/**
 * timing.ts's medianCall (warm-up, calibrate each to >= 20 ms a repeat, median of repeats), with CPU
 * time, for several functions at once: their repeats alternate, so a changing machine load skews each
 * alike and their ratios hold better than their times.
 */
export function interleavedWallCpu<K extends string>(fns: Record<K, () => void>, repeats = 9, minS = 0.02): Record<K, WallCpu> {
  const keys = Object.keys(fns) as K[];
  const reps = {} as Record<K, number>;
  for (const k of keys) {
    const fn = fns[k];
    const w = performance.now();
    do fn();
    while (performance.now() - w < 100);
    let n = 1;
    for (;;) {
      const t = performance.now();
      for (let i = 0; i < n; i++) fn();
      if ((performance.now() - t) / 1000 >= minS || n >= 1 << 20) break;
      n *= 2;
    }
    reps[k] = n;
  }
  const wall = Object.fromEntries(keys.map((k) => [k, [] as number[]])) as Record<K, number[]>;
  const cpu = Object.fromEntries(keys.map((k) => [k, [] as number[]])) as Record<K, number[]>;
  for (let r = 0; r < repeats; r++) {
    for (const k of keys) {
      const fn = fns[k];
      const n = reps[k];
      const t = performance.now();
      const c = cpuS();
      for (let i = 0; i < n; i++) fn();
      cpu[k].push((cpuS() - c) / n);
      wall[k].push((performance.now() - t) / 1000 / n);
    }
  }
  return Object.fromEntries(keys.map((k) => [k, { wallS: median(wall[k]), cpuS: median(cpu[k]) }])) as Record<K, WallCpu>;
}

function randomTensor(dtype: DType, shape: number[], seed: number): Tensor {
  const rand = mulberry32(seed);
  const r = roundTo(dtype);
  const t = zeros(dtype, shape);
  for (let i = 0; i < t.data.length; i++) t.data[i] = r(2 * rand() - 1);
  return t;
}

export function timeEngineBackward(row: GridRow): BackwardTimes {
  const rnn = new RNN({ inputSize: row.input_size, hiddenSize: row.hidden_size, dtype: row.dtype }, { generator: new Generator(0) }).eval();
  const T = row.lengths[0] as number;
  const x = randomTensor(row.dtype, [T, row.batch, row.input_size], 1);
  const gOut = randomTensor(row.dtype, [T, row.batch, row.hidden_size], 2);
  const gHN = randomTensor(row.dtype, [1, row.batch, row.hidden_size], 3);
  const kept = rnn.tape(x);
  return interleavedWallCpu({
    forward: () => void rnn.forward(x),
    tape: () => void rnn.tape(x),
    backward: () => {
      rnn.zeroGrad(); // the first gradient is stored, as after torch's zero_grad(set_to_none=True)
      kept.backward(gOut, gHN, { retainGraph: true });
    },
    both: () => {
      rnn.zeroGrad();
      rnn.tape(x).backward(gOut, gHN);
    },
  });
}

const TORCH_SCRIPT = fileURLToPath(new URL('../../python/bench_torch.py', import.meta.url));

/** python/bench_torch.py backward-serve: an info line, then one row in -> its BackwardTimes out. */
async function torchBackwardServe(threads: number): Promise<{ info: TorchInfo; ask: (row: GridRow) => Promise<BackwardTimes>; close: () => Promise<void> }> {
  const env = { OMP_NUM_THREADS: String(threads), MKL_NUM_THREADS: String(threads) };
  const p = execa(PYTHON, [TORCH_SCRIPT, String(threads), 'backward-serve'], { stdin: 'pipe', stdout: 'pipe', stderr: 'inherit', env });
  const lines = createInterface({ input: p.stdout as NodeJS.ReadableStream })[Symbol.asyncIterator]();
  const next = async (): Promise<unknown> => {
    const r = await lines.next();
    if (r.done) throw new Error('bench_torch.py backward-serve ended early');
    return JSON.parse(r.value as string);
  };
  const info = (await next()) as TorchInfo;
  return {
    info,
    ask: async (row) => {
      p.stdin?.write(`${JSON.stringify(row)}\n`);
      return (await next()) as BackwardTimes;
    },
    close: async () => {
      p.stdin?.end();
      await p;
    },
  };
}

/** Torch and the engine alternate row by row, so a changing load skews both alike. */
export interface BackwardSection {
  info: TorchInfo;
  rows: BackwardRow[];
  /** 1-minute load average before and after */
  load: [number, number];
}

export async function backwardSideBySide(rows: GridRow[], threads: number, log: (s: string) => void): Promise<BackwardSection> {
  const load0 = loadavg()[0] as number;
  const torch = await torchBackwardServe(threads);
  try {
    const out: BackwardRow[] = [];
    for (const row of rows) {
      log(`backward ${row.name}: torch, then engine`);
      const t = await torch.ask(row);
      out.push({ row, torch: t, engine: timeEngineBackward(row) });
    }
    return { info: torch.info, rows: out, load: [load0, loadavg()[0] as number] };
  } finally {
    await torch.close();
  }
}

// ---- formatting ----------------------------------------------------------------------------------

const ms = (s: number) => (s >= 1e-3 ? `${(s * 1e3).toFixed(2)} ms` : `${(s * 1e6).toFixed(0)} µs`);
const x = (r: number) => `${r.toFixed(2)}×`;

/** The Markdown section: times, then backward/forward ratios on each side (3× is issue 16's bound). */
export function backwardMarkdown({ rows, load }: BackwardSection): string {
  const L: string[] = [];
  L.push('### Backward vs forward (issue 16: a backward costs at most 3× its forward)', '');
  L.push(
    'One forward and one backward of a one-layer tanh RNN, no hx, input requiring grad; grad_output and grad_h_n given. ' +
      '"forward": nothing recorded (engine `rnn.forward`; torch eval + `no_grad`). "tape": the forward that records for backward ' +
      '(engine `rnn.tape`; torch in grad mode). "backward": the backward alone, the forward **not** counted (the same tape backwarded ' +
      'again, `retainGraph` / `retain_graph=True`; parameter gradients stored as after `zero_grad`). "fwd+bwd": tape then backward, ' +
      'as a training step runs them. Each is the median of 9 repeats (≥ 20 ms each), the four alternating repeat by repeat. Ratios are to "forward"; CPU time (this process, `process.cpuUsage` / `time.process_time`) ' +
      `is what the code costs whatever shares the cores, wall time what one waited. Load average (1 min) at start / end: ${load.map((v) => v.toFixed(1)).join(' / ')}.`,
    '',
  );
  L.push(
    '| size | dtype | side | forward | tape | backward | fwd+bwd | backward / forward (CPU) | (tape + backward) / forward (CPU) | fwd+bwd / forward (CPU) | ≤ 3× |',
    '|---|---|---|---:|---:|---:|---:|---:|---:|---:|---|',
  );
  for (const r of rows) {
    for (const [side, t] of [['engine', r.engine], ['torch', r.torch]] as const) {
      const cell = (w: WallCpu) => `${ms(w.wallS)} (${ms(w.cpuS)})`;
      const ratio = (a: number, b: number, ac: number, bc: number) => `${x(a / b)} (${x(ac / bc)})`;
      const f = t.forward;
      const bound = side === 'engine' && r.row.dtype !== 'complex64' ? (t.backward.cpuS / f.cpuS <= 3 ? 'met' : '**not met**') : '';
      L.push(
        `| ${r.row.size} | ${r.row.dtype} | ${side} | ${cell(f)} | ${cell(t.tape)} | ${cell(t.backward)} | ${cell(t.both)} | ` +
          `${ratio(t.backward.wallS, f.wallS, t.backward.cpuS, f.cpuS)} | ${ratio(t.tape.wallS + t.backward.wallS, f.wallS, t.tape.cpuS + t.backward.cpuS, f.cpuS)} | ` +
          `${ratio(t.both.wallS, f.wallS, t.both.cpuS, f.cpuS)} | ${bound} |`,
      );
    }
  }
  L.push('', 'Times: wall (CPU). The bound is judged on CPU time, backward alone over forward, for float32 and float64 (issue 16 names those).');
  return L.join('\n');
}
