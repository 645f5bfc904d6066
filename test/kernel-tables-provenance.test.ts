// The committed kernel tables (read by reduce-table.test.ts and dot4-table.test.ts in `npm run mutate`) are
// what their tools write from this machine's torch, byte for byte: test/fixtures/reduce/ (torch.sum(t, 0),
// python/testing/sum_table.py, torch's AVX2 kernels) and test/fixtures/dot4/ (torch.mm of 16-bit
// matrices, python/testing/mm_half_table.py, torch's AVX2 kernels and oneDNN held to AVX2). Both tools pin the AVX2
// path, so the tables are the same on an AVX-512 CPU.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../harness/sidecar/paths.js';
import { runTool } from './python-tools.js';

const TABLES = [
  { dir: 'reduce', tool: 'sum_table.py', files: ['sums.bin', 'provenance.json'] },
  { dir: 'dot4', tool: 'mm_half_table.py', files: ['products.bin', 'provenance.json'] },
];

describe('test/fixtures/{reduce,dot4}: the tables are torch\'s own answers', () => {
  for (const { dir: name, tool, files } of TABLES) {
    it(`python/testing/${tool} writes test/fixtures/${name}/ again, the same bytes`, () => {
      const dir = mkdtempSync(join(tmpdir(), `${name}-table-`));
      try {
        runTool(tool, [dir]);
        for (const f of files) {
          expect(readFileSync(join(dir, f)).equals(readFileSync(join(repoRoot(), 'test', 'fixtures', name, f))), `${f} differs from a fresh run of python/testing/${tool}`).toBe(true);
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
