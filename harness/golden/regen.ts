// golden regen: catalog entries through torch, one file per fixture, manifest last. Files are written
// into a temporary folder inside the golden folder first, then renamed into place one by one (a rename
// is atomic), stale fixtures removed, and the manifest replaced last: an interrupted regen leaves whole
// files only, and `golden check` names every fixture the old manifest no longer vouches for.
//
// Which entries are computed (planRegen): every fixture records the reference (torch build and CPU)
// that computed it. A fixture computed by another reference than this torch is kept as it is, answer
// and reference, when its case is unchanged and its file is the one the manifest vouches for: torch's
// float answers differ in the last bits from CPU to CPU, and a regen on another machine must not
// quietly replace them. New entries, changed cases, edited files and fixtures of this reference are
// computed here and recorded as this reference's; `all` recomputes every entry here (a re-base, on purpose).
import { randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, rmSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { encodeCaseFile, toRefCase, type CaseFile, type ConformanceCase } from '../case/index.js';
import { writeFileAtomic } from '../files/index.js';
import { ReferenceUnavailableError, type RefResult, type SidecarPool } from '../sidecar/index.js';
import type { GoldenEntry } from './catalog.js';
import { describeChange } from './diff.js';
import {
  canonicalCase,
  decodeFixture,
  describeReference,
  encodeFixture,
  encodeManifest,
  fixtureFile,
  listFixtures,
  MANIFEST,
  MANIFEST_FORMAT,
  outcomeWords,
  readFixtureBytes,
  referenceId,
  sha256,
  type Manifest,
  type TorchInfo,
} from './fixtures.js';

export interface Computed {
  entry: GoldenEntry;
  case: ConformanceCase;
  result: RefResult;
}

/** A fixture of another reference, kept: its file (the description rewritten if the catalog's changed). */
export interface Kept {
  entry: GoldenEntry;
  bytes: Uint8Array;
  torch: string;
  reference: TorchInfo;
}

export interface RegenPlan {
  /** Entries this torch computes, and why (for the report). */
  compute: { entry: GoldenEntry; why: string }[];
  keep: Kept[];
}

const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((x, i) => x === b[i]);
const caseBytes = (f: CaseFile): Uint8Array => encodeCaseFile({ case: f.case });

/** Which catalog entries this torch (`here`) computes and which fixtures stay as another reference made them. */
export function planRegen(dir: string, catalog: readonly GoldenEntry[], here: TorchInfo, previous: Manifest | null, opts: { all?: boolean } = {}): RegenPlan {
  const plan: RegenPlan = { compute: [], keep: [] };
  const hereId = referenceId(here);
  for (const entry of catalog) {
    const why = keepOrWhy(dir, entry, hereId, previous, opts);
    if (typeof why === 'string') plan.compute.push({ entry, why });
    else plan.keep.push(why);
  }
  return plan;
}

function keepOrWhy(dir: string, entry: GoldenEntry, hereId: string, previous: Manifest | null, opts: { all?: boolean }): Kept | string {
  const listed = previous?.fixtures[entry.name];
  if (!previous || !listed) return 'new';
  if (listed.reference === hereId) return 'this reference';
  if (opts.all) return `re-based from ${listed.reference}`;
  let file: CaseFile;
  try {
    const bytes = readFixtureBytes(dir, entry.name);
    if (sha256(bytes) !== listed.sha256) return `its file is not the one the manifest vouches for (${listed.reference}'s answer lost)`;
    file = decodeFixture(dir, entry.name, bytes);
  } catch (err) {
    return `its file is unreadable (${(err as Error).message})`;
  }
  const reference = previous.references[listed.reference] as TorchInfo;
  if (!file.reference) return `its file holds no torch answer`;
  if (!sameBytes(caseBytes(file), encodeCaseFile({ case: canonicalCase(entry) }))) return `the case changed (was ${listed.reference}'s)`;
  // The same question: torch's stored answer stands; only the description follows the catalog.
  return { entry, bytes: encodeCaseFile({ ...file, note: entry.about }), torch: listed.torch, reference };
}

/** torch's answer for every entry (one pool request; the pool spreads it over its workers). */
export async function computeAll(pool: Pick<SidecarPool, 'run'>, catalog: readonly GoldenEntry[]): Promise<Computed[]> {
  const cases = catalog.map((e) => canonicalCase(e));
  const results = cases.length ? await pool.run(cases.map((c) => toRefCase(c, true))) : [];
  const missing = results.flatMap((r, i) => (r.kind === 'unavailable' ? [`${catalog[i]?.name}: ${r.reason}`] : []));
  if (missing.length) throw new ReferenceUnavailableError(`torch gave no answer for ${missing.length} fixture(s):\n  ${missing.slice(0, 10).join('\n  ')}`);
  return catalog.map((entry, i) => ({ entry, case: cases[i] as ConformanceCase, result: results[i] as RefResult }));
}

export interface RegenReport {
  /** This torch. */
  here: TorchInfo;
  added: string[];
  removed: string[];
  changed: { name: string; details: string[] }[];
  unchanged: number;
  /** Fixtures of other references left as they were (or with only their description rewritten), by reference id. */
  kept: Record<string, string[]>;
  /** Per reference of the previous manifest other than this torch: what differs (version, build, CPU). */
  otherReferences: { id: string; changes: string[] }[];
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

/** The references of a manifest other than `here`, each with what differs from it. */
export function otherReferences(m: Manifest | null, here: TorchInfo): { id: string; changes: string[] }[] {
  const hereId = referenceId(here);
  return Object.entries(m?.references ?? {})
    .filter(([id]) => id !== hereId)
    .map(([id, t]) => ({ id, changes: torchInfoChanges(t, here) }))
    .sort((a, b) => (a.id < b.id ? -1 : 1));
}

/** Writes the computed and kept fixtures into `dir` (atomically per file, manifest last) and says what changed. */
export function writeGolden(dir: string, computed: readonly Computed[], here: TorchInfo, previous: Manifest | null, kept: readonly Kept[] = []): RegenReport {
  mkdirSync(dir, { recursive: true });
  const hereId = referenceId(here);
  const next = new Map<string, { bytes: Uint8Array; torch: string; reference: TorchInfo }>();
  for (const c of computed) next.set(c.entry.name, { bytes: encodeFixture(c.entry, c.case, c.result), torch: outcomeWords(c.result), reference: here });
  for (const k of kept) next.set(k.entry.name, k);
  const present = listFixtures(dir);
  const report: RegenReport = {
    here,
    added: [],
    removed: [],
    changed: [],
    unchanged: 0,
    kept: {},
    otherReferences: otherReferences(previous, here),
    manifest: { format: MANIFEST_FORMAT, references: {}, fixtures: {} },
  };
  const toWrite: string[] = [];
  for (const [name, f] of [...next].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const id = referenceId(f.reference);
    report.manifest.references[id] = f.reference;
    report.manifest.fixtures[name] = { sha256: sha256(f.bytes), torch: f.torch, reference: id };
    if (id !== hereId) (report.kept[id] ??= []).push(name);
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
    const was = previous?.fixtures[name]?.reference;
    if (old && sameBytes(old, f.bytes) && (was === id || was === undefined)) {
      report.unchanged++;
      continue;
    }
    toWrite.push(name);
    const details = old ? explain(dir, name, old, f.bytes) : ['the old file could not be read'];
    if (was !== undefined && was !== id) details.unshift(`reference: ${was} -> ${id}`);
    report.changed.push({ name, details: details.length ? details : ['bytes differ, content the same (file layout changed)'] });
  }
  report.removed = present.filter((n) => !next.has(n));

  const tmp = join(dir, `.regen-${process.pid}-${randomBytes(4).toString('hex')}`);
  mkdirSync(tmp);
  try {
    for (const name of toWrite) writeFileAtomic(join(tmp, fixtureFile(name)), (next.get(name) as { bytes: Uint8Array }).bytes);
    for (const name of toWrite) renameSync(join(tmp, fixtureFile(name)), join(dir, fixtureFile(name)));
    for (const name of report.removed) unlinkSync(join(dir, fixtureFile(name)));
    writeFileAtomic(join(dir, MANIFEST), encodeManifest(report.manifest));
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
  return describeChange(before, decodeFixture(dir, name, newBytes));
}

export function formatRegenReport(r: RegenReport, dirLabel: string, plan?: RegenPlan): string {
  const lines: string[] = [];
  const total = Object.keys(r.manifest.fixtures).length;
  const keptTotal = Object.values(r.kept).reduce((n, k) => n + k.length, 0);
  lines.push(`golden regen: ${total} fixtures in ${dirLabel}; this torch: ${describeReference(r.here)}, reference ${referenceId(r.here)}`);
  for (const o of r.otherReferences) {
    const n = r.kept[o.id]?.length ?? 0;
    lines.push(`another reference in the previous manifest: ${o.id}, differs from this torch in:\n  ${o.changes.join('\n  ')}`);
    lines.push(n ? `  ${n} of its fixtures kept as it computed them (\`golden regen --all\` recomputes them with this torch)` : '  none of its fixtures left');
  }
  const recomputed = plan?.compute.filter((c) => c.why !== 'new' && c.why !== 'this reference') ?? [];
  if (recomputed.length) lines.push(`computed with this torch instead (${recomputed.length}):`, ...recomputed.map((c) => `  ${c.entry.name}: ${c.why}`));
  const list = (label: string, names: string[]) => {
    if (names.length) lines.push(`${label} (${names.length}):\n  ${names.join('\n  ')}`);
  };
  list('added', r.added);
  list('removed', r.removed);
  if (r.changed.length) {
    lines.push(`changed (${r.changed.length}):`);
    for (const c of r.changed) lines.push(`  ${c.name}`, ...c.details.map((d) => `    ${d}`));
  }
  lines.push(`${r.added.length} added, ${r.removed.length} removed, ${r.changed.length} changed, ${r.unchanged} unchanged${keptTotal ? ` (${keptTotal} fixtures kept from other references)` : ''}`);
  return lines.join('\n');
}
