// Every default run reaches every regime: the regime block is built so, and this proves it on the
// engine alone (no torch) for several seeds, as `check --require-coverage` demands of a live run.
import { describe, expect, it } from 'vitest';
import { DTYPES, type DType } from '../../engine/dtype.js';
import { runEngine } from '../engines/engine-side.js';
import { CATALOG } from '../golden/catalog.js';
import { buildCase } from '../check/run-check.js';
import { reachableRegimes, regimeBlock } from './regime-block.js';
import { REGIMES, regimesOf } from './regimes.js';

function reachedIn(seed: number, cases: number, dtypes: readonly DType[] = DTYPES): Set<string> {
  const seen = new Set<string>();
  for (let i = 0; i < cases; i++) {
    const c = buildCase({ seed, dtypes }, i);
    for (const r of regimesOf(c, runEngine(c))) seen.add(r);
  }
  return seen;
}

describe('numeric regimes', () => {
  it('the block targets every regime, and only regimes that exist', () => {
    const names = REGIMES.map((r) => r.name);
    expect(new Set(names).size).toBe(names.length);
    expect(reachableRegimes(DTYPES).sort()).toEqual([...names].sort());
  });

  for (const seed of [1, 2, 3, 20261206, -5]) {
    it(`the default run of seed ${seed} (500 cases) reaches every regime`, () => {
      const seen = reachedIn(seed, 500);
      expect(REGIMES.map((r) => r.name).filter((n) => !seen.has(n))).toEqual([]);
    });
  }

  it("golden/'s regime fixtures reach every regime (golden check alone, without Python, covers them)", () => {
    const seen = new Set<string>();
    for (const e of CATALOG.filter((g) => g.name.startsWith('regime-'))) {
      const c = e.build();
      for (const r of regimesOf(c, runEngine(c))) seen.add(r);
    }
    expect(REGIMES.map((r) => r.name).filter((n) => !seen.has(n))).toEqual([]);
  });

  it('with fewer dtypes, every regime they allow', () => {
    const dtypes: DType[] = ['float32', 'complex64'];
    const seen = reachedIn(11, 500, dtypes);
    const want = reachableRegimes(dtypes);
    expect(want.length).toBeGreaterThan(40);
    expect(want.filter((n) => !seen.has(n))).toEqual([]);
    expect(regimeBlock(dtypes).every((e) => e.fixed.dtype === undefined || dtypes.includes(e.fixed.dtype))).toBe(true);
  });
});
