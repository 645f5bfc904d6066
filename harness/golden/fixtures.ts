// The golden folder on disk: one case file per fixture (harness/case/file.ts, torch's answer
// included) and manifest.json: each file's sha256 and the reference (torch build and CPU) that computed
// it. A folder may hold answers of several references: torch's float answers depend on the CPU (MKL
// picks its summation paths by instruction set and vendor), and regen on another machine keeps the
// fixtures it did not compute (regen.ts).
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { SafetensorsError } from '../../engine/safetensors.js';
import { decodeCaseFile, encodeCaseFile, type CaseFile, type Reference, type ConformanceCase } from '../case/index.js';
import { BadInputError, readFileLimited, readJsonFile } from '../files/index.js';
import type { Handshake, RefResult } from '../sidecar/index.js';
import type { GoldenEntry } from './catalog.js';

export const MANIFEST = 'manifest.json';
export const MANIFEST_FORMAT = 'rnn-conformance-golden/2';
/** The first format: one torch for all fixtures. Read (as one reference), never written. */
const MANIFEST_FORMAT_1 = 'rnn-conformance-golden/1';
export const FIXTURE_EXT = '.safetensors';
const MAX_FIXTURE_BYTES = 64 << 20;

const torchInfoSchema = z
  .object({ version: z.string(), gitVersion: z.string(), build: z.array(z.string()), cpuCapability: z.string(), cpuModel: z.string() })
  .strict();
export type TorchInfo = z.infer<typeof torchInfoSchema>;

const nameSchema = z.string().regex(/^[a-z0-9][a-z0-9.-]*$/);
const sha256Schema = z.string().regex(/^[0-9a-f]{64}$/);
const manifest1Schema = z
  .object({ format: z.literal(MANIFEST_FORMAT_1), torch: torchInfoSchema, fixtures: z.record(nameSchema, z.object({ sha256: sha256Schema, torch: z.string() }).strict()) })
  .strict();
const manifestSchema = z
  .object({
    format: z.literal(MANIFEST_FORMAT),
    /** reference id (referenceId) -> the torch that answered: version, build, CPU capability and model. */
    references: z.record(z.string().min(1), torchInfoSchema),
    /** name -> sha256 of golden/<name>.safetensors, torch's outcome in a few words (for reviewers) and the reference that computed it. */
    fixtures: z.record(nameSchema, z.object({ sha256: sha256Schema, torch: z.string(), reference: z.string().min(1) }).strict()),
  })
  .strict()
  .superRefine((m, ctx) => {
    for (const [id, t] of Object.entries(m.references)) {
      if (referenceId(t) !== id) ctx.addIssue({ code: 'custom', path: ['references', id], message: `the id of this reference is ${referenceId(t)}` });
    }
    for (const [name, f] of Object.entries(m.fixtures)) {
      if (!(f.reference in m.references)) ctx.addIssue({ code: 'custom', path: ['fixtures', name, 'reference'], message: `no reference ${f.reference} in references` });
    }
  });
export type Manifest = z.infer<typeof manifestSchema>;
export type ManifestEntry = Manifest['fixtures'][string];

/** A reference's id: its torch version and CPU capability, and a hash of everything the handshake
 * reports (version, git version, build lines, capability, CPU model). Any difference is another
 * reference: MKL chooses its paths by CPU, not only by torch's capability. */
export function referenceId(t: TorchInfo): string {
  const all = JSON.stringify([t.version, t.gitVersion, t.build, t.cpuCapability, t.cpuModel]);
  return `${t.version}-${t.cpuCapability}-${sha256(new TextEncoder().encode(all)).slice(0, 8)}`;
}

/** One line naming a reference for people: `2.13.0+cpu (cf30153c4c13, AVX512, Intel(R) Xeon(R) Processor)`. */
export function describeReference(t: TorchInfo): string {
  return `${t.version} (${t.gitVersion.slice(0, 12)}, ${t.cpuCapability}, ${t.cpuModel})`;
}

/** `torch 2.13.0+cpu (AVX512): 238 fixtures; torch 2.13.0+cpu (AVX2): 12 fixtures`. */
export function referenceCounts(m: Manifest): string {
  const n = new Map<string, number>();
  for (const f of Object.values(m.fixtures)) n.set(f.reference, (n.get(f.reference) ?? 0) + 1);
  return [...n].sort(([a], [b]) => (a < b ? -1 : 1)).map(([id, k]) => {
    const t = m.references[id] as TorchInfo;
    return `torch ${t.version} (${t.cpuCapability}): ${k} fixture${k === 1 ? '' : 's'}`;
  }).join('; ');
}

/** The reference a listed fixture was computed by. */
export function referenceOf(m: Manifest, name: string): TorchInfo {
  const id = m.fixtures[name]?.reference;
  const t = id === undefined ? undefined : m.references[id];
  if (!t) throw new Error(`internal: ${name} has no reference in the manifest`);
  return t;
}

export const fixtureFile = (name: string): string => `${name}${FIXTURE_EXT}`;
export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function torchInfo(h: Handshake): TorchInfo {
  return { version: h.torch, gitVersion: h.gitVersion, build: h.build, cpuCapability: h.cpuCapability, cpuModel: h.cpuModel };
}

