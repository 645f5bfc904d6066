// pyJson's fast path (JSON.stringify) must print exactly what the recursive slow path prints.
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { pyJson } from './protocol.js';

const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
console.log(`pyjson.spec: fast-check seed ${seed} (rerun with FC_SEED=${seed})`);

/** The slow path alone, as pyJson was before its fast path. */
function reference(v: unknown): string {
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return `{"$float":"${Number.isNaN(v) ? 'nan' : v > 0 ? 'inf' : '-inf'}"}`;
    return Number.isInteger(v) ? BigInt(v).toString() : JSON.stringify(v);
  }
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map((x) => (x === undefined ? 'null' : reference(x))).join(',')}]`;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o).filter((k) => o[k] !== undefined).map((k) => `${JSON.stringify(k)}:${reference(o[k])}`).join(',')}}`;
  }
  throw new TypeError(`cannot send a ${typeof v} to Python`);
}

test('pyJson prints what the slow path prints, for any JSON-like value', () => {
  const num = fc.oneof(fc.double(), fc.integer(), fc.constantFrom(2 ** 53, 2 ** 53 + 2, -(2 ** 60), 1e21, 1.5e300, -0, 0.1));
  const leaf = fc.oneof(num, fc.bigInt(), fc.string(), fc.boolean(), fc.constant(null), fc.constant(undefined));
  const value = fc.letrec((tie) => ({
    v: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('v'), { maxLength: 4 }), fc.dictionary(fc.string(), tie('v'), { maxKeys: 4 })),
  })).v;
  fc.assert(
    fc.property(fc.dictionary(fc.string(), value), (v) => {
      expect(pyJson(v)).toBe(reference(v));
    }),
    { seed, numRuns: 2000 },
  );
});

test('values JSON.stringify would change go the slow way', () => {
  expect(pyJson({ a: new Date(0) })).toBe('{"a":{}}');
  expect(() => pyJson({ a: { toJSON: () => 1 } })).toThrow(TypeError);
  expect(pyJson({ n: Object(1) as number })).toBe(reference({ n: Object(1) as number }));
  expect(() => pyJson({ f: () => 1 })).toThrow(TypeError);
  expect(() => pyJson(undefined)).toThrow(TypeError);
  expect(pyJson([1, undefined])).toBe('[1,null]');
});
