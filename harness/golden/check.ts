// golden check: the engine against the stored fixtures, no Python. First the folder's integrity (every
// file the manifest lists is there with its sha256, nothing unlisted), then the judge on each case
// with torch's stored answer standing in for the live reference.
import type { CaseFile } from '../check/case-file.js';
import { runEngine, type EngineFactory, type EngineResult } from '../check/engine-side.js';
import { judge } from '../check/judge.js';
import type { ToleranceOverrides } from '../compare/index.js';
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
}

export function checkGolden(dir: string, opts: GoldenCheckOptions = {}): GoldenCheckResult {
  const manifest = readManifest(dir);
  const verdicts: FixtureVerdict[] = [];
  const listed = Object.keys(manifest.fixtures).sort();
  for (const name of listFixtures(dir)) {
    if (!(name in manifest.fixtures)) verdicts.push({ name, status: 'failed', kind: 'integrity', message: `${fixtureFile(name)} is not in the manifest (a stray file, or a regen that was interrupted)` });
  }
  for (const name of listed) {
    const f = loadVerified(dir, name, (manifest.fixtures[name] as { sha256: string }).sha256);
    if (typeof f === 'string') {
      verdicts.push({ name, status: 'failed', kind: 'integrity', message: f });
      continue;
    }
    if (!f.reference) {
      verdicts.push({ name, status: 'failed', kind: 'integrity', message: 'the fixture holds no torch answer' });
      continue;
    }
    let v: { status: string; message: string };
    try {
      v = judge(f.case, opts.run ? opts.run(f.case, name) : runEngine(f.case, opts.engine), fromReference(f.case.id, f.reference), { tolerances: opts.tolerances });
    } catch (err) {
      v = { status: 'failed', message: `the engine threw instead of answering: ${(err as Error).stack ?? String(err)}` };
    }
    verdicts.push(v.status === 'passed' ? { name, status: 'passed', message: '' } : { name, status: 'failed', kind: 'engine', message: v.message });
  }
  verdicts.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const failed = verdicts.filter((v) => v.status === 'failed').length;
  return { manifest, verdicts, passed: verdicts.length - failed, failed };
}
