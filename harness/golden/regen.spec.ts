// writeGolden without torch: hand-made answers stand in for the sidecar's. What is checked is the
// file handling: determinism, stale files removed, the manifest written last, no temp folder left.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tensor } from '../../engine/tensor.js';
import type { RefResult } from '../sidecar/index.js';
import { CATALOG, type GoldenEntry } from './catalog.js';
import { canonicalCase, encodeFixture, readManifest, sha256, type TorchInfo } from './fixtures.js';
import { maxAbsDifference, tensorChange } from './diff.js';
import { formatRegenReport, writeGolden, type Computed } from './regen.js';

const TORCH: TorchInfo = { version: '0.0-test', gitVersion: 'abc', build: ['b'], cpuCapability: 'X', cpuModel: 'cpu' };
const dirs: string[] = [];
const fresh = () => {
  const d = mkdtempSync(join(tmpdir(), 'golden-spec-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const entries = CATALOG.slice(0, 4);
function computed(list: readonly GoldenEntry[], bump = 0): Computed[] {
  return list.map((entry) => {
    const c = canonicalCase(entry);
    const result: RefResult = { id: c.id, kind: 'ok', output: tensor('float32', [2], [0.5 + bump, -1]), hN: tensor('float32', [1], [0.25]), warnings: [] };
    return { entry, case: c, result };
  });
}
const files = (d: string) => readdirSync(d).sort();

describe('writeGolden', () => {
  it('writes one file per entry and a sorted manifest; a second run changes nothing', () => {
    const d = fresh();
    const r1 = writeGolden(d, computed(entries), TORCH, null);
    expect(r1.added).toEqual(entries.map((e) => e.name));
    expect(files(d)).toEqual([...entries.map((e) => `${e.name}.safetensors`), 'manifest.json'].sort());
    const m = readManifest(d);
    for (const e of entries) expect(m.fixtures[e.name]?.sha256).toBe(sha256(new Uint8Array(readFileSync(join(d, `${e.name}.safetensors`)))));
    const before = readFileSync(join(d, 'manifest.json'));
    const r2 = writeGolden(d, computed(entries), TORCH, m);
    expect([r2.added, r2.removed, r2.changed, r2.unchanged]).toEqual([[], [], [], entries.length]);
    expect(readFileSync(join(d, 'manifest.json')).equals(before)).toBe(true);
  });

  it('removes fixtures no longer in the catalog and reports changes with their size', () => {
    const d = fresh();
    writeGolden(d, computed(entries), TORCH, null);
    const r = writeGolden(d, computed(entries.slice(1), 1e-3), { ...TORCH, version: '0.1-test' }, readManifest(d));
    expect(r.removed).toEqual([entries[0]?.name]);
    expect(r.changed.map((c) => c.name)).toEqual(entries.slice(1).map((e) => e.name));
    const text = formatRegenReport(r, d);
    expect(text).toContain('version: 0.0-test -> 0.1-test');
    expect(text).toMatch(/output: max abs 0\.00100, \d+ ULP at index \[0\] \(BEYOND float32 tolerance: 1 \/ 2 elements\)/);
    expect(files(d)).not.toContain(`${entries[0]?.name}.safetensors`);
  });

  it('an interrupted regen leaves whole files, the old manifest and no temp folder', () => {
    const d = fresh();
    writeGolden(d, computed(entries), TORCH, null);
    const oldManifest = readFileSync(join(d, 'manifest.json'));
    const old = new Map(entries.map((e) => [e.name, readFileSync(join(d, `${e.name}.safetensors`))]));
    // A directory where the last fixture must go: its rename fails half-way through the swap.
    const last = entries[entries.length - 1] as GoldenEntry;
    rmSync(join(d, `${last.name}.safetensors`));
    mkdirSync(join(d, `${last.name}.safetensors`));
    writeFileSync(join(d, `${last.name}.safetensors`, 'x'), 'x');
    expect(() => writeGolden(d, computed(entries, 1e-3), TORCH, readManifest(d))).toThrow();
    expect(readFileSync(join(d, 'manifest.json')).equals(oldManifest)).toBe(true);
    expect(readdirSync(d).filter((n) => n.startsWith('.'))).toEqual([]);
    const want = computed(entries, 1e-3);
    for (const [i, e] of entries.slice(0, -1).entries()) {
      const now = readFileSync(join(d, `${e.name}.safetensors`));
      const next = encodeFixture(e, (want[i] as Computed).case, (want[i] as Computed).result);
      expect(now.equals(old.get(e.name) as Buffer) || now.equals(Buffer.from(next)), e.name).toBe(true);
    }
  });
});

describe('diff words', () => {
  it('max abs difference treats NaN = NaN and NaN vs number as inf', () => {
    expect(maxAbsDifference(tensor('float32', [3], [1, NaN, 2]), tensor('float32', [3], [1, NaN, 2.5]))).toBe(0.5);
    expect(maxAbsDifference(tensor('float32', [1], [NaN]), tensor('float32', [1], [0]))).toBe(Infinity);
  });
  it('identical tensors give no line; shape changes are named before values', () => {
    expect(tensorChange('output', tensor('float64', [1], [1]), tensor('float64', [1], [1]))).toBeNull();
    expect(tensorChange('h_n', tensor('float64', [1], [1]), tensor('float64', [2], [1, 1]))).toBe('h_n: shape [1] -> [2]');
  });
});
