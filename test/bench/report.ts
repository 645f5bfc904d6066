// Everything `npm run bench` measures, side by side with torch in one run, as one Markdown table.
import { execa } from 'execa';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fastKind } from '../../engine/fast/index.js';
import { measureTransport, type TransportCost } from '../../harness/sidecar/measure.js';
import { backwardGrid, backwardMarkdown, backwardSideBySide, type BackwardSection } from './backward.js';
import { gradientCheckMarkdown, gradientCheckRate, type GradientCheck } from './check-gradient.js';
import { checkRate, buildSmall, smallSpecs, writeRunFrame, type CheckRate } from './check-throughput.js';
import { timeEngineForward } from './engine-forward.js';
import { timeOnnxruntime, timeTfjs } from './peers.js';
import { describeSize, forwardGrid, type GridRow } from './grid.js';
import { simdPeak } from './simd-peak.js';
import { median } from './timing.js';
import { torchBench, torchRows, type TorchInfo } from './torch-side.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** torch.set_num_threads for every torch measurement: the engine is single-threaded JavaScript, and
 * each sidecar runs one thread (a pool runs one sidecar per core). */
export const TORCH_THREADS = 1;

// Targets (engine speed / torch speed): issue 7's for the exact path in float32, issue 18's for
// precision 'fast'.
const TARGET: Record<GridRow['size'], number> = { tiny: 10, small: 1, medium: 0.5, large: 0.1 };
const FAST_TARGET: Partial<Record<string, number>> = { 'medium float32': 0.5, 'large float32': 0.15, 'medium complex64': 0.3 };

interface ForwardRow {
  row: GridRow;
  engineS: number;
  /** precision 'fast' (dtypes with fast kernels) */
  fastS: number | null;
  torchS: number;
  /** The peers on the same shapes (float32 rows): ONNX Runtime (wasm) and TF.js (cpu). */
  ortS?: number | null;
  tfjsS?: number | null;
}

/** Real multiply-adds of one op of the row (a complex one is four). */
const rowMacs = (r: GridRow): number =>
  r.lengths.reduce((s, T) => s + T * r.batch * r.hidden_size * (r.input_size + r.hidden_size), 0) * (r.dtype.startsWith('complex') ? 4 : 1);

interface MemoryRow {
  size: string;
  extraBytes: number;
  /** The forward stayed below the process's start-up peak: extraBytes is an upper bound. */
  bound: boolean;
  outputBytes: number;
  weightBytes: number;
}

export interface BenchReport {
  info: TorchInfo;
  /** 1-minute load average before and after: other work on the machine skews every ratio. */
  load: [number, number];
  forward: ForwardRow[];
  backward: BackwardSection;
  /** check's throughput on gradient cases beside forward cases of the same stream */
  gradientCheck: GradientCheck;
  /** WebAssembly SIMD's peak here, multiply-adds a second (simd-peak.ts) */
  peak: { f32: number; f64: number };
  check: { python: number; pythonCpuUs: number; rates: CheckRate[] };
  transport: TransportCost;
  memory: MemoryRow[];
}

const log = (s: string) => process.stderr.write(`[bench] ${s}\n`);

/** Torch and the engine alternate row by row, so a changing load on the machine skews both alike. */
export async function forwardSideBySide(rows: GridRow[]): Promise<{ info: TorchInfo; forward: ForwardRow[] }> {
  const torch = await torchRows(TORCH_THREADS);
  try {
    const forward: ForwardRow[] = [];
    for (const row of rows) {
      log(`forward ${row.name}: torch, then engine (exact, fast)`);
      const torchS = await torch.time(row);
      const engineS = timeEngineForward(row).medianS;
      forward.push({ row, engineS, fastS: fastKind(row.dtype) ? timeEngineForward(row, 'fast').medianS : null, torchS, ortS: await timeOnnxruntime(row), tfjsS: await timeTfjs(row) });
    }
    return { info: torch.info, forward };
  } finally {
    await torch.close();
  }
}

