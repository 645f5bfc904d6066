// Imports only point down (docs/layers.md is the order): every import of every file under engine/ and
// harness/ is parsed; an upward or sideways import, an import cycle, or a directory the order does not
// name fails, naming the file and the import. (In the spirit of zod's no-circular-imports test.)
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../harness/sidecar/paths.js';

const ROOT = repoRoot();

/** The layers, lowest first, as docs/layers.md lists them: each a list of directories (`engine/`). */
export function parseLayers(markdown: string): string[][] {
  return markdown
    .split('\n')
    .filter((l) => /^\d+\. `/.test(l))
    .map((l) => [...(l.split(' — ')[0] ?? '').matchAll(/`([^`]+\/)`/g)].map((m) => m[1] as string));
}

/** Every import specifier of a TypeScript source: static, re-exports, side-effect and dynamic imports. */
export function importsOf(source: string): string[] {
  const found: string[] = [];
  for (const re of [/^\s*(?:import|export)\b[^;'"]*?\bfrom\s*['"]([^'"]+)['"]/gm, /^\s*import\s*['"]([^'"]+)['"]/gm, /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g]) {
    for (const m of source.matchAll(re)) found.push(m[1] as string);
  }
  return found;
}

/** The repository-relative file a relative specifier names (`./x.js` is the source `./x.ts`). */
function resolveImport(from: string, spec: string, exists: (f: string) => boolean): string {
  const target = relative(ROOT, resolve(ROOT, dirname(from), spec));
  const ts = target.replace(/\.js$/, '.ts');
  return exists(ts) ? ts : target;
}

/** Offences, one line each (`file: imports 'spec' (why)`), over files given as path → source. */
export function layerOffences(files: Map<string, string>, layers: string[][]): string[] {
  const dirs = layers.flatMap((l, rank) => l.map((d) => ({ dir: d, rank })));
  // The longest listed directory holding the file (harness/engines/onnxruntime/x.ts is in harness/engines/).
  const home = (f: string) => dirs.filter((d) => f.startsWith(d.dir)).sort((a, b) => b.dir.length - a.dir.length)[0];
  const offences: string[] = [];
  const edges = new Map<string, string[]>();
  for (const [file, source] of files) {
    const own = home(file);
    if (!own) {
      offences.push(`${file}: its directory is not in docs/layers.md`);
      continue;
    }
    const spec = file.endsWith('.spec.ts');
    for (const s of importsOf(source)) {
      if (!s.startsWith('.')) {
        // A package or node: module. The engine imports none (it runs in a browser).
        if (own.rank === 0 && !spec) offences.push(`${file}: imports '${s}' (engine/ imports nothing outside engine/)`);
        continue;
      }
      const target = resolveImport(file, s, (f) => files.has(f));
      edges.set(file, [...(edges.get(file) ?? []), target]);
      if (spec || target.startsWith(own.dir)) continue;
      const theirs = home(target);
      if (!theirs) offences.push(`${file}: imports '${s}' (${target}, outside the layered directories)`);
      else if (theirs.rank >= own.rank) offences.push(`${file}: imports '${s}' (${theirs.dir} is ${theirs.rank === own.rank ? 'in the same layer as' : 'above'} ${own.dir})`);
    }
  }
  // Cycles: strongly connected components of the file graph (Tarjan), each named by one loop through it.
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const visit = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) as number, index.get(w) as number));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop() as string;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) offences.push(`import cycle: ${loopThrough(component.sort(), edges).join(' -> ')}`);
    }
  };
  for (const f of [...files.keys()].sort()) if (!index.has(f)) visit(f);
  return offences;
}

/** One loop inside a strongly connected component, from its first file back to it. */
function loopThrough(component: string[], edges: Map<string, string[]>): string[] {
  const inside = new Set(component);
  const start = component[0] as string;
  const prev = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const v = queue.shift() as string;
    for (const w of edges.get(v) ?? []) {
      if (!inside.has(w)) continue;
      if (w === start) {
        const path = [start];
        for (let u = v; u !== start; u = prev.get(u) as string) path.splice(1, 0, u);
        return [...path, start];
      }
      if (!prev.has(w)) {
        prev.set(w, v);
        queue.push(w);
      }
    }
  }
  return component;
}

function sources(dir: string, into = new Map<string, string>()): Map<string, string> {
  for (const e of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
    const p = `${dir}/${e.name}`;
    if (e.isDirectory()) sources(p, into);
    else if (/\.ts$/.test(e.name) && !e.name.endsWith('.d.ts')) into.set(p, readFileSync(join(ROOT, p), 'utf8'));
  }
  return into;
}

describe('layers', () => {
  const layers = parseLayers(readFileSync(join(ROOT, 'docs', 'layers.md'), 'utf8'));

  it('docs/layers.md lists the layers, engine/ lowest and every listed directory present', () => {
    expect(layers[0]).toEqual(['engine/']);
    expect(layers.at(-1)).toEqual(['harness/cli/']);
    for (const d of layers.flat()) expect(existsSync(join(ROOT, d)), d).toBe(true);
  });

  it('every import in engine/ and harness/ points down, and no files import each other in a cycle', () => {
    const files = sources('harness', sources('engine'));
    expect(files.size).toBeGreaterThan(200);
    const found = layerOffences(files, layers);
    expect(found, found.join('\n')).toEqual([]);
  });

  it('the rules catch what they are for, naming the file and the import', () => {
    const sample = new Map<string, string>([
      ['engine/a.ts', "import { b } from './b.js';\nimport { readFileSync } from 'node:fs';"],
      ['engine/b.ts', "export { a } from './a.js';"],
      ['engine/c.ts', "import type { X } from '../harness/lo/x.js';"],
      ['engine/c.spec.ts', "import { x } from '../harness/hi/x.js';"],
      ['harness/lo/x.ts', "import {\n  y,\n} from '../hi/y.js';\nconst m = await import('../../engine/a.js');"],
      ['harness/lo/z.ts', "import '../peer/p.js';"],
      ['harness/peer/p.ts', ''],
      ['harness/hi/y.ts', "import { x } from '../lo/x.js';"],
      ['harness/new/n.ts', ''],
    ]);
    const found = layerOffences(sample, [['engine/'], ['harness/lo/', 'harness/peer/'], ['harness/hi/']]);
    expect(found.sort()).toEqual(
      [
        "engine/a.ts: imports 'node:fs' (engine/ imports nothing outside engine/)",
        "engine/c.ts: imports '../harness/lo/x.js' (harness/lo/ is above engine/)",
        "harness/lo/x.ts: imports '../hi/y.js' (harness/hi/ is above harness/lo/)",
        "harness/lo/z.ts: imports '../peer/p.js' (harness/peer/ is in the same layer as harness/lo/)",
        'harness/new/n.ts: its directory is not in docs/layers.md',
        'import cycle: engine/a.ts -> engine/b.ts -> engine/a.ts',
        'import cycle: harness/hi/y.ts -> harness/lo/x.ts -> harness/hi/y.ts',
      ].sort(),
    );
  });
});
