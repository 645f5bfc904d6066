// The engine in a real browser (issue 12): golden check's engine side (test/browser/golden-entry.ts:
// engine/ plus the case-file decoder) bundled by vite (pinned in package.json) and run in headless
// Chromium, the system's own (Debian's `chromium`), driven by playwright-core (pinned; it never downloads
// a browser). Every fixture of golden/ runs in the page; its answers come back as bytes and are judged in
// Node by golden check's own code (checkGolden with the browser's results standing in for runEngine):
// integrity against the manifest, refusals word for word, seeded weights bit for bit, values (gradients
// included) by the one comparator and the stored oracle, packed fixtures as runEngine runs them. No Chromium is a failure that says how to install it, never a skip.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { build, type Rolldown } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RNN } from '../engine/rnn.js';
import { Generator } from '../engine/random.js';
import { realPart } from '../engine/dtype.js';
import { decodeSafetensors, fromRaw, type RawTensor } from '../engine/safetensors.js';
import { fileDType } from '../engine/state-dict-file.js';
import type { Tensor } from '../engine/tensor.js';
import { decodeCaseFile, type CaseFile } from '../harness/case/index.js';
import { runEngine, type EngineResult } from '../harness/engines/engine-side.js';
import { ulpDistance } from '../harness/compare/index.js';
import { checkGolden } from '../harness/golden/check.js';
import { fixtureFile, readManifest } from '../harness/golden/fixtures.js';
import { repoRoot } from '../harness/sidecar/paths.js';
import type * as GoldenEntry from './browser/golden-entry.js';
import type { BrowserOutcome } from './browser/golden-entry.js';

type Entry = typeof GoldenEntry;
const ROOT = repoRoot();
const GOLDEN = join(ROOT, 'golden');
const ENTRY = join(ROOT, 'test', 'browser', 'golden-entry.ts');
const INSTALL = 'install it (Debian/Ubuntu, as root: `apt-get update && apt-get install -y chromium`; .ci/run does this) or set RNN_CONFORMANCE_CHROMIUM=/path/to/chromium';

/** $RNN_CONFORMANCE_CHROMIUM, else `chromium` (or `chromium-browser`) on PATH, as `command -v` finds it. */
function findChromium(): string {
  const explicit = process.env.RNN_CONFORMANCE_CHROMIUM;
  if (explicit) {
    if (!existsSync(explicit)) throw new Error(`RNN_CONFORMANCE_CHROMIUM=${explicit} does not exist: ${INSTALL}`);
    return explicit;
  }
  for (const dir of (process.env.PATH ?? '').split(delimiter).filter(Boolean)) {
    for (const name of ['chromium', 'chromium-browser']) if (existsSync(join(dir, name))) return join(dir, name);
  }
  throw new Error(`the browser test needs Chromium, and there is no \`chromium\` on PATH: ${INSTALL}`);
}

const outDir = mkdtempSync(join(tmpdir(), 'rnn-conformance-bundle-'));
let bundle = '';
let browser: Browser | undefined;
const timings: string[] = [];
const seconds = (t0: number) => `${((performance.now() - t0) / 1000).toFixed(1)} s`;

beforeAll(async () => {
  const t0 = performance.now();
  // write: false and an outDir of our own: vite never empties or writes the checkout's dist/.
  const out = (await build({
    configFile: false,
    root: ROOT,
    publicDir: false,
    logLevel: 'warn',
    build: { write: false, outDir, emptyOutDir: false, minify: false, target: 'es2022', lib: { entry: ENTRY, formats: ['iife'], name: 'rnnGolden', fileName: () => 'golden.js' } },
  })) as Rolldown.RolldownOutput | Rolldown.RolldownOutput[];
  const chunks = (Array.isArray(out) ? out : [out]).flatMap((o) => o.output).filter((o) => o.type === 'chunk');
  expect(chunks.length).toBe(1);
  bundle = (chunks[0] as Rolldown.OutputChunk).code;
  timings.push(`vite bundle ${(bundle.length / 1024).toFixed(0)} kB in ${seconds(t0)}`);
}, 300_000);

afterAll(async () => {
  await browser?.close();
  rmSync(outDir, { recursive: true, force: true });
});

/** What the page answered, as the judge reads the engine's side. */
function fromBrowser(c: CaseFile['case'], o: BrowserOutcome | undefined): EngineResult {
  if (!o) throw new Error('the page returned nothing for this fixture');
  if (o.kind === 'threw') throw new Error(`in the browser: ${o.error}`);
  if (o.kind === 'refused') return o;
  // The module's configuration (the judge asks for its layout and mode) is the fixture's own; every
  // number judged (output, h_n, seeded weights), every warning and refusal is the browser's.
  const rnn = RNN.fromTorchConfig(c.config, { generator: new Generator(c.seed) }).train(c.train);
  const raws = decodeSafetensors(Uint8Array.from(Buffer.from(o.tensors, 'base64'))).tensors;
  const get = (name: string): Tensor => {
    const raw = raws.get(name) as RawTensor;
    return fromRaw(raw, fileDType(raw, rnn.config.dtype));
  };
  const stateDict = Object.fromEntries(o.stateKeys.map((k) => [k, get(`state.${k}`)]));
  const grads = o.gradKeys.length ? { grads: Object.fromEntries(o.gradKeys.map((k) => [k, get(`grad.${k}`)])) } : {};
  return { kind: 'ok', output: get('output'), hN: get('h_n'), ...grads, stateDict, warnings: o.warnings, rnn };
}

