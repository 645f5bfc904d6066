// Fixtures of several references (torch builds and CPUs) in one folder, without torch: hand-made
// answers stand in for two machines' torch. regen keeps what another reference computed unless the
// case changed, its file was edited, or --all asks; verify demands identity from the same reference
// and judges another reference's answers by check's rules (comparator, then the stored oracle).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tensor, type Tensor } from '../../engine/tensor.js';
import { decodeCaseFile } from '../case/index.js';
import { runEngine } from '../engines/engine-side.js';
import type { Handshake, RefCase, RefResult } from '../sidecar/index.js';
import { CATALOG, type GoldenEntry } from './catalog.js';
import { canonicalCase, readManifest, readManifestIfAny, referenceId, sha256, type TorchInfo } from './fixtures.js';
import { formatRegenReport, planRegen, writeGolden, type Computed } from './regen.js';
import { formatVerify, verifyGolden } from './verify.js';

const A: TorchInfo = { version: '0.0-test', gitVersion: 'abc', build: ['b', 'CPU capability usage: X'], cpuCapability: 'X', cpuModel: 'cpu one' };
const B: TorchInfo = { ...A, build: ['b', 'CPU capability usage: Y'], cpuCapability: 'Y', cpuModel: 'cpu two' };
const dirs: string[] = [];
const fresh = () => {
  const d = mkdtempSync(join(tmpdir(), 'golden-refs-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const byName = (n: string) => CATALOG.find((e) => e.name === n) as GoldenEntry;
const entries = ['arg-hx', 'arg-bias-false', 'arg-batch-first', 'arg-bidirectional'].map(byName);

/** The engine's answer standing in for a torch; `edit` changes it (another CPU's rounding). */
function answer(entry: GoldenEntry, edit: (out: Tensor) => void = () => {}, oracle?: (out: Tensor) => Tensor): RefResult {
  const c = canonicalCase(entry);
  const e = runEngine(c);
  if (e.kind !== 'ok') throw new Error(`${entry.name}: the engine refused`);
  const output = tensor(e.output.dtype, e.output.shape, e.output.data);
  const hN = tensor(e.hN.dtype, e.hN.shape, e.hN.data);
  const exact = oracle ? { oracle: { output: oracle(tensor(e.output.dtype, e.output.shape, e.output.data)), hN: tensor('float64', hN.shape, hN.data), samePrecision: false } } : {};
  edit(output);
  return { id: c.id, kind: 'ok', output, hN, warnings: [], ...exact };
}
const computed = (list: readonly GoldenEntry[], edit?: (out: Tensor) => void): Computed[] => list.map((entry) => ({ entry, case: canonicalCase(entry), result: answer(entry, edit) }));
const nudge = (out: Tensor) => (out.data[0] = Math.fround((out.data[0] as number) * (1 + 2 ** -22)));

/** What the CLI does: plan against the folder's manifest, compute the planned entries with `here`, write. */
function regen(dir: string, here: TorchInfo, list: readonly GoldenEntry[], opts: { all?: boolean; edit?: (out: Tensor) => void } = {}) {
  const previous = readManifestIfAny(dir);
  const plan = planRegen(dir, list, here, previous, { all: opts.all === true });
  const report = writeGolden(dir, computed(plan.compute.map((c) => c.entry), opts.edit), here, previous, plan.keep);
  return { plan, report, text: formatRegenReport(report, dir, plan) };
}
const bytes = (dir: string, name: string) => readFileSync(join(dir, `${name}.safetensors`));

describe('regen with fixtures of another reference', () => {
  it('keeps what another reference computed, byte for byte, computes the new entry, and records who computed what', () => {
    const d = fresh();
    regen(d, A, entries.slice(0, 3));
    const before = entries.slice(0, 3).map((e) => bytes(d, e.name));
    const r = regen(d, B, entries, { edit: nudge });
    expect(r.plan.compute.map((c) => [c.entry.name, c.why])).toEqual([[entries[3]?.name, 'new']]);
    entries.slice(0, 3).forEach((e, i) => expect(bytes(d, e.name).equals(before[i] as Buffer), e.name).toBe(true));
    const m = readManifest(d);
    expect(Object.keys(m.references).sort()).toEqual([referenceId(A), referenceId(B)].sort());
    expect(Object.fromEntries(Object.entries(m.fixtures).map(([k, f]) => [k, f.reference]))).toEqual({
      ...Object.fromEntries(entries.slice(0, 3).map((e) => [e.name, referenceId(A)])),
      [entries[3]?.name as string]: referenceId(B),
    });
    expect(r.text).toContain('cpuCapability: X -> Y');
    expect(r.text).toContain('3 of its fixtures kept as it computed them (`golden regen --all` recomputes them with this torch)');
    expect(r.text).toContain('1 added, 0 removed, 0 changed, 3 unchanged (3 fixtures kept from other references)');
    // Back on A: A's fixtures are computed again (same answers: no byte moves), B's is kept.
    const manifest = readFileSync(join(d, 'manifest.json'));
    const again = regen(d, A, entries);
    expect(again.plan.compute.map((c) => c.why)).toEqual(['this reference', 'this reference', 'this reference']);
    expect([again.report.changed, again.report.unchanged]).toEqual([[], 4]);
    expect(readFileSync(join(d, 'manifest.json')).equals(manifest)).toBe(true);
  });

  it('computes an edited file and a changed case with this torch, follows a new description without recomputing, and --all re-bases everything', () => {
    const d = fresh();
    regen(d, A, entries);
    const [edited, changedCase, renamed, untouched] = entries as [GoldenEntry, GoldenEntry, GoldenEntry, GoldenEntry];
    const f = new Uint8Array(bytes(d, edited.name));
    f[f.length - 1] = (f[f.length - 1] as number) ^ 1;
    writeFileSync(join(d, `${edited.name}.safetensors`), f);
    const catalog = [
      edited,
      { ...changedCase, build: () => ({ ...changedCase.build(), seed: 7 }) },
      { ...renamed, about: 'a new description' },
      untouched,
    ];
    const r = regen(d, B, catalog, { edit: nudge });
    expect(r.plan.compute.map((c) => c.entry.name)).toEqual([edited.name, changedCase.name]);
    expect(r.plan.compute[0]?.why).toMatch(/not the one the manifest vouches for/);
    expect(r.plan.compute[1]?.why).toMatch(/the case changed/);
    const m = readManifest(d);
    expect([edited, changedCase, renamed, untouched].map((e) => m.fixtures[e.name]?.reference)).toEqual([referenceId(B), referenceId(B), referenceId(A), referenceId(A)]);
    const note = decodeCaseFile(new Uint8Array(bytes(d, renamed.name)));
    expect(note.note).toBe('a new description');
    expect(note.reference?.output?.data).toEqual((answer(renamed) as { output: Tensor }).output.data); // A's answer, not B's nudged one
    expect(r.text).toMatch(new RegExp(`changed \\(3\\):[\\s\\S]*${renamed.name}\\n\\s+description: .* -> "a new description"`));
    expect(r.text).toMatch(new RegExp(`${changedCase.name}\\n\\s+reference: ${referenceId(A).replace(/[.+]/g, '\\$&')} -> `));

    const all = regen(d, B, catalog, { all: true, edit: nudge });
    expect(all.plan.keep).toEqual([]);
    expect(Object.keys(readManifest(d).references)).toEqual([referenceId(B)]);
    expect(all.report.changed.map((c) => c.name).sort()).toEqual([renamed.name, untouched.name].sort());
  });
});

describe('the manifest', () => {
  it('reads format 1 (one torch for all) as one reference', () => {
    const d = fresh();
    const { manifest } = regen(d, A, entries.slice(0, 2)).report;
    const v1 = { format: 'rnn-conformance-golden/1', torch: A, fixtures: Object.fromEntries(Object.entries(manifest.fixtures).map(([k, f]) => [k, { sha256: f.sha256, torch: f.torch }])) };
    writeFileSync(join(d, 'manifest.json'), JSON.stringify(v1));
    expect(readManifest(d)).toEqual(manifest);
  });

  it('refuses a reference whose id does not match it and a fixture naming no listed reference', () => {
    const d = fresh();
    regen(d, A, entries.slice(0, 1));
    const m = JSON.parse(readFileSync(join(d, 'manifest.json'), 'utf8')) as { references: Record<string, TorchInfo>; fixtures: Record<string, { reference: string }> };
    const edited = { ...m, references: { [referenceId(A)]: B } };
    writeFileSync(join(d, 'manifest.json'), JSON.stringify(edited));
    expect(() => readManifest(d)).toThrow(`the id of this reference is ${referenceId(B)}`);
    (m.fixtures[entries[0]?.name as string] as { reference: string }).reference = 'nowhere';
    writeFileSync(join(d, 'manifest.json'), JSON.stringify(m));
    expect(() => readManifest(d)).toThrow('no reference nowhere in references');
  });

  it('reference ids differ when anything in the handshake differs', () => {
    const ids = new Set([A, B, { ...A, cpuModel: 'cpu two' }, { ...A, build: [...A.build, 'x'] }, { ...A, gitVersion: 'abd' }].map(referenceId));
    expect(ids.size).toBe(5);
    expect(referenceId(A)).toMatch(/^0\.0-test-X-[0-9a-f]{8}$/);
  });
});

// ---- verify --------------------------------------------------------------------------------------------
const hello = (t: TorchInfo) => ({ torch: t.version, gitVersion: t.gitVersion, build: t.build, cpuCapability: t.cpuCapability, cpuModel: t.cpuModel }) as Handshake;
const fakePool = (t: TorchInfo, answers: Map<string, RefResult>) => ({ hello: hello(t), run: async (cases: readonly RefCase[]) => cases.map((c) => answers.get(c.id) as RefResult) });
const widen = (out: Tensor, shift = 0) => {
  const o = tensor('float64', out.shape, out.data);
  o.data[0] = (o.data[0] as number) + shift;
  return o;
};

describe('verify across references', () => {
  // Stored by A: e0, e1 plain; e2 with an oracle 1e-3 from A's answer (the case amplifies rounding);
  // e3 with an oracle equal to A's answer (A is exact there).
  const [e0, e1, e2, e3] = entries as [GoldenEntry, GoldenEntry, GoldenEntry, GoldenEntry];
  function stored(): string {
    const d = fresh();
    const list: Computed[] = [
      ...computed([e0, e1]),
      { entry: e2, case: canonicalCase(e2), result: answer(e2, undefined, (o) => widen(o, 1e-3)) },
      { entry: e3, case: canonicalCase(e3), result: answer(e3, undefined, (o) => widen(o)) },
    ];
    writeGolden(d, list, A, null);
    return d;
  }
  const far = (out: Tensor) => (out.data[0] = Math.fround((out.data[0] as number) + 2e-3));
  const today = () =>
    new Map<string, RefResult>([
      [e0.name, answer(e0)],
      [e1.name, answer(e1, nudge)],
      [e2.name, answer(e2, far)],
      [e3.name, answer(e3, far)],
    ]);

  it('another reference: identical, moved within tolerance, amplified by the stored oracle, drifted; the difference named', async () => {
    const d = stored();
    const r = await verifyGolden(d, fakePool(B, today()));
    expect(Object.fromEntries(r.entries.map((e) => [e.name, e.status]))).toEqual({ [e0.name]: 'same', [e1.name]: 'moved', [e2.name]: 'amplified', [e3.name]: 'drifted' });
    const text = formatVerify(r, d);
    expect(text).toMatch(new RegExp(`amplified rounding, excused by the stored oracle: ${e2.name}\\n(.*\\n)*\\s+output: amplified: from the exact \\(float64\\) answer, today's torch is \\S+ tolerances, the stored answer \\S+`));
    expect(text).toMatch(new RegExp(`DRIFT ${e3.name}\\n(.*\\n)*\\s+Oracle: engine further from the exact answer`));
    expect(text).toContain(`another reference ${referenceId(A)}: 4 fixtures, judged by check's rules (comparator, then the oracle): 1 identical, 1 moved within tolerance, 1 amplified rounding (the oracle's rule), 1 drifted\n  it differs from this torch in:\n    cpuCapability: X -> Y`);
  });

  it('the same reference: anything but identical is drift, even within tolerance', async () => {
    const d = stored();
    const answers = today();
    answers.set(e2.name, answer(e2));
    answers.set(e3.name, answer(e3));
    const r = await verifyGolden(d, fakePool(A, answers));
    expect(Object.fromEntries(r.entries.map((e) => [e.name, e.status]))).toEqual({ [e0.name]: 'same', [e1.name]: 'drifted', [e2.name]: 'same', [e3.name]: 'same' });
    const text = formatVerify(r, d);
    expect(text).toContain(`DRIFT ${e1.name}`);
    expect(text).toContain('the same reference computed this fixture');
    expect(text).toContain(`this reference ${referenceId(A)}: 4 fixtures, must be identical: 3 identical, 0 moved within tolerance, 0 amplified rounding (the oracle's rule), 1 drifted`);
    expect(sha256(new Uint8Array(bytes(d, e1.name)))).toBe(readManifest(d).fixtures[e1.name]?.sha256); // verify writes nothing
  });
});
