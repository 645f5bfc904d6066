// golden verify: does today's torch still give the stored answers? Every fixture's case is run on
// torch again. A fixture the same reference computed (same torch build, same CPU: fixtures.ts
// referenceId) must come back identical, element for element: torch is deterministic there, so any
// move is drift. A fixture another reference computed is judged as `check` judges the engine, today's
// torch in the engine's seat: the one comparator and tolerances, then the stored float64/complex128
// oracle, which excuses rounding a chaotic recurrence amplifies when both answers are about as far from
// the exact one. Moves within tolerance and amplified rounding are reported; neither is drift.
import type { EngineResult } from '../engines/engine-side.js';
import { judge } from '../check/judge.js';
import { toRefCase, type ConformanceCase } from '../case/index.js';
import { AMPLIFIED_FACTOR, judgeCase, type ToleranceOverrides } from '../compare/index.js';
import { isComplex } from '../../engine/dtype.js';
import { RNN } from '../../engine/rnn.js';
import type { TorchRNNConfig } from '../../engine/config.js';
import type { RefResult, SidecarPool } from '../sidecar/index.js';
import { loadVerified } from './check.js';
import { describeChange } from './diff.js';
import { describeReference, fromReference, listFixtures, readManifest, referenceId, toReference, torchInfo, type Manifest, type TorchInfo } from './fixtures.js';
import { otherReferences } from './regen.js';

export type VerifyStatus = 'same' | 'moved' | 'amplified' | 'drifted' | 'unreadable';

export interface VerifyEntry {
  name: string;
  /** The reference id the manifest records for this fixture. */
  reference: string;
  status: VerifyStatus;
  /** What differs (the regen diff's words); amplified adds the oracle's numbers, drifted the judge's message. */
  details: string[];
}

export interface VerifyResult {
  manifest: Manifest;
  /** Today's torch and its reference id. */
  here: TorchInfo;
  hereId: string;
  /** The manifest's references other than today's torch, with what differs. */
  otherReferences: { id: string; changes: string[] }[];
  entries: VerifyEntry[];
  /** Files in the folder that the manifest does not list (not verified). */
  unlisted: string[];
}

/** today's torch answer in the shape the judge expects of the engine. */
function asEngineSide(c: ConformanceCase, r: RefResult): EngineResult | null {
  if (r.kind === 'unavailable') return null;
  if (r.kind === 'refused') return { kind: 'refused', stage: r.stage, type: r.type, message: r.message, warnings: r.warnings };
  // The judge reads the module's config to name tensor locations (layer, direction, step).
  const rnn = RNN.fromTorchConfig(c.config as TorchRNNConfig);
  return { kind: 'ok', output: r.output, hN: r.hN, ...(r.grads ? { grads: r.grads } : {}), stateDict: r.stateDict ?? {}, warnings: r.warnings, rnn };
}

/** The oracle's numbers for a case the judge passed as amplified rounding, in verify's roles. */
function oracleWords(c: ConformanceCase, engine: EngineResult, stored: RefResult, tolerances: ToleranceOverrides | undefined): string[] {
  if (engine.kind !== 'ok' || stored.kind !== 'ok') return [];
  const v = judgeCase(engine, stored, { unbatched: c.input.shape.length === 2, config: engine.rnn.config, ...(tolerances ? { tolerances } : {}) });
  const n = (x: number) => x.toPrecision(3);
  const exact = isComplex(engine.output.dtype) ? 'complex128' : 'float64';
  return v.tensors.flatMap((t) =>
    t.oracle ? [`${t.name}: ${t.oracle.outcome}: from the exact (${exact}) answer, today's torch is ${n(t.oracle.engineErr)} tolerances, the stored answer ${n(t.oracle.torchErr)} (allowed: 1 + ${AMPLIFIED_FACTOR} x the stored one's = ${n(t.oracle.allowed)})`] : [],
  );
}