export async function checkSideBySide(n = 2000, seed = 7, rounds = 3): Promise<BenchReport['check']> {
  const specs = smallSpecs(n, seed);
  const build = buildSmall(specs);
  const dir = mkdtempSync(join(tmpdir(), 'rnn-bench-'));
  const frame = join(dir, 'cases.frame');
  writeRunFrame(frame, specs.map((_, i) => build(i)));
  // Round by round (the Python loop, then each worker count, one timed run each), so a load that
  // changes during the bench skews every row alike; medians over the rounds.
  const workers = [...new Set([1, 2, cpus().length])];
  const seconds: number[] = [];
  const cpuSeconds: number[] = [];
  const runs: CheckRate[][] = workers.map(() => []);
  for (let r = 0; r < rounds; r++) {
    log(`round ${r + 1}/${rounds}: torch-only Python loop`);
    const py = await torchBench<{ cases: number; seconds: number[]; cpu_seconds: number[] }>(TORCH_THREADS, ['loop', frame, '1']);
    seconds.push(...py.result.seconds);
    cpuSeconds.push(...py.result.cpu_seconds);
    for (const [k, w] of workers.entries()) {
      log(`round ${r + 1}/${rounds}: check, ${w} worker(s)`);
      runs[k]?.push(await checkRate(w, specs, 1));
    }
  }
  return { python: n / median(seconds), pythonCpuUs: (median(cpuSeconds) / n) * 1e6, rates: runs.map(medianRate) };
}

/** The median of each figure over the rounds. */
function medianRate(rs: CheckRate[]): CheckRate {
  const m = (f: (r: CheckRate) => number) => median(rs.map(f));
  const first = rs[0] as CheckRate;
  return { ...first, casesPerS: m((r) => r.casesPerS), passed: Math.min(...rs.map((r) => r.passed)), nodeCpuUs: m((r) => r.nodeCpuUs), sidecarCpuUs: m((r) => r.sidecarCpuUs) };
}

export async function memoryRows(rows: GridRow[]): Promise<MemoryRow[]> {
  const out = mkdtempSync(join(tmpdir(), 'rnn-bench-build-'));
  log('building the engine for fresh-process memory runs');
  await execa('npx', ['tsc', '-p', 'tsconfig.build.json', '--outDir', out], { cwd: ROOT });
  const engine = join(out, 'engine', 'index.js');
  const child = fileURLToPath(new URL('./memory-child.mjs', import.meta.url));
  const res: MemoryRow[] = [];
  for (const r of rows) {
    // A plain node, whatever options this process runs under.
    const p = await execa('node', ['--expose-gc', child, String(r.input_size), String(r.hidden_size), String(r.batch), String(Math.max(...r.lengths)), r.dtype, engine], {
      env: { NODE_OPTIONS: '' },
    });
    res.push({ size: `${r.size} ${r.dtype}`, ...(JSON.parse(p.stdout) as Omit<MemoryRow, 'size'>) });
  }
  return res;
}

export async function runAll(): Promise<BenchReport> {
  const load0 = loadavg()[0] as number;
  const grid = forwardGrid();
  const { info, forward } = await forwardSideBySide(grid);
  const backward = await backwardSideBySide(backwardGrid(), TORCH_THREADS, log);
  log('WebAssembly SIMD peak');
  const peak = { f32: simdPeak(true), f64: simdPeak(false) };
  const check = await checkSideBySide();
  const gradientCheck = await gradientCheckRate(150, 7, log);
  log('sidecar transport');
  const transport = await measureTransport();
  const memory = await memoryRows(grid.filter((r) => r.dtype === 'float32'));
  return { info, load: [load0, loadavg()[0] as number], forward, backward, gradientCheck, peak, check, transport, memory };
}

// ---- formatting ----------------------------------------------------------------------------------

const us = (s: number) => (s >= 0.1 ? `${(s * 1e3).toFixed(0)} ms` : s >= 1e-3 ? `${(s * 1e3).toFixed(2)} ms` : `${(s * 1e6).toFixed(1)} µs`);
const x = (r: number) => `${r >= 10 ? r.toFixed(0) : r >= 1 ? r.toFixed(1) : r.toFixed(r >= 0.1 ? 2 : 3)}×`;
const mb = (b: number) => `${(b / 1e6).toFixed(b < 1e6 ? 3 : 1)} MB`;

