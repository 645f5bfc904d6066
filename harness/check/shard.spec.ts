import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { inShard, parseShard, shardIndices } from './shard.js';

describe('shard', () => {
  it('parses i/n and refuses anything else with a usage error naming the value', () => {
    expect(parseShard('2/4', 'u')).toEqual({ index: 2, count: 4 });
    expect(parseShard('1/1', 'u')).toEqual({ index: 1, count: 1 });
    for (const bad of ['0/2', '3/2', '1/0', '2', 'a/b', '-1/2', '1/2/3', '1.5/2', '']) {
      expect(() => parseShard(bad, 'u'), bad).toThrow(expect.objectContaining({ name: 'UsageError', message: expect.stringContaining(`got '${bad}'`) }));
    }
  });

  it('shards are disjoint and their union is the whole run (property; seed printed by fast-check on failure)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 1, max: 12 }), (cases, n) => {
        const all = Array.from({ length: n }, (_, k) => shardIndices(cases, { index: k + 1, count: n })).flat();
        expect(all.length).toBe(cases);
        expect([...all].sort((a, b) => a - b)).toEqual(shardIndices(cases, undefined));
        for (let k = 1; k <= n; k++) for (const i of shardIndices(cases, { index: k, count: n })) expect(inShard(i, { index: k, count: n })).toBe(true);
      }),
    );
  });
});
