// python/README.md speaks the protocol the code speaks: its "Fields" list names every member of every
// message, and the harness's schemas (zod, strict: an unknown member is refused) accept exactly those,
// both ways. Requests, which the harness writes rather than parses, are read from what the client
// sends (wireCase's members, client.ts's request headers).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { zeros } from '../engine/tensor.js';
import { BlobBuilder, TensorDescSchema } from '../harness/case/codec.js';
import { wireCase } from '../harness/case/wire.js';
import { LayersResultSchema } from '../harness/sidecar/layers.js';
import { repoRoot } from '../harness/sidecar/paths.js';
import { ErrorSchema, FatalSchema, HelloSchema, InitResultSchema, RunResultSchema } from '../harness/sidecar/protocol.js';

const ROOT = repoRoot();

/** The "## Fields" list of python/README.md: object name -> its members. */
function readmeFields(text: string): Map<string, string[]> {
  const start = text.indexOf('\n## Fields\n');
  if (start < 0) throw new Error('python/README.md has no "## Fields" section');
  const end = text.indexOf('\n## ', start + 1);
  const fields = new Map<string, string[]>();
  for (const line of text.slice(start, end < 0 ? undefined : end).split('\n')) {
    const m = /^- `([^`]+)`: (.*)$/.exec(line);
    if (!m) continue;
    if (fields.has(m[1] as string)) throw new Error(`python/README.md lists \`${m[1]}\` twice`);
    fields.set(m[1] as string, (m[2] as string).split(',').map((f) => f.trim()).filter(Boolean));
  }
  return fields;
}

/** The members of a zod object (through optional/nullable wrappers). */
function keys(schema: z.ZodType): string[] {
  let s = schema as z.ZodType & { unwrap?: () => z.ZodType; shape?: Record<string, z.ZodType> };
  while (!s.shape && s.unwrap) s = s.unwrap() as typeof s;
  if (!s.shape) throw new Error('not an object schema');
  return Object.keys(s.shape);
}
const member = (schema: z.ZodType, name: string): z.ZodType => {
  let s = schema as z.ZodType & { unwrap?: () => z.ZodType; shape?: Record<string, z.ZodType> };
  while (!s.shape && s.unwrap) s = s.unwrap() as typeof s;
  const m = s.shape?.[name];
  if (!m) throw new Error(`no member ${name}`);
  return m;
};
/** The options of a discriminated union, by their discriminator value. */
function byKind(union: z.ZodType, tag: string): Record<string, z.ZodType> {
  const options = (union as unknown as { options: z.ZodType[] }).options;
  return Object.fromEntries(options.map((o) => [String((member(o, tag) as unknown as { value: unknown }).value), o]));
}

/** What the code speaks, object by object, named as python/README.md names them. */
function codeFields(): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const put = (name: string, schema: z.ZodType) => out.set(name, keys(schema));
  put('hello', HelloSchema);
  put('hello.dropout_probe', member(HelloSchema, 'dropout_probe'));
  put('fatal', FatalSchema);
  put('error', ErrorSchema);
  put('run-result', RunResultSchema);
  const run = byKind((member(RunResultSchema, 'results') as unknown as { element: z.ZodType }).element, 'kind');
  for (const [kind, s] of Object.entries(run)) put(`result ${kind}`, s);
  put('result ok.oracle', member(run.ok as z.ZodType, 'oracle'));
  put('init-result', InitResultSchema);
  for (const [kind, s] of Object.entries(byKind(member(InitResultSchema, 'result'), 'kind'))) put(`init-result ${kind}`, s);
  put('layers-result', LayersResultSchema);
  const layers = byKind(member(LayersResultSchema, 'result'), 'kind');
  for (const [kind, s] of Object.entries(layers)) put(`layers-result ${kind}`, s);
  put('layers-result ok.chain', member(layers.ok as z.ZodType, 'chain'));
  const layersOracle = member(layers.ok as z.ZodType, 'oracle');
  put('layers-result ok.oracle', layersOracle);
  put('layer sequence', (member(layersOracle, 'layers') as unknown as { element: z.ZodType }).element);
  put('tensor', TensorDescSchema);
  // requests: the members the client writes (its request() adds `id`)
  const t = zeros('float32', [1, 1, 1]);
  const full = { id: 'c', config: {}, stateDict: { w: t }, input: t, hx: t, train: true, seed: 1, oracle: true, lengths: [1], enforceSorted: false, gradOutput: t, gradHN: t };
  out.set('run.case', Object.keys(wireCase(full, new BlobBuilder())));
  const client = readFileSync(join(ROOT, 'harness', 'sidecar', 'client.ts'), 'utf8');
  for (const m of client.matchAll(/this\.request\(\{ type: '([\w-]+)',? ?([^}]*)\}/g)) {
    const members = [...(m[2] as string).trim().matchAll(/(?:^|,)\s*(\w+)\s*(?=:|,|$)/g)].map((k) => k[1] as string);
    out.set(m[1] as string, ['type', 'id', ...members]);
  }
  return out;
}

describe('python/README.md field list = the protocol the code speaks', () => {
  const readme = readmeFields(readFileSync(join(ROOT, 'python', 'README.md'), 'utf8'));
  const code = codeFields();

  it('reads the requests the client sends (run, init, layers) and the replies', () => {
    for (const name of ['run', 'init', 'layers', 'hello', 'run-result', 'result ok']) expect(code.has(name), name).toBe(true);
  });

  it('every object the code speaks is listed with exactly its members', () => {
    const wrong = [...code].flatMap(([name, members]) => {
      const listed = readme.get(name);
      if (!listed) return [`\`${name}\` is not listed (members: ${members.join(', ')})`];
      const missing = members.filter((m) => !listed.includes(m));
      const extra = listed.filter((m) => !members.includes(m));
      return missing.length || extra.length ? [`\`${name}\`: not listed: [${missing.join(', ')}]; listed but not spoken: [${extra.join(', ')}]`] : [];
    });
    expect(wrong, wrong.join('\n')).toEqual([]);
  });

  it('every listed object is one the code speaks', () => {
    expect([...readme.keys()].filter((name) => !code.has(name))).toEqual([]);
  });

  it('the parser reads the list format, and a drift is named', () => {
    const sample = '# x\n\n## Fields\n\n- `hello`: type, protocol\n- `tensor`: dtype\nnot a field line\n\n## Next\n- `ignored`: a\n';
    expect([...readmeFields(sample)]).toEqual([['hello', ['type', 'protocol']], ['tensor', ['dtype']]]);
  });
});
