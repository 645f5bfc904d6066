// rnn-conformance matrix: the same cases through several engines; Markdown and JSON of
// engine × (dtype, feature) → conforms / diverges (first failing case's replay, shrunk) / refuses
// differently / unsupported.
import { cpus } from 'node:os';
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { DTYPES } from '../../engine/dtype.js';
import { runStream, type CaseRecord } from '../check/run-check.js';
import { shrinkFailure } from '../check/shrink.js';
import { chooseEngine } from '../engines/cli.js';
import { buildColumn, matrixMarkdown, type EngineColumn } from '../check/matrix.js';
import { ENGINE_CHOICES } from '../engines/select.js';
import { writeFileAtomic } from '../files/index.js';
import { SidecarPool } from '../sidecar/index.js';
import { intFlag, parseFlags } from './args.js';
import { EXIT, UsageError } from './exit-codes.js';

const USAGE = `usage: rnn-conformance matrix [--engines a,b,c] [--cases N] [--seed S] [--out DIR] [--workers N] [--timeout-ms MS] [--shrink N]
  engines: ${ENGINE_CHOICES} (default builtin,builtin-fast,onnxruntime,tfjs)
  writes DIR/conformance-matrix.md and DIR/conformance-matrix.json (DIR default .); --shrink N: shrink the first N failing cases per engine (default 6)`;
export const HELP = `${USAGE}

Runs every engine over the same cases (seed S, all dtypes) and fills engine × (dtype, feature):
conforms, diverges (with the first failing case's replay command, shrunk), refuses differently
(torch's refusal not matched), unsupported (outside the engine's claimed capabilities).
exit codes: 0 written, 2 bad usage, 3 environment (no torch)`;

export async function matrix(args: string[]): Promise<number> {
  const { values } = parseFlags(args, { engines: { type: 'string' }, cases: { type: 'string' }, seed: { type: 'string' }, out: { type: 'string' }, workers: { type: 'string' }, 'timeout-ms': { type: 'string' }, shrink: { type: 'string' } }, USAGE);
  const cases = intFlag(values.cases, '--cases', USAGE, { min: 1, max: 100_000 }) ?? 500;
  const seed = intFlag(values.seed, '--seed', USAGE, { min: -(2 ** 31), max: 2 ** 32 - 1 }) ?? Math.floor(Math.random() * 2 ** 31);
  const workers = intFlag(values.workers, '--workers', USAGE, { min: 1, max: 64 }) ?? cpus().length;
  const timeoutMs = intFlag(values['timeout-ms'], '--timeout-ms', USAGE, { min: 100 }) ?? 120_000;
  const shrinkN = intFlag(values.shrink, '--shrink', USAGE, { min: 0 }) ?? 6;
  const names = (values.engines ?? 'builtin,builtin-fast,onnxruntime,tfjs').split(',').map((s) => s.trim()).filter(Boolean);
  if (names.length === 0) throw new UsageError(`--engines: give at least one engine\n${USAGE}`);
  const dir = values.out ?? '.';
  const pool = await SidecarPool.start(workers, { requestTimeoutMs: timeoutMs });
  const columns: EngineColumn[] = [];
  const out = (s: string) => process.stdout.write(`${s}\n`);
  try {
    out(`rnn-conformance matrix: ${names.join(', ')}; ${cases} cases each, seed ${seed}; torch ${pool.hello.torch} (${pool.hello.cpuCapability})`);
    for (const name of names) {
      const engine = await chooseEngine({ flag: name, timeoutMs });
      try {
        out(engine.header);
        const opts = { seed, dtypes: [...DTYPES], cases, ...engine.opts };
        const records: CaseRecord[] = [];
        await runStream(pool, { ...opts, onCase: (r) => records.push(r) });
        records.sort((a, b) => a.index - b.index);
        // The first failures get shrunk: their replay is the minimal case.
        const replays = new Map<number, string>();
        const base = (i: number) => `rnn-conformance check --seed ${seed} ${engine.flag} --no-config --case ${i}`.replace(/ {2,}/g, ' ');
        for (const r of records.filter((x) => x.verdict.status === 'failed').slice(0, shrinkN)) {
          const s = await shrinkFailure(pool, opts, r.index, 30_000);
          if (s) replays.set(r.index, `${base(r.index)} --path ${s.path}`);
        }
        const info = engine.selected.kind === 'adapter' ? engine.selected.host.info : { name: name === 'builtin' ? "the engine, precision 'exact'" : "the engine, precision 'fast'", capabilities: { dtypes: [...DTYPES], features: ['batch_first', 'bidirectional', 'multi_layer', 'relu', 'no_bias', 'hx', 'unbatched', 'empty', 'train_dropout', 'seeded_init', 'torch_refusals'] as const } };
        const col = buildColumn(name, info.name, { dtypes: [...info.capabilities.dtypes], features: [...info.capabilities.features] }, records, (r) => replays.get(r.index) ?? base(r.index));
        out(`  ${col.totals.passed} passed, ${col.totals.failed} failed, ${col.totals.unsupported} unsupported`);
        columns.push(col);
      } finally {
        await engine.close();
      }
    }
  } finally {
    await pool.close();
  }
  mkdirSync(dir, { recursive: true });
  const doc = { seed, cases, torch: pool.hello.torch, cpu: pool.hello.cpuCapability, columns };
  writeFileAtomic(join(dir, 'conformance-matrix.json'), `${JSON.stringify(doc, null, 2)}\n`);
  writeFileAtomic(join(dir, 'conformance-matrix.md'), matrixMarkdown(doc));
  out(`wrote ${join(dir, 'conformance-matrix.md')} and ${join(dir, 'conformance-matrix.json')}`);
  return EXIT.conforms;
}
