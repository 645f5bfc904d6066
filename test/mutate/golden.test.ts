// The suite `npm run mutate` (StrykerJS) runs against every mutant of engine/: golden check in-process,
// no Python and no child process. One test per fixture and path (exact: judged and held to the
// exactness ratchet golden/exact.json; fast: judged within tolerance, as `golden check` does), so
// Stryker's per-test coverage runs only the fixtures that reach a mutant. The pure engine specs join
// it (vitest.mutate.config.ts).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { judgeFixture } from '../../harness/golden/check.js';
import { readExact } from '../../harness/golden/exact.js';
import { readManifest } from '../../harness/golden/fixtures.js';
import { fastEngine } from '../../harness/engines/select.js';
import { repoRoot } from '../../harness/sidecar/paths.js';

const dir = join(repoRoot(), 'golden');
const manifest = readManifest(dir);
const exact = readExact(dir);
const names = Object.keys(manifest.fixtures).sort();

describe('golden fixtures, exact path (with the exactness ratchet)', () => {
  for (const name of names) {
    it(name, () => {
      const v = judgeFixture(dir, name, (manifest.fixtures[name] as { sha256: string }).sha256, {}, exact);
      expect(v.message).toBe('');
    });
  }
});

describe("golden fixtures, precision 'fast'", () => {
  for (const name of names) {
    it(name, () => {
      const v = judgeFixture(dir, name, (manifest.fixtures[name] as { sha256: string }).sha256, { engine: fastEngine }, {});
      expect(v.message).toBe('');
    });
  }
});
