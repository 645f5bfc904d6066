// The golden folder on disk: one case file per fixture (harness/check/case-file.ts, torch's answer
// included) and manifest.json naming the torch that produced them and each file's sha256.
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { SafetensorsError } from '../../engine/safetensors.js';
import { decodeCaseFile, encodeCaseFile, type CaseFile, type Reference } from '../check/case-file.js';
import { BadInputError, readFileLimited, readJsonFile } from '../files/index.js';
import type { ConformanceCase } from '../gen/materialize.js';
import type { Handshake, RefResult } from '../sidecar/index.js';
import type { GoldenEntry } from './catalog.js';

export const MANIFEST = 'manifest.json';
export const MANIFEST_FORMAT = 'rnn-conformance-golden/1';
export const FIXTURE_EXT = '.safetensors';
const MAX_FIXTURE_BYTES = 64 << 20;

const torchInfoSchema = z
  .object({ version: z.string(), gitVersion: z.string(), build: z.array(z.string()), cpuCapability: z.string(), cpuModel: z.string() })
  .strict();
export type TorchInfo = z.infer<typeof torchInfoSchema>;

const manifestSchema = z
  .object({
    format: z.literal(MANIFEST_FORMAT),
    torch: torchInfoSchema,
    /** name -> sha256 of golden/<name>.safetensors and torch's outcome in a few words (for reviewers). */
    fixtures: z.record(z.string().regex(/^[a-z0-9][a-z0-9.-]*$/), z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/), torch: z.string() }).strict()),
  })
  .strict();
export type Manifest = z.infer<typeof manifestSchema>;

export const fixtureFile = (name: string): string => `${name}${FIXTURE_EXT}`;
export const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

export function torchInfo(h: Handshake): TorchInfo {
  return { version: h.torch, gitVersion: h.gitVersion, build: h.build, cpuCapability: h.cpuCapability, cpuModel: h.cpuModel };
}

/** Pretty JSON with sorted fixture names: the same fixtures always give the same bytes. */
export function encodeManifest(m: Manifest): string {
  const fixtures = Object.fromEntries(Object.keys(m.fixtures).sort().map((k) => [k, m.fixtures[k]]));
  return `${JSON.stringify({ format: m.format, torch: m.torch, fixtures }, null, 2)}\n`;
}

export function readManifest(dir: string): Manifest {
  return readJsonFile(join(dir, MANIFEST), manifestSchema);
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
  const oracle = r.kind === 'ok' && r.oracle && !r.oracle.samePrecision ? { oracle: { output: r.oracle.output, hN: r.oracle.hN } } : {};
  if (r.kind === 'ok') return { kind: 'ok', warnings: r.warnings, output: r.output, hN: r.hN, ...sd, ...oracle };
  return { kind: 'refused', stage: r.stage, type: r.type, message: r.message, warnings: r.warnings, ...sd };
}

/** A stored reference as the judge reads torch's answer. */
export function fromReference(id: string, ref: Reference): RefResult {
  const sd = ref.stateDict ? { stateDict: ref.stateDict } : {};
  if (ref.kind === 'ok') {
    if (!ref.output || !ref.hN) return { id, kind: 'unavailable', reason: 'the fixture says torch computed a result but holds no torch.output/torch.h_n' };
    const oracle = ref.oracle ? { oracle: { ...ref.oracle, samePrecision: false } } : {};
    return { id, kind: 'ok', output: ref.output, hN: ref.hN, warnings: ref.warnings, ...sd, ...oracle };
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
