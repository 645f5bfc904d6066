// golden regen: every catalog entry through torch, one file per fixture, manifest last. Files are
// written into a temporary folder inside the golden folder first, then renamed into place one by one
// (a rename is atomic), stale fixtures removed, and the manifest replaced last: an interrupted regen
// leaves whole files only, and `golden check` names every fixture the old manifest no longer vouches for.
import { randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, rmSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { CaseFile } from '../check/case-file.js';
import { toRefCase } from '../check/run-check.js';
import { writeFileAtomic } from '../files/index.js';
import type { ConformanceCase } from '../gen/materialize.js';
import { ReferenceUnavailableError, type RefResult, type SidecarPool } from '../sidecar/index.js';
import type { GoldenEntry } from './catalog.js';
import { describeChange } from './diff.js';
import {
  canonicalCase,
  decodeFixture,
  encodeFixture,
  encodeManifest,
  fixtureFile,
  listFixtures,
  MANIFEST,
  MANIFEST_FORMAT,
  outcomeWords,
  readFixtureBytes,
  sha256,
  type Manifest,
  type TorchInfo,
} from './fixtures.js';

export interface Computed {
  entry: GoldenEntry;
  case: ConformanceCase;
  result: RefResult;
}

/** torch's answer for every entry (one pool request; the pool spreads it over its workers). */
export async function computeAll(pool: SidecarPool, catalog: readonly GoldenEntry[]): Promise<Computed[]> {
  const cases = catalog.map((e) => canonicalCase(e));
  const results = await pool.run(cases.map((c) => toRefCase(c, true)));
  const missing = results.flatMap((r, i) => (r.kind === 'unavailable' ? [`${catalog[i]?.name}: ${r.reason}`] : []));
  if (missing.length) throw new ReferenceUnavailableError(`torch gave no answer for ${missing.length} fixture(s):\n  ${missing.slice(0, 10).join('\n  ')}`);
  return catalog.map((entry, i) => ({ entry, case: cases[i] as ConformanceCase, result: results[i] as RefResult }));
}

export interface RegenReport {
  added: string[];
  removed: string[];
  changed: { name: string; details: string[] }[];
  unchanged: number;
  /** What moved in the handshake since the last manifest (torch version, build, CPU). */
  torchChanges: string[];
  manifest: Manifest;
}

export function torchInfoChanges(before: TorchInfo | undefined, after: TorchInfo): string[] {
  if (!before) return [];
  const out: string[] = [];
  for (const k of ['version', 'gitVersion', 'cpuCapability', 'cpuModel'] as const) if (before[k] !== after[k]) out.push(`${k}: ${before[k]} -> ${after[k]}`);
  const gone = before.build.filter((l) => !after.build.includes(l));
  const come = after.build.filter((l) => !before.build.includes(l));
  if (gone.length || come.length) out.push(`build: ${[...gone.map((l) => `- ${l}`), ...come.map((l) => `+ ${l}`)].join('; ')}`);
  return out;
}

/** Writes the fixtures into `dir` (atomically per file, manifest last) and says what changed. */
export function writeGolden(dir: string, computed: readonly Computed[], torch: TorchInfo, previous: Manifest | null): RegenReport {
  mkdirSync(dir, { recursive: true });
  const next = new Map(computed.map((c) => [c.entry.name, { bytes: encodeFixture(c.entry, c.case, c.result), words: outcomeWords(c.result) }]));
  const present = listFixtures(dir);
  const report: RegenReport = { added: [], removed: [], changed: [], unchanged: 0, torchChanges: torchInfoChanges(previous?.torch, torch), manifest: { format: MANIFEST_FORMAT, torch, fixtures: {} } };
  const toWrite: string[] = [];
  for (const [name, f] of next) {
    report.manifest.fixtures[name] = { sha256: sha256(f.bytes), torch: f.words };
    if (!present.includes(name)) {
      report.added.push(name);
      toWrite.push(name);
      continue;
    }
    let old: Uint8Array | null = null;
    try {
      old = readFixtureBytes(dir, name);
    } catch {
      old = null;
    }
    if (old && old.length === f.bytes.length && old.every((b, i) => b === f.bytes[i])) {
      report.unchanged++;
      continue;
    }
    toWrite.push(name);
    report.changed.push({ name, details: old ? explain(dir, name, old, f.bytes) : ['the old file could not be read'] });
  }
  report.removed = present.filter((n) => !next.has(n));

  const tmp = join(dir, `.regen-${process.pid}-${randomBytes(4).toString('hex')}`);
  mkdirSync(tmp);
  try {
    for (const name of toWrite) writeFileAtomic(join(tmp, fixtureFile(name)), (next.get(name) as { bytes: Uint8Array }).bytes);
    for (const name of toWrite) renameSync(join(tmp, fixtureFile(name)), join(dir, fixtureFile(name)));
    for (const name of report.removed) unlinkSync(join(dir, fixtureFile(name)));
    const manifest = encodeManifest(report.manifest);
    writeFileAtomic(join(dir, MANIFEST), manifest);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return report;
}

function explain(dir: string, name: string, oldBytes: Uint8Array, newBytes: Uint8Array): string[] {
  let before: CaseFile;
  try {
    before = decodeFixture(dir, name, oldBytes);
  } catch (err) {
    return [`the old file was not a readable fixture (${(err as Error).message})`];
  }
  const after = decodeFixture(dir, name, newBytes);
  const d = describeChange(before, after);
  return d.length ? d : ['bytes differ, content the same (file layout changed)'];
}

export function formatRegenReport(r: RegenReport, dirLabel: string): string {
  const lines: string[] = [];
  const total = Object.keys(r.manifest.fixtures).length;
  const t = r.manifest.torch;
  lines.push(`golden regen: ${total} fixtures in ${dirLabel} from torch ${t.version} (${t.gitVersion.slice(0, 12)}, ${t.cpuCapability}, ${t.cpuModel})`);
  if (r.torchChanges.length) lines.push(`torch changed since the last manifest:\n  ${r.torchChanges.join('\n  ')}`);
  const list = (label: string, names: string[]) => {
    if (names.length) lines.push(`${label} (${names.length}):\n  ${names.join('\n  ')}`);
  };
  list('added', r.added);
  list('removed', r.removed);
  if (r.changed.length) {
    lines.push(`changed (${r.changed.length}):`);
    for (const c of r.changed) lines.push(`  ${c.name}`, ...c.details.map((d) => `    ${d}`));
  }
  lines.push(`${r.added.length} added, ${r.removed.length} removed, ${r.changed.length} changed, ${r.unchanged} unchanged`);
  return lines.join('\n');
}
