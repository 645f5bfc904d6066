// The committed column-sum table (test/fixtures/reduce/, read by reduce-table.test.ts) is what
// python/testing/sum_table.py writes from this machine's torch (its AVX2 kernels), byte for byte.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../harness/sidecar/paths.js';
import { runTool } from './python-tools.js';

const REDUCE_TABLE_DIR = join(repoRoot(), 'test', 'fixtures', 'reduce');

describe('test/fixtures/reduce: the table is torch.sum(t, 0)\'s own answers', () => {
  it('python/testing/sum_table.py writes the same bytes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'reduce-table-'));
    try {
      runTool('sum_table.py', [dir]);
      for (const f of ['sums.bin', 'provenance.json']) {
        expect(readFileSync(join(dir, f)).equals(readFileSync(join(REDUCE_TABLE_DIR, f))), `${f} differs from a fresh run of python/testing/sum_table.py`).toBe(true);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