export function machine(info: TorchInfo): string {
  const cpu = cpus();
  return `${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores; Node ${process.version}; torch ${info.torch} (${info.cpu_capability}), torch.set_num_threads(${info.threads})`;
}

export function markdown(r: BenchReport): string {
  const L: string[] = [];
  L.push(`Machine: ${machine(r.info)}. Engine: single-threaded JavaScript. Medians; ratio = engine speed / torch speed (> 1: engine faster).`, '');
  L.push(`Load average (1 min) at start / end: ${r.load[0].toFixed(1)} / ${r.load[1].toFixed(1)} on ${cpus().length} cores (above ~0.5 other processes shared the cores; both sides suffer, the ratios less than the absolute times).`, '');
  L.push('### Forward: engine vs torch eager nn.RNN (eval, no_grad)', '');
  L.push(
    `Exact: the default precision (torch's rounding). Fast: \`precision: 'fast'\` (engine/fast/, WebAssembly SIMD, within torch's tolerance). ` +
      `WebAssembly SIMD's peak here (12 independent multiply-then-add chains on registers, no FMA in WebAssembly SIMD): ` +
      `f32x4 ${(r.peak.f32 / 1e9).toFixed(1)} G multiply-adds/s, f64x2 ${(r.peak.f64 / 1e9).toFixed(1)} G/s; the fast column's share of it counts a complex multiply-add as four.`,
    '',
  );
  L.push('| size | dtype | shape (in/hidden, T, N) | torch | exact | ratio | fast | ratio | fast: G multiply-adds/s (share of peak) | targets |', '|---|---|---|---:|---:|---:|---:|---:|---:|---|');
  const met = (name: string, ratio: number, target: number | undefined) => (target === undefined ? [] : [`${name} ≥ ${target}× ${ratio >= target ? 'met' : '**not met**'}`]);
  for (const f of r.forward) {
    const ratio = f.torchS / f.engineS;
    const fr = f.fastS === null ? null : f.torchS / f.fastS;
    const peak = f.row.dtype === 'float64' ? r.peak.f64 : r.peak.f32;
    const rate = f.fastS === null ? 0 : rowMacs(f.row) / f.fastS;
    const targets = [...met('exact', ratio, f.row.dtype === 'float32' ? TARGET[f.row.size] : undefined), ...(fr === null ? [] : met('fast', fr, FAST_TARGET[f.row.name]))];
    const fast = f.fastS === null || fr === null ? '| | | |' : `| ${us(f.fastS)} | ${x(fr)} | ${(rate / 1e9).toFixed(2)} (${((100 * rate) / peak).toFixed(0)}%) |`;
    L.push(`| ${f.row.size} | ${f.row.dtype} | ${describeSize(f.row)} | ${us(f.torchS)} | ${us(f.engineS)} | ${x(ratio)} ${fast} ${targets.join('; ')} |`);
  }
  const peers = r.forward.filter((f) => f.ortS || f.tfjsS);
  if (peers.length) {
    L.push('', '### The peers on the same shapes (float32, one thread)', '', 'ONNX Runtime: onnxruntime-web 1.31.1, WebAssembly, `numThreads = 1`, session built once per row. TF.js 4.22.0, CPU backend, `simpleRNN` built once per row. Ratio = peer speed / torch speed.', '');
    L.push('| size | shape | torch | engine exact | engine fast | ONNX Runtime | ratio | TF.js | ratio |', '|---|---|---:|---:|---:|---:|---:|---:|---:|');
    for (const f of peers) L.push(`| ${f.row.size} | ${describeSize(f.row)} | ${us(f.torchS)} | ${us(f.engineS)} | ${f.fastS ? us(f.fastS) : ''} | ${f.ortS ? us(f.ortS) : ''} | ${f.ortS ? x(f.torchS / f.ortS) : ''} | ${f.tfjsS ? us(f.tfjsS) : ''} | ${f.tfjsS ? x(f.torchS / f.tfjsS) : ''} |`);
  }
  L.push('', backwardMarkdown(r.backward));
  L.push('', checkMarkdown(r.check));
  const t = r.transport;
  L.push('', gradientCheckMarkdown(r.gradientCheck));
  L.push('', '### Sidecar round trip', '');
  L.push('| what | value |', '|---|---:|');
  L.push(`| start + handshake | ${t.startMs.toFixed(0)} ms |`, `| one tiny case per request, median round trip | ${t.roundTripMs.toFixed(3)} ms |`);
  L.push(`| 2000 tiny seeded cases in one request | ${t.batchedCasesPerS.toFixed(0)} cases/s |`);
  for (const l of t.large) L.push(`| float64 tensor, ${l.mbEachWay.toFixed(1)} MB each way (one RNN step included) | ${l.mbPerS.toFixed(0)} MB/s (${us(l.seconds)}) |`);
  L.push('', '### Peak memory of one engine forward (fresh process, float32)', '');
  L.push('| size | peak RSS above module+input | outputs | weights | peak / (outputs + weights) |', '|---|---:|---:|---:|---:|');
  for (const m of r.memory) {
    // Below a megabyte of tensors, RSS moves by the allocator's and V8's own constant, not by the data.
    const ratio = m.outputBytes + m.weightBytes < 1e6 ? 'constant only' : (m.extraBytes / (m.outputBytes + m.weightBytes)).toFixed(2);
    L.push(`| ${m.size} | ${m.bound ? '≤ ' : ''}${mb(m.extraBytes)} | ${mb(m.outputBytes)} | ${mb(m.weightBytes)} | ${ratio} |`);
  }
  return L.join('\n');
}

