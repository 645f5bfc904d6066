// golden check: the engine against the stored fixtures, no Python. First the folder's integrity (every
// file the manifest lists is there with its sha256, nothing unlisted), then the judge on each case
// with torch's stored answer standing in for the live reference.
import type { CaseFile } from '../case/index.js';
import { runEngine, type EngineFactory, type EngineResult } from '../engines/engine-side.js';
import { judge } from '../check/judge.js';
import type { ToleranceOverrides } from '../compare/index.js';
import type { RefResult } from '../sidecar/index.js';
import type { Tensor } from '../../engine/tensor.js';
import { EXACT_FILE, firstInexact, readExact, type ExactMap } from './exact.js';
import { decodeFixture, fixtureFile, fromReference, listFixtures, readFixtureBytes, readManifest, sha256, type Manifest } from './fixtures.js';

export interface FixtureVerdict {
  name: string;
  status: 'passed' | 'failed';
  /** 'integrity': the file is missing, unlisted, edited or unreadable; 'engine': the engine differs. */
  kind?: 'integrity' | 'engine';
  message: string;
}

export interface GoldenCheckResult {
  manifest: Manifest;
  verdicts: FixtureVerdict[];
  passed: number;
  failed: number;
}

/** Reads and hash-checks one listed fixture; a string says why it cannot be trusted. */
export function loadVerified(dir: string, name: string, expected: string): CaseFile | string {
  let bytes: Uint8Array;
  try {
    bytes = readFixtureBytes(dir, name);
  } catch (err) {
    return `listed in the manifest but unreadable: ${(err as Error).message}`;
  }
  const got = sha256(bytes);
  if (got !== expected) return `sha256 ${got} does not match the manifest's ${expected}: the file was edited or corrupted (restore it from git, or run \`rnn-conformance golden regen\` with torch)`;
  try {
    return decodeFixture(dir, name, bytes);
  } catch (err) {
    return `matches its hash but is not a readable case file: ${(err as Error).message}`;
  }
}

export interface GoldenCheckOptions {
  engine?: EngineFactory;
  tolerances?: ToleranceOverrides;
  /** The engine's side of a fixture, computed elsewhere (the browser test runs it in Chromium); default runEngine here. */
  run?: (c: CaseFile['case'], name: string) => EngineResult;
  /** The exactness ratchet (default: the folder's exact.json). */
  exact?: ExactMap;
}

/** The tensors of an answer the ratchet records: output, h_n and a gradient case's `grad.<name>` (torch's names). */
function answerTensors(e: EngineResult & { kind: 'ok' }, t: RefResult & { kind: 'ok' }): [string, Tensor | undefined, Tensor][] {
  return [['output', e.output, t.output], ['h_n', e.hN, t.hN], ...Object.entries(t.grads ?? {}).map(([k, g]): [string, Tensor | undefined, Tensor] => [`grad.${k}`, e.grads?.[k], g])];
}

/** Per fixture and tensor, whether the engine's answer is bit-identical to the stored torch answer (what `golden ratchet` records). */
export function measureExact(dir: string, engine?: EngineFactory): { map: ExactMap; byDtype: Record<string, { tensors: number; exact: number }> } {
  const manifest = readManifest(dir);
  const map: ExactMap = {};
  const byDtype: Record<string, { tensors: number; exact: number }> = {};
  for (const name of Object.keys(manifest.fixtures).sort()) {
    const f = loadVerified(dir, name, (manifest.fixtures[name] as { sha256: string }).sha256);
    if (typeof f === 'string' || !f.reference || f.reference.kind !== 'ok') continue;
    const torch = fromReference(f.case.id, f.reference);
    let e: EngineResult;
    try {
      e = runEngine(f.case, engine);
    } catch {
      continue;
    }
    if (e.kind !== 'ok' || torch.kind !== 'ok') continue;
    const d = (byDtype[e.output.dtype] ??= { tensors: 0, exact: 0 });
    map[name] = {};
    for (const [tensor, a, b] of answerTensors(e, torch)) {
      const same = a !== undefined && firstInexact(a, b) === null;
      (map[name] as Record<string, boolean>)[tensor] = same;
      d.tensors++;
      if (same) d.exact++;
    }
  }
  return { map, byDtype };
}

/** One fixture's verdict: its integrity, then the engine judged against torch's stored answer and held to
 * the exactness ratchet (`exact`: the folder's exact.json, or {} for none). */
export function judgeFixture(dir: string, name: string, sha: string, opts: GoldenCheckOptions, exact: ExactMap): FixtureVerdict {
  const f = loadVerified(dir, name, sha);
  if (typeof f === 'string') return { name, status: 'failed', kind: 'integrity', message: f };
  if (!f.reference) return { name, status: 'failed', kind: 'integrity', message: 'the fixture holds no torch answer' };
  let v: { status: string; message: string };
  try {
    const engine = opts.run ? opts.run(f.case, name) : runEngine(f.case, opts.engine);
    const torch = fromReference(f.case.id, f.reference);
    v = judge(f.case, engine, torch, { tolerances: opts.tolerances });
    // The ratchet: a tensor recorded bit-identical to torch must stay so, even inside tolerance.
    if (v.status === 'passed' && engine.kind === 'ok' && torch.kind === 'ok') {
      for (const [tensor, e, t] of answerTensors(engine, torch)) {
        const d = exact[name]?.[tensor] === true && e ? firstInexact(e, t) : null;
        if (d && e) {
          v = { status: 'failed', message: `lost bit-exactness (${EXACT_FILE} records ${name} ${tensor} as bit-identical to torch): element [${d.index.join(', ')}]: engine ${d.engine} vs torch ${d.torch}, ${d.ulp === 0 ? `under 1 ULP: the engine's value is not a ${e.dtype} value (a missed rounding)` : `${d.ulp} ULP`} (${e.dtype}; within tolerance, but no longer torch's bits)` };
          break;
        }
      }
    }
  } catch (err) {
    v = { status: 'failed', message: `the engine threw instead of answering: ${(err as Error).stack ?? String(err)}` };
  }
  return v.status === 'passed' ? { name, status: 'passed', message: '' } : { name, status: 'failed', kind: 'engine', message: v.message };
}

export function checkGolden(dir: string, opts: GoldenCheckOptions = {}): GoldenCheckResult {
  const manifest = readManifest(dir);
  const exact = opts.exact ?? readExact(dir);
  const verdicts: FixtureVerdict[] = [];
  const listed = Object.keys(manifest.fixtures).sort();
  for (const name of listFixtures(dir)) {
    if (!(name in manifest.fixtures)) verdicts.push({ name, status: 'failed', kind: 'integrity', message: `${fixtureFile(name)} is not in the manifest (a stray file, or a regen that was interrupted)` });
  }
  for (const name of listed) verdicts.push(judgeFixture(dir, name, (manifest.fixtures[name] as { sha256: string }).sha256, opts, exact));
  verdicts.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const failed = verdicts.filter((v) => v.status === 'failed').length;
  return { manifest, verdicts, passed: verdicts.length - failed, failed };
}
