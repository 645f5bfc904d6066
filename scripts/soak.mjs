#!/usr/bin/env node
// Soak: N cases (default 20,000) through the conformance loop, printing the memory of this process and
// of every torch sidecar at each tenth, to show both stay flat. A report, not a timed test:
//   npm run soak [-- --cases 20000 --seed 1 --workers 2]
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { runStream } from '../dist/harness/check/run-check.js';
import { SidecarPool } from '../dist/harness/sidecar/index.js';

const { values } = parseArgs({ options: { cases: { type: 'string', default: '20000' }, seed: { type: 'string', default: '1' }, workers: { type: 'string', default: '2' } } });
const cases = Number(values.cases);
const seed = Number(values.seed);
const mib = (bytes) => (bytes / 2 ** 20).toFixed(1);
const rssOf = (pid) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
const children = () => {
  try {
    return execFileSync('pgrep', ['-P', String(process.pid)], { encoding: 'utf8' }).split('\n').filter(Boolean).map(Number);
  } catch {
    return [];
  }
};

const pool = await SidecarPool.start(Number(values.workers));
console.log(`soak: ${cases} cases, seed ${seed}, ${values.workers} sidecar(s), torch ${pool.hello.torch}`);
console.log('cases    node rss MiB  node heap MiB  sidecar rss MiB (each)');
const started = Date.now();
let done = 0;
const sample = () => {
  const m = process.memoryUsage();
  console.log(`${String(done).padStart(6)}  ${mib(m.rss).padStart(12)}  ${mib(m.heapUsed).padStart(13)}  ${children().map((p) => mib(rssOf(p))).join(', ')}`);
};
sample();
const { totals } = await runStream(pool, {
  seed,
  cases,
  onCase: () => {
    done++;
    if (done % Math.ceil(cases / 10) === 0) sample();
  },
});
await pool.close();
const s = (Date.now() - started) / 1000;
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.unavailable} unavailable in ${s.toFixed(1)} s (${(cases / s).toFixed(0)} cases/s), ${pool.restarts} restarts, ${pool.recycled} planned sidecar recycles`);
