// rnn-conformance golden regen|verify|check: freeze torch's answers into golden/, check that today's
// torch still gives them, and check the engine against them without Python (golden/README.md).
import { cpus } from 'node:os';
import { join, relative } from 'node:path';
import { CATALOG } from '../golden/catalog.js';
import { checkGolden, measureExact } from '../golden/check.js';
import { fastEngine } from '../engines/select.js';
import { EXACT_FILE, readExact, writeExact } from '../golden/exact.js';
import { readManifestIfAny, referenceCounts, torchInfo } from '../golden/fixtures.js';
import { computeAll, formatRegenReport, planRegen, writeGolden } from '../golden/regen.js';
import { failedVerify, formatVerify, verifyGolden } from '../golden/verify.js';
import { repoRoot } from '../sidecar/paths.js';
import { SidecarPool } from '../sidecar/index.js';
import { intFlag, parseFlags } from './args.js';
import { EXIT, UsageError } from './exit-codes.js';

const USAGE = `usage: rnn-conformance golden regen  [--dir D] [--python P] [--workers N] [--all]   write the fixtures from torch
       rnn-conformance golden verify [--dir D] [--python P] [--workers N]   does today's torch still give them? (exit 1 on drift)
       rnn-conformance golden check  [--dir D] [--verbose]                  the engine against the fixtures, no Python
       rnn-conformance golden ratchet [--dir D]                             record which answers are bit-identical to torch (golden/exact.json)
(default --dir: the repository's golden/). regen computes new and changed cases and those of this
torch's reference; fixtures another reference (torch build, CPU) computed are kept unless --all.`;

/** `rnn-conformance golden --help`. */
export const HELP = USAGE;

const out = (s: string) => process.stdout.write(`${s}\n`);

export async function golden(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseFlags(
    rest,
    { dir: { type: 'string' }, python: { type: 'string' }, workers: { type: 'string' }, verbose: { type: 'boolean' }, all: { type: 'boolean' } },
    USAGE,
  );
  if (positionals.length) throw new UsageError(`unexpected argument '${positionals[0]}'\n${USAGE}`);
  const dir = values.dir ?? join(repoRoot(), 'golden');
  const label = relative(process.cwd(), dir) || '.';
  const workers = intFlag(values.workers, '--workers', USAGE, { min: 1, max: 64 }) ?? Math.min(4, cpus().length);
  const poolOpts = values.python ? { python: values.python } : {};
  if (values.all && sub !== 'regen') throw new UsageError(`--all applies to golden regen only\n${USAGE}`);
  switch (sub) {
    case 'check': {
      if (values.python || values.workers) throw new UsageError(`golden check runs without Python: --python and --workers do not apply\n${USAGE}`);
      const r = checkGolden(dir);
      out(`golden check: ${r.verdicts.length} fixtures in ${label} (${referenceCounts(r.manifest)}), engine only`);
      for (const v of r.verdicts) {
        if (v.status === 'failed') out(`FAIL ${v.name}${v.kind === 'integrity' ? ' (fixture integrity)' : ''}\n${v.message.split('\n').map((l) => `    ${l}`).join('\n')}`);
        else if (values.verbose) out(`ok   ${v.name}`);
      }
      // The fast path judged by the same fixtures and rules (within tolerance: no bit-exactness ratchet).
      const fast = checkGolden(dir, { engine: fastEngine, exact: {} });
      const fastFailed = fast.verdicts.filter((v) => v.status === 'failed' && v.kind === 'engine');
      for (const v of fastFailed) out(`FAIL ${v.name} (precision 'fast')\n${v.message.split('\n').map((l) => `    ${l}`).join('\n')}`);
      out(`precision 'fast' (--engine builtin-fast): ${fast.verdicts.length - fastFailed.length} passed, ${fastFailed.length} failed`);
      out(`${r.passed} passed, ${r.failed} failed`);
      return r.failed || fastFailed.length ? EXIT.divergence : EXIT.conforms;
    }
    case 'ratchet': {
      // The engine's current bit-exactness per fixture and tensor; golden check then holds it to it.
      const before = readExact(dir);
      const { map, byDtype } = measureExact(dir);
      const lost: string[] = [];
      let gained = 0;
      for (const [name, tensors] of Object.entries(map))
        for (const [t, exact] of Object.entries(tensors)) {
          if (before[name]?.[t] === true && !exact) lost.push(`${name} ${t}`);
          if (exact && before[name]?.[t] !== true) gained++;
        }
      writeExact(dir, map);
      out(`golden ratchet: ${label}/${EXACT_FILE}: bit-identical to torch, tensors per dtype: ${Object.entries(byDtype).sort(([a], [b]) => a.localeCompare(b)).map(([d, c]) => `${d} ${c.exact}/${c.tensors}`).join(', ')}`);
      out(`${gained} newly exact, ${lost.length} no longer exact${lost.length ? ` (review: ${lost.join('; ')})` : ''}`);
      return EXIT.conforms;
    }
    case 'regen': {
      const previous = readManifestIfAny(dir);
      const pool = await SidecarPool.start(workers, poolOpts);
      try {
        const here = torchInfo(pool.hello);
        const plan = planRegen(dir, CATALOG, here, previous, { all: values.all === true });
        const computed = await computeAll(pool, plan.compute.map((c) => c.entry));
        out(formatRegenReport(writeGolden(dir, computed, here, previous, plan.keep), label, plan));
        return EXIT.conforms;
      } finally {
        await pool.close();
      }
    }
    case 'verify': {
      const pool = await SidecarPool.start(workers, poolOpts);
      try {
        const r = await verifyGolden(dir, pool);
        out(formatVerify(r, label));
        return r.entries.some(failedVerify) ? EXIT.divergence : EXIT.conforms;
      } finally {
        await pool.close();
      }
    }
    default:
      throw new UsageError(`${sub === undefined ? 'missing subcommand' : `unknown subcommand '${sub}'`}\n${USAGE}`);
  }
}
