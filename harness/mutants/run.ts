// npm run mutants: plants each hand-written mutant (catalog.ts) in a throwaway copy of the compiled
// harness, then runs `golden check` and `check` (each seed given) against it. A mutant is killed when
// every one of those runs fails (exit 1). Prints a table; --json FILE writes it machine-readable.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { repoRoot } from '../sidecar/paths.js';
import { MUTANTS, type Mutant } from './catalog.js';

/** The find text as a pattern that ignores whitespace (compiled JS re-indents and re-wraps). */
export function pattern(find: string): RegExp {
  const parts = find.trim().split(/\s+/).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(parts.join('\\s*'), 'g');
}

/** Applies a mutant to a file's text; throws when the text is not found exactly `count` times. */
export function plant(text: string, m: Mutant, where: string): string {
  const re = pattern(m.find);
  const n = text.match(re)?.length ?? 0;
  if (n !== (m.count ?? 1)) throw new Error(`mutant ${m.name}: '${m.find}' found ${n} time(s) in ${where}, expected ${m.count ?? 1}`);
  return text.replace(re, () => m.replace);
}

interface Outcome {
  name: string;
  bug: string;
  golden: number;
  check: { seed: number; exit: number; failed: number | null }[];
  killed: boolean;
}

function run(root: string, args: string[]): { exit: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(root, 'bin', 'rnn-conformance.js'), ...args], { encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'pipe'] });
  return { exit: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** What a run that gave no verdict (exit neither 0 nor 1) said last: why it is not counted. */
function noVerdict(label: string, r: { exit: number; stdout: string; stderr: string }): string {
  if (r.exit === 0 || r.exit === 1) return '';
  const lines = `${r.stderr}\n${r.stdout}`.split('\n').filter((l) => /unavailable|error|Error|timed out|no reply/.test(l)).slice(-3);
  return lines.map((l) => `    ${label} exit ${r.exit}: ${l.trim().slice(0, 300)}\n`).join('');
}

/** A copy of the compiled harness with one engine file mutated; Python, golden/ and packages linked. */
function mutatedCopy(root: string, m: Mutant): string {
  const src = readFileSync(join(root, m.file), 'utf8');
  plant(src, m, m.file);
  const jsPath = join('dist', m.file.replace(/\.ts$/, '.js'));
  const dir = mkdtempSync(join(tmpdir(), `rnn-mutant-${m.name}-`));
  cpSync(join(root, 'dist'), join(dir, 'dist'), { recursive: true });
  cpSync(join(root, 'bin'), join(dir, 'bin'), { recursive: true });
  cpSync(join(root, 'package.json'), join(dir, 'package.json'));
  for (const link of ['node_modules', 'python', 'golden', 'scripts', '.venv']) if (existsSync(join(root, link))) symlinkSync(join(root, link), join(dir, link));
  writeFileSync(join(dir, jsPath), plant(readFileSync(join(root, jsPath), 'utf8'), m, jsPath));
  // The harness (comparator, generator) imports some engine modules too (half.ts's rounding): it keeps
  // the pristine one, or a rounding bug would be judged by the same bug and pass.
  const pristine = basename(jsPath).replace(/\.js$/, '.pristine.js');
  cpSync(join(root, jsPath), join(dir, dirname(jsPath), pristine));
  for (const f of readdirSync(join(dir, 'dist', 'harness'), { recursive: true, encoding: 'utf8' })) {
    if (!f.endsWith('.js')) continue;
    const path = join(dir, 'dist', 'harness', f);
    const text = readFileSync(path, 'utf8');
    const redirected = text.replaceAll(`/${m.file.replace(/\.ts$/, '.js')}'`, `/${m.file.replace(/\.ts$/, '.pristine.js')}'`);
    if (redirected !== text) writeFileSync(path, redirected);
  }
  return dir;
}

export function main(argv: string[]): number {
  const { values } = parseArgs({
    args: argv,
    options: { seeds: { type: 'string' }, cases: { type: 'string' }, only: { type: 'string' }, json: { type: 'string' }, workers: { type: 'string' }, 'timeout-ms': { type: 'string' }, list: { type: 'boolean' }, 'golden-only': { type: 'boolean' } },
  });
  if (values.list) {
    for (const m of MUTANTS) process.stdout.write(`${m.name.padEnd(28)} ${m.file.padEnd(26)} ${m.bug}\n`);
    return 0;
  }
  const root = repoRoot();
  const seeds = values['golden-only'] ? [] : values.seeds ? values.seeds.split(',').map(Number) : Array.from({ length: 3 }, () => Math.floor(Math.random() * 2 ** 31));
  const cases = values.cases ?? '500';
  const only = values.only?.split(',');
  const chosen = only ? MUTANTS.filter((m) => only.includes(m.name)) : MUTANTS;
  if (only && chosen.length !== only.length) throw new Error(`unknown mutant in --only (see --list)`);
  // Every mutant must plant before any runs: a stale catalog fails at once.
  for (const m of chosen) plant(readFileSync(join(root, m.file), 'utf8'), m, m.file);
  process.stdout.write(`npm run mutants: ${chosen.length} mutant(s), ${seeds.length ? `check --cases ${cases} with seeds ${seeds.join(', ')}, and ` : ''}golden check\n`);
  process.stdout.write(`reproduce: npm run mutants -- ${values['golden-only'] ? '--golden-only' : `--seeds ${seeds.join(',')} --cases ${cases}${values['timeout-ms'] ? ` --timeout-ms ${values['timeout-ms']}` : ''}`}${only ? ` --only ${only.join(',')}` : ''}\n\n`);
  const head = `${'mutant'.padEnd(28)} ${'golden'.padEnd(8)} ${seeds.map((s) => `seed ${s}`.padEnd(18)).join(' ')} verdict`;
  process.stdout.write(`${head}\n`);
  const outcomes: Outcome[] = [];
  for (const m of chosen) {
    const dir = mutatedCopy(root, m);
    try {
      // Killed means the run judged and found a failure (exit 1 with a failure count), not that it crashed.
      const g = run(dir, ['golden', 'check']);
      const gFailed = /^(\d+) passed, (\d+) failed/m.exec(g.stdout); // the summary line, not the fast path's line before it
      const golden = g.exit === 1 && !(gFailed && Number(gFailed[2]) > 0) ? -1 : g.exit;
      let why = noVerdict('golden', g);
      const check = seeds.map((seed) => {
        const r = run(dir, ['check', '--no-config', '--no-shrink', '--seed', String(seed), '--cases', cases, ...(values.workers ? ['--workers', values.workers] : []), ...(values['timeout-ms'] ? ['--timeout-ms', values['timeout-ms']] : [])]);
        const failed = /^(\d+) passed, (\d+) failed/m.exec(r.stdout);
        why += noVerdict(`seed ${seed}`, r);
        return { seed, exit: r.exit === 1 && !(failed && Number(failed[2]) > 0) ? -1 : r.exit, failed: failed ? Number(failed[2]) : null };
      });
      const killed = golden === 1 && check.every((c) => c.exit === 1);
      outcomes.push({ name: m.name, bug: m.bug, golden, check, killed });
      // exit 3 (some reference unavailable) is not a verdict, even with failures beside it: not killed
      const cell = (exit: number, failed: number | null) => (exit === 1 ? `killed (${failed ?? '?'})` : exit === 0 ? 'SURVIVED' : `exit ${exit}${failed ? ` (${failed} f)` : ''}`);
      process.stdout.write(`${m.name.padEnd(28)} ${(golden === 1 ? 'killed' : golden === 0 ? 'SURVIVED' : `exit ${golden}`).padEnd(8)} ${check.map((c) => cell(c.exit, c.failed).padEnd(18)).join(' ')} ${killed ? 'killed' : 'SURVIVED'}\n${why}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const killed = outcomes.filter((o) => o.killed).length;
  process.stdout.write(`\n${killed} of ${outcomes.length} mutants killed${seeds.length ? ` by golden check and check on every seed (killed (n): n of ${cases} cases failed)` : " by golden check"}\n`);
  if (values.json) writeFileSync(values.json, `${JSON.stringify({ seeds, cases: Number(cases), killed, total: outcomes.length, mutants: outcomes }, null, 2)}\n`);
  return killed === outcomes.length ? 0 : 1;
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) process.exitCode = main(process.argv.slice(2));
