// `check`'s throughput on gradient cases (issue 16 part 4): check has no flag that runs one kind
// alone, so this takes the cases of a normal run's stream (all dtypes, default options), sorts the
// random tail by kind, and runs the gradient cases and as many forward cases of the same tail through
// the real loop (runCases: materialize, engine forward + backward, sidecar pool running torch's
// forward + torch.autograd.backward, judge), one worker each, timed apart.
import { loadavg } from 'node:os';
import { buildCase, runCases } from '../../harness/check/run-check.js';
import { kindOf, type CaseKind } from '../../harness/case/index.js';
import { caseAt, caseOrigin, type StreamOptions } from '../../harness/gen/stream.js';
import { DTYPES } from '../../engine/dtype.js';
import { SidecarPool } from '../../harness/sidecar/index.js';
import { processCpuS } from './check-throughput.js';

export interface KindRate {
  kind: CaseKind;
  cases: number;
  passed: number;
  casesPerS: number;
  /** CPU µs a case: this process (generation, engine, judge) and the sidecar (torch) */
  nodeCpuUs: number;
  sidecarCpuUs: number;
}

export interface GradientCheck {
  seed: number;
  /** random-tail cases scanned, and how many of them each kind took */
  scanned: number;
  share: Record<CaseKind, number>;
  rates: KindRate[];
  load: [number, number];
}

async function rateOf(pool: SidecarPool, kind: CaseKind, indices: number[], opts: StreamOptions): Promise<KindRate> {
  const build = (i: number) => buildCase(opts, i);
  await runCases(pool, indices.slice(0, 32), build, {}); // warm up both sides
  const side = () => pool.pids.reduce((s, pid) => s + processCpuS(pid), 0);
  const cpu0 = process.cpuUsage();
  const side0 = side();
  const t = performance.now();
  const { totals } = await runCases(pool, indices, build, {});
  const seconds = (performance.now() - t) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const n = indices.length;
  return { kind, cases: n, passed: totals.passed, casesPerS: n / seconds, nodeCpuUs: (cpu.user + cpu.system) / n, sidecarCpuUs: ((side() - side0) * 1e6) / n };
}

/** The first `gradients` gradient cases of seed's random tail, and as many forward cases beside them. */
export async function gradientCheckRate(gradients = 150, seed = 7, log: (s: string) => void = () => {}): Promise<GradientCheck> {
  const load0 = loadavg()[0] as number;
  const opts: StreamOptions = { seed };
  let i = 0;
  while (caseOrigin(DTYPES, i).kind !== 'random') i++;
  const byKind: Record<CaseKind, number[]> = { forward: [], packed: [], gradient: [] };
  let scanned = 0;
  for (; byKind.gradient.length < gradients; i++, scanned++) byKind[kindOf(caseAt(opts, i))].push(i);
  const share = { forward: byKind.forward.length / scanned, packed: byKind.packed.length / scanned, gradient: byKind.gradient.length / scanned };
  const pool = await SidecarPool.start(1);
  try {
    const rates: KindRate[] = [];
    for (const kind of ['gradient', 'forward'] as const) {
      log(`check, ${kind} cases of the random tail`);
      rates.push(await rateOf(pool, kind, byKind[kind].slice(0, gradients), opts));
    }
    return { seed, scanned, share, rates, load: [load0, loadavg()[0] as number] };
  } finally {
    await pool.close();
  }
}

export function gradientCheckMarkdown(g: GradientCheck): string {
  const pct = (v: number) => `${(100 * v).toFixed(0)}%`;
  const L: string[] = [];
  L.push('### `check` throughput on gradient cases', '');
  L.push(
    `A normal run's stream (seed ${g.seed}, every dtype): of its first ${g.scanned} random-tail cases ${pct(g.share.gradient)} are gradient cases, ` +
      `${pct(g.share.packed)} packed, ${pct(g.share.forward)} forward (the covering rows and the regime block, its gradient twins included, come before the tail and are not counted here). ` +
      'check has no flag to run one kind alone: the gradient cases and as many forward cases of the same tail run apart through the real loop ' +
      '(`runCases`: materialize, engine, one torch sidecar, judge), one worker, after a warm-up. ' +
      `Load average (1 min) at start / end: ${g.load.map((v) => v.toFixed(1)).join(' / ')}.`,
    '',
  );
  L.push('| cases | count | cases/s measured | CPU µs a case (Node + sidecar) | passed |', '|---|---:|---:|---:|---:|');
  for (const r of g.rates) L.push(`| ${r.kind} | ${r.cases} | ${r.casesPerS.toFixed(0)} | ${r.nodeCpuUs.toFixed(0)} + ${r.sidecarCpuUs.toFixed(0)} | ${r.passed}/${r.cases} |`);
  const [gr, fw] = g.rates;
  if (gr && fw) {
    const cpu = (r: KindRate) => r.nodeCpuUs + r.sidecarCpuUs;
    L.push('', `A gradient case costs ${(cpu(gr) / cpu(fw)).toFixed(1)}× a forward case's CPU time (Node + sidecar), and runs at ${(gr.casesPerS / fw.casesPerS).toFixed(2)}× its rate.`);
  }
  return L.join('\n');
}
