// golden verify: does today's torch still give the stored answers? Every fixture's case is run on
// torch again and the new answer is judged against the stored one by the same judge and tolerances
// `check` uses (today's torch in the engine's seat). Bit-level moves inside the tolerance are reported
// but are not drift.
import type { EngineResult } from '../check/engine-side.js';
import { judge } from '../check/judge.js';
import { toRefCase } from '../check/run-check.js';
import type { ToleranceOverrides } from '../compare/index.js';
import { RNN } from '../../engine/rnn.js';
import type { TorchRNNConfig } from '../../engine/config.js';
import type { ConformanceCase } from '../gen/materialize.js';
import type { RefResult, SidecarPool } from '../sidecar/index.js';
import { loadVerified } from './check.js';
import { describeChange } from './diff.js';
import { listFixtures, readManifest, toReference, torchInfo, type Manifest } from './fixtures.js';
import { torchInfoChanges } from './regen.js';

export interface VerifyEntry {
  name: string;
  status: 'same' | 'moved' | 'drifted' | 'unreadable';
  /** For moved/drifted: what differs (the regen diff's words); drifted adds the judge's message. */
  details: string[];
}

export interface VerifyResult {
  manifest: Manifest;
  torchChanges: string[];
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
  return { kind: 'ok', output: r.output, hN: r.hN, stateDict: r.stateDict ?? {}, warnings: r.warnings, rnn };
}

export async function verifyGolden(dir: string, pool: SidecarPool, opts: { tolerances?: ToleranceOverrides } = {}): Promise<VerifyResult> {
  const manifest = readManifest(dir);
  const names = Object.keys(manifest.fixtures).sort();
  const entries: VerifyEntry[] = [];
  const loaded: { name: string; file: Exclude<ReturnType<typeof loadVerified>, string> }[] = [];
  for (const name of names) {
    const f = loadVerified(dir, name, (manifest.fixtures[name] as { sha256: string }).sha256);
    if (typeof f === 'string' || !f.reference) entries.push({ name, status: 'unreadable', details: [typeof f === 'string' ? f : 'the fixture holds no torch answer'] });
    else loaded.push({ name, file: f });
  }
  const fresh = await pool.run(loaded.map((l) => toRefCase(l.file.case)));
  loaded.forEach(({ name, file }, i) => {
    const now = fresh[i] as RefResult;
    const stored = file.reference;
    if (!stored) return;
    if (now.kind === 'unavailable') {
      entries.push({ name, status: 'drifted', details: [`torch gave no answer today: ${now.reason}`] });
      return;
    }
    const changes = describeChange(file, { ...file, reference: toReference(now) });
    if (changes.length === 0) {
      entries.push({ name, status: 'same', details: [] });
      return;
    }
    let engineSide: EngineResult | null;
    try {
      engineSide = asEngineSide(file.case, now);
    } catch {
      engineSide = null;
    }
    const v = engineSide ? judge(file.case, engineSide, storedAsRef(file.case.id, stored), { tolerances: opts.tolerances }) : null;
    if (v && v.status === 'passed') entries.push({ name, status: 'moved', details: changes });
    else entries.push({ name, status: 'drifted', details: [...changes, ...(v ? v.message.split('\n') : [])] });
  });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const unlisted = listFixtures(dir).filter((n) => !(n in manifest.fixtures));
  return { manifest, torchChanges: torchInfoChanges(manifest.torch, torchInfo(pool.hello)), entries, unlisted };
}

function storedAsRef(id: string, stored: NonNullable<Exclude<ReturnType<typeof loadVerified>, string>['reference']>): RefResult {
  const sd = stored.stateDict ? { stateDict: stored.stateDict } : {};
  if (stored.kind === 'refused') return { id, kind: 'refused', stage: stored.stage, type: stored.type, message: stored.message, warnings: stored.warnings, ...sd };
  if (!stored.output || !stored.hN) return { id, kind: 'unavailable', reason: 'the fixture holds no torch.output/torch.h_n' };
  return { id, kind: 'ok', output: stored.output, hN: stored.hN, warnings: stored.warnings, ...sd };
}

export function formatVerify(r: VerifyResult, dirLabel: string, torchNow: string): string {
  const lines: string[] = [];
  const t = r.manifest.torch;
  lines.push(`golden verify: ${r.entries.length} fixtures in ${dirLabel}, stored from torch ${t.version} (${t.cpuCapability}), recomputed with torch ${torchNow}`);
  if (r.torchChanges.length) lines.push(`note: the reference differs from the one the manifest records:\n  ${r.torchChanges.join('\n  ')}`);
  if (r.unlisted.length) lines.push(`not in the manifest, not verified: ${r.unlisted.join(', ')}`);
  const drifted = r.entries.filter((e) => e.status === 'drifted' || e.status === 'unreadable');
  const moved = r.entries.filter((e) => e.status === 'moved');
  for (const e of drifted) lines.push(`DRIFT ${e.name}${e.status === 'unreadable' ? ' (fixture unreadable)' : ''}`, ...e.details.map((d) => `    ${d}`));
  if (drifted.some((e) => e.status === 'drifted')) lines.push("  (in the judge's words above, 'engine' is today's torch and 'torch' the stored fixture)");
  for (const e of moved) lines.push(`moved within tolerance ${e.name}`, ...e.details.map((d) => `    ${d}`));
  const same = r.entries.length - drifted.length - moved.length;
  lines.push(`${same} identical, ${moved.length} moved within tolerance, ${drifted.length} drifted`);
  return lines.join('\n');
}
