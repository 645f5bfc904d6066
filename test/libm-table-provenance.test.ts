// The committed libm table (test/fixtures/libm/, read by libm-table.test.ts) is what
// python/testing/libm_table.py writes from this machine's glibc and torch, byte for byte.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../harness/sidecar/paths.js';
import { runTool } from './python-tools.js';

const LIBM_TABLE_DIR = join(repoRoot(), 'test', 'fixtures', 'libm');

describe('test/fixtures/libm: the table is glibc\'s and torch\'s own answers', () => {
  it('python/testing/libm_table.py writes the same bytes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'libm-table-'));
    try {
      runTool('libm_table.py', [dir]);
      for (const f of ['glibc-float.bin', 'ctanh-torch.bin', 'provenance.json']) {
        expect(readFileSync(join(dir, f)).equals(readFileSync(join(LIBM_TABLE_DIR, f))), `${f} differs from a fresh run of python/testing/libm_table.py`).toBe(true);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