/** Pretty JSON with sorted reference ids and fixture names: the same fixtures always give the same
 * bytes. Only the references some fixture names are written. */
export function encodeManifest(m: Manifest): string {
  const names = Object.keys(m.fixtures).sort();
  const used = new Set(names.map((n) => m.fixtures[n]?.reference));
  const references = Object.fromEntries(Object.keys(m.references).filter((id) => used.has(id)).sort().map((id) => [id, m.references[id]]));
  const fixtures = Object.fromEntries(names.map((k) => [k, m.fixtures[k]]));
  return `${JSON.stringify({ format: m.format, references, fixtures }, null, 2)}\n`;
}

export function readManifest(dir: string): Manifest {
  const m = readJsonFile(join(dir, MANIFEST), z.discriminatedUnion('format', [manifestSchema, manifest1Schema]));
  if (m.format === MANIFEST_FORMAT) return m;
  const id = referenceId(m.torch);
  return { format: MANIFEST_FORMAT, references: { [id]: m.torch }, fixtures: Object.fromEntries(Object.entries(m.fixtures).map(([k, f]) => [k, { ...f, reference: id }])) };
}

/** Manifest or null when there is none yet (a first regen). */
export function readManifestIfAny(dir: string): Manifest | null {
  try {
    return readManifest(dir);
  } catch (err) {
    if (err instanceof BadInputError && /no such file/.test(err.message)) return null;
    throw err;
  }
}

/** Fixture names present in the folder (files ending in .safetensors). */
export function listFixtures(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.filter((n) => n.endsWith(FIXTURE_EXT) && !n.startsWith('.')).map((n) => n.slice(0, -FIXTURE_EXT.length)).sort();
}

export function readFixtureBytes(dir: string, name: string): Uint8Array {
  return readFileLimited(join(dir, fixtureFile(name)), MAX_FIXTURE_BYTES);
}

export function decodeFixture(dir: string, name: string, bytes: Uint8Array): CaseFile {
  try {
    return decodeCaseFile(bytes);
  } catch (err) {
    if (err instanceof SafetensorsError) throw new BadInputError(join(dir, fixtureFile(name)), err.message);
    throw err;
  }
}

/** The case exactly as a fixture will hold it: encoded and decoded once, so what torch is asked is
 * byte for byte what `golden check` later reads (state dict order, float rounding, JSON values). */
export function canonicalCase(e: GoldenEntry): ConformanceCase {
  return decodeCaseFile(encodeCaseFile({ case: e.build(), note: e.about })).case;
}

/** torch's result as a fixture stores it. */
export function toReference(r: RefResult): Reference {
  if (r.kind === 'unavailable') throw new Error(`internal: no reference for ${r.id}: ${r.reason}`);
  const sd = r.stateDict ? { stateDict: r.stateDict } : {};
  // The oracle is kept so that `golden check` (no Python) judges amplified rounding as `check` does.
  const oracle = r.kind === 'ok' && r.oracle && !r.oracle.samePrecision ? { oracle: { output: r.oracle.output, hN: r.oracle.hN, ...(r.oracle.grads ? { grads: r.oracle.grads } : {}) } } : {};
  if (r.kind === 'ok') return { kind: 'ok', warnings: r.warnings, ...(r.repr !== undefined ? { repr: r.repr } : {}), output: r.output, hN: r.hN, ...(r.grads ? { grads: r.grads } : {}), ...sd, ...oracle };
  return { kind: 'refused', stage: r.stage, type: r.type, message: r.message, warnings: r.warnings, ...sd };
}

/** A stored reference as the judge reads torch's answer. */
export function fromReference(id: string, ref: Reference): RefResult {
  const sd = ref.stateDict ? { stateDict: ref.stateDict } : {};
  if (ref.kind === 'ok') {
    if (!ref.output || !ref.hN) return { id, kind: 'unavailable', reason: 'the fixture says torch computed a result but holds no torch.output/torch.h_n' };
    const oracle = ref.oracle ? { oracle: { ...ref.oracle, samePrecision: false } } : {};
    return { id, kind: 'ok', output: ref.output, hN: ref.hN, ...(ref.grads ? { grads: ref.grads } : {}), warnings: ref.warnings, ...(ref.repr !== undefined ? { repr: ref.repr } : {}), ...sd, ...oracle };
  }
  return { id, kind: 'refused', stage: ref.stage, type: ref.type, message: ref.message, warnings: ref.warnings, ...sd };
}

/** torch's outcome in a few words, for the manifest and the regen diff. */
export function outcomeWords(ref: Reference | RefResult): string {
  if (ref.kind === 'ok') return `ok${ref.warnings.length ? ` (${ref.warnings.length} warning${ref.warnings.length > 1 ? 's' : ''})` : ''}`;
  if (ref.kind === 'refused') return `${ref.type} at ${ref.stage}`;
  return 'unavailable';
}

export function encodeFixture(e: GoldenEntry, c: ConformanceCase, r: RefResult): Uint8Array {
  return encodeCaseFile({ case: c, reference: toReference(r), note: e.about });
}