export async function verifyGolden(dir: string, pool: Pick<SidecarPool, 'run' | 'hello'>, opts: { tolerances?: ToleranceOverrides } = {}): Promise<VerifyResult> {
  const manifest = readManifest(dir);
  const here = torchInfo(pool.hello);
  const hereId = referenceId(here);
  const names = Object.keys(manifest.fixtures).sort();
  const entries: VerifyEntry[] = [];
  const loaded: { name: string; reference: string; file: Exclude<ReturnType<typeof loadVerified>, string> }[] = [];
  for (const name of names) {
    const listed = manifest.fixtures[name] as { sha256: string; reference: string };
    const f = loadVerified(dir, name, listed.sha256);
    if (typeof f === 'string' || !f.reference) entries.push({ name, reference: listed.reference, status: 'unreadable', details: [typeof f === 'string' ? f : 'the fixture holds no torch answer'] });
    else loaded.push({ name, reference: listed.reference, file: f });
  }
  const fresh = await pool.run(loaded.map((l) => toRefCase(l.file.case)));
  loaded.forEach(({ name, reference, file }, i) => {
    const now = fresh[i] as RefResult;
    const stored = file.reference;
    if (!stored) return;
    const add = (status: VerifyStatus, details: string[]) => entries.push({ name, reference, status, details });
    if (now.kind === 'unavailable') return add('drifted', [`torch gave no answer today: ${now.reason}`]);
    const changes = describeChange(file, { ...file, reference: toReference(now) });
    if (changes.length === 0) return add('same', []);
    if (reference === hereId) {
      return add('drifted', [...changes, `the same reference computed this fixture (${describeReference(here)}), yet its answer moved: torch is not deterministic here, or something the handshake does not record changed (e.g. MKL_ENABLE_INSTRUCTIONS, MKL_CBWR)`]);
    }
    let engineSide: EngineResult | null;
    try {
      engineSide = asEngineSide(file.case, now);
    } catch {
      engineSide = null;
    }
    const storedRef = fromReference(file.case.id, stored);
    const v = engineSide ? judge(file.case, engineSide, storedRef, { tolerances: opts.tolerances }) : null;
    if (!v || v.status !== 'passed') return add('drifted', [...changes, ...(v ? v.message.split('\n') : ['today\'s answer could not be read as a module\'s'])]);
    if (v.amplified) return add('amplified', [...changes, ...oracleWords(file.case, engineSide as EngineResult, storedRef, opts.tolerances)]);
    return add('moved', changes);
  });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const unlisted = listFixtures(dir).filter((n) => !(n in manifest.fixtures));
  return { manifest, here, hereId, otherReferences: otherReferences(manifest, here), entries, unlisted };
}

export const failedVerify = (e: VerifyEntry): boolean => e.status === 'drifted' || e.status === 'unreadable';

/** `126 identical, 110 moved within tolerance, 2 amplified rounding (the oracle's rule), 0 drifted` */
function counts(entries: readonly VerifyEntry[]): string {
  const n = (s: VerifyStatus) => entries.filter((e) => e.status === s).length;
  return `${n('same')} identical, ${n('moved')} moved within tolerance, ${n('amplified')} amplified rounding (the oracle's rule), ${entries.filter(failedVerify).length} drifted`;
}

export function formatVerify(r: VerifyResult, dirLabel: string): string {
  const lines: string[] = [];
  lines.push(`golden verify: ${r.entries.length} fixtures in ${dirLabel}, recomputed with torch ${describeReference(r.here)}, reference ${r.hereId}`);
  if (r.unlisted.length) lines.push(`not in the manifest, not verified: ${r.unlisted.join(', ')}`);
  const failed = r.entries.filter(failedVerify);
  for (const e of failed) lines.push(`DRIFT ${e.name}${e.status === 'unreadable' ? ' (fixture unreadable)' : ''}`, ...e.details.map((d) => `    ${d}`));
  if (failed.some((e) => e.status === 'drifted' && e.reference !== r.hereId)) lines.push("  (in the judge's words above, 'engine' is today's torch and 'torch' the stored fixture)");
  for (const e of r.entries.filter((x) => x.status === 'amplified')) lines.push(`amplified rounding, excused by the stored oracle: ${e.name}`, ...e.details.map((d) => `    ${d}`));
  for (const e of r.entries.filter((x) => x.status === 'moved')) lines.push(`moved within tolerance ${e.name}`, ...e.details.map((d) => `    ${d}`));
  const ids = [...new Set(r.entries.map((e) => e.reference))].sort((a, b) => (a === r.hereId ? -1 : b === r.hereId ? 1 : a < b ? -1 : 1));
  for (const id of ids) {
    const mine = r.entries.filter((e) => e.reference === id);
    if (id === r.hereId) {
      lines.push(`this reference ${id}: ${mine.length} fixtures, must be identical: ${counts(mine)}`);
      continue;
    }
    const changes = r.otherReferences.find((o) => o.id === id)?.changes ?? [];
    lines.push(`another reference ${id}: ${mine.length} fixtures, judged by check's rules (comparator, then the oracle): ${counts(mine)}`, `  it differs from this torch in:`, ...changes.map((c) => `    ${c}`));
  }
  lines.push(counts(r.entries));
  return lines.join('\n');
}