/**
 * The browser's answer against the engine's under Node: null when byte for byte the same (refusals word
 * for word), else how far apart (storage elements that differ, the largest distance in ULPs). Not part
 * of the verdict (ECMAScript leaves Math.tanh, exp, sin, cos free to round differently per engine), but
 * printed: how portable the bits are.
 */
function differenceFromNode(c: CaseFile['case'], o: BrowserOutcome & { kind: 'ok' | 'refused' }, judged: EngineResult): { elements: number; ulps: number } | null {
  const r = runEngine(c);
  if (r.kind === 'refused' || o.kind === 'refused') {
    return r.kind === 'refused' && o.kind === 'refused' && r.type === o.type && r.message === o.message ? null : { elements: Infinity, ulps: Infinity };
  }
  if (judged.kind !== 'ok') return { elements: Infinity, ulps: Infinity };
  let elements = 0;
  let ulps = 0;
  const pairs: [Tensor, Tensor][] = [
    [r.output, judged.output],
    [r.hN, judged.hN],
    ...Object.entries(r.grads ?? {}).map(([k, t]): [Tensor, Tensor] => [t, judged.grads?.[k] as Tensor]),
    ...Object.entries(r.stateDict).map(([k, t]): [Tensor, Tensor] => [t, judged.stateDict[k] as Tensor]),
  ];
  for (const [a, b] of pairs) {
    if (!b || a.data.length !== b.data.length) return { elements: Infinity, ulps: Infinity };
    for (let i = 0; i < a.data.length; i++) {
      const x = a.data[i] as number;
      const y = b.data[i] as number;
      if (Object.is(x, y) || (Number.isNaN(x) && Number.isNaN(y))) continue;
      elements++;
      ulps = Math.max(ulps, ulpDistance(realPart(a.dtype), x, y));
    }
  }
  return elements ? { elements, ulps } : null;
}

describe('the engine in headless Chromium', () => {
  it("runs every golden fixture's engine side in the page; golden check's rules pass them all", async () => {
    const executablePath = findChromium(); // here, not in beforeAll: no Chromium is this test failing
    let t0 = performance.now();
    browser = await chromium.launch({ executablePath, headless: true });
    timings.push(`Chromium ${browser.version()} launched in ${seconds(t0)}`);
    const page = await browser.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.addScriptTag({ content: bundle });
    const environment = await page.evaluate(() => (globalThis as unknown as { rnnGolden: Entry }).rnnGolden.environment());
    expect(environment).toMatch(/HeadlessChrome\/\d+/);
    expect(environment).toContain('process: undefined'); // a browser, not Node

    const names = Object.keys(readManifest(GOLDEN).fixtures).sort();
    const payload = names.map((n) => [n, readFileSync(join(GOLDEN, fixtureFile(n))).toString('base64')] as const);
    t0 = performance.now();
    const outcomes = await page.evaluate(
      (list) => Object.fromEntries(list.map(([n, b]) => [n, (globalThis as unknown as { rnnGolden: Entry }).rnnGolden.runFixture(b)])),
      payload,
    );
    timings.push(`${names.length} fixtures run in the page in ${seconds(t0)}`);
    expect(pageErrors).toEqual([]);

    const judged = new Map<string, EngineResult>();
    const result = checkGolden(GOLDEN, {
      run: (c, name) => {
        const r = fromBrowser(c, outcomes[name]);
        judged.set(name, r);
        return r;
      },
    });
    const apart: string[] = [];
    for (const name of names) {
      const o = outcomes[name];
      const r = judged.get(name);
      if (!o || o.kind === 'threw' || !r) continue;
      const d = differenceFromNode(decodeCaseFile(new Uint8Array(readFileSync(join(GOLDEN, fixtureFile(name))))).case, o, r);
      if (d) apart.push(`${name} (${d.elements} elements, ≤ ${d.ulps} ULP)`);
    }
    process.stdout.write(
      `browser golden check: ${timings.join('; ')}\n  ${result.passed} passed, ${result.failed} failed (golden check's rules); ` +
        `${names.length - apart.length} of ${names.length} byte-identical to the engine under Node${apart.length ? `; not: ${apart.join(', ')}` : ''}\n`,
    );
    const failures = result.verdicts.filter((v) => v.status === 'failed').map((v) => `${v.name}: ${v.message}`);
    expect(failures, failures.join('\n')).toEqual([]);
    expect(result.passed).toBe(names.length);
    expect(names.length).toBeGreaterThanOrEqual(200);
  }, 300_000);
});