/** The `check` throughput table (also alone: `RNN_BENCH_ONLY=check npm run bench`). */
export function checkMarkdown(check: BenchReport['check']): string {
  const L: string[] = [];
  L.push('### `check` throughput (issue 3 small configurations, float32, 2000 cases)', '');
  L.push(
    'Medians of three rounds, each timing the Python loop, then `check` at each worker count, once over the 2000 cases (after a 256-case warm-up). ' +
      "Targets: issue 3's ≥ 0.8× the Python loop, issue 18's ≥ 1.0× with 2 workers.",
    '',
  );
  // CPU time per case says what idle cores would give, whatever shares them during the run: one
  // worker pipelines this process and its sidecar on two cores; n workers share the cores.
  const cores = cpus().length;
  const ideal = (c: CheckRate) => Math.min(1e6 / Math.max(c.nodeCpuUs, c.sidecarCpuUs / c.workers), (cores * 1e6) / (c.nodeCpuUs + c.sidecarCpuUs));
  const pyIdeal = 1e6 / check.pythonCpuUs;
  L.push('| loop | cases/s measured | vs Python loop | CPU µs a case (Node + sidecars) | cases/s on idle cores, from CPU time | vs Python loop, idle | passed |', '|---|---:|---:|---:|---:|---:|---:|');
  L.push(`| Python loop, torch only (construct, load_state_dict, forward), in-process | ${check.python.toFixed(0)} | 1× | ${check.pythonCpuUs.toFixed(0)} | ${pyIdeal.toFixed(0)} | 1× | |`);
  const one = check.rates[0];
  for (const c of check.rates) {
    L.push(`| check, ${c.workers} worker(s) (generate, engine, torch sidecars, judge) | ${c.casesPerS.toFixed(0)} | ${x(c.casesPerS / check.python)} | ${c.nodeCpuUs.toFixed(0)} + ${c.sidecarCpuUs.toFixed(0)} | ${ideal(c).toFixed(0)} | ${x(ideal(c) / pyIdeal)} | ${c.passed}/${c.cases} |`);
  }
  for (const c of check.rates.filter((c) => c.workers > 1 && one)) {
    const o = one as CheckRate;
    L.push('', `Scaling from 1 to ${c.workers} workers (target ≥ 1.6× at 2): measured ${x(c.casesPerS / o.casesPerS)}; on idle cores, from CPU time, ${x(ideal(c) / ideal(o))}.`);
  }
  return L.join('\n');
}

export function writeResults(r: BenchReport): string {
  const md = `# Benchmark results\n\nWritten by \`npm run bench\` (test/perf.bench.ts) on ${new Date().toISOString().slice(0, 10)}.\n\n${markdown(r)}\n`;
  const path = join(ROOT, 'bench', 'RESULTS.md');
  writeFileSync(path, md);
  return path;
}
