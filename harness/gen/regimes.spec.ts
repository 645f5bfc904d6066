// Every default run reaches every regime, and every regime where a backward applies by a gradient
// case too: the regime block is built so, and this proves it on the engine alone (no torch) for
// several seeds, as `check --require-coverage` demands of a live run.
import { describe, expect, it } from 'vitest';
import { DTYPES, type DType } from '../../engine/dtype.js';
import { runEngine } from '../engines/engine-side.js';
import { CATALOG } from '../golden/catalog.js';
import { buildCase } from '../check/run-check.js';
import { kindOfCase } from '../case/index.js';
import { gradientApplies, gradientRegimes, reachableRegimes, regimeBlock } from './regime-block.js';
import { REGIMES, regimesOf } from './regimes.js';

/** The regimes the run's first `cases` cases reach on the engine: by any case, and by gradient cases. */
function reachedIn(seed: number, cases: number, dtypes: readonly DType[] = DTYPES): { seen: Set<string>; byGradient: Set<string> } {
  const seen = new Set<string>();
  const byGradient = new Set<string>();
  for (let i = 0; i < cases; i++) {
    const c = buildCase({ seed, dtypes }, i);
    for (const r of regimesOf(c, runEngine(c))) {
      seen.add(r);
      if (kindOfCase(c) === 'gradient') byGradient.add(r);
    }
  }
  return { seen, byGradient };
}
const isDoubleFault = (name: string): boolean => name.startsWith('double fault: ');

describe('numeric regimes', () => {
  it('the block targets every regime, and only regimes that exist', () => {
    const names = REGIMES.map((r) => r.name);
    expect(new Set(names).size).toBe(names.length);
    expect(reachableRegimes(DTYPES).sort()).toEqual([...names].sort());
  });

  it('gradient cases are built to reach every regime but the double faults (refused before any backward)', () => {
    const names = REGIMES.map((r) => r.name);
    expect(gradientRegimes(DTYPES).sort()).toEqual(names.filter((n) => !isDoubleFault(n)).sort());
    const block = regimeBlock(DTYPES);
    const forward = block.filter((e) => !e.fixed.gradient);
    const same = (a: { targets: string[] }, b: { targets: string[] }): boolean => a.targets.join('|') === b.targets.join('|');
    // every forward entry a backward applies to has its gradient twin later in the block, built the same way
    block.forEach((e, i) => {
      if (e.fixed.gradient || !gradientApplies(e.fixed)) return;
      expect(block.slice(i + 1).some((g) => g.fixed.gradient && same(g, e) && g.fixed.steer === e.fixed.steer && g.fixed.dtype === e.fixed.dtype), e.targets[0]).toBe(true);
    });
    // the gradient entries with no forward twin are built for the backward's own products: no forward entry targets their regimes
    const own = block.filter((g) => g.fixed.gradient && !forward.some((e) => same(e, g)));
    expect(own.length).toBeGreaterThan(0);
    expect(own.flatMap((g) => g.targets).filter((t) => forward.some((e) => e.targets.includes(t)))).toEqual([]);
    expect(block.length - forward.length - own.length).toBe(forward.filter((e) => gradientApplies(e.fixed)).length);
    expect(forward.filter((e) => !gradientApplies(e.fixed)).every((e) => e.targets.every(isDoubleFault))).toBe(true);
    // entries are only ever appended (each case keeps its block index, and golden's regime fixtures their
    // names and data): the 76 forward entries first, then their 51 gradient twins, then the rest
    expect(block.slice(0, 76).every((e) => !e.fixed.gradient)).toBe(true);
    expect(block.slice(76, 127).every((e) => e.fixed.gradient)).toBe(true);
    expect(block.slice(76, 127).map((e) => e.targets)).toEqual(block.slice(0, 76).filter((e) => gradientApplies(e.fixed)).map((e) => e.targets));
  });

  for (const seed of [1, 2, 3, 20261206, -5]) {
    it(`the default run of seed ${seed} (500 cases) reaches every regime, and every one but the double faults by a gradient case`, () => {
      const { seen, byGradient } = reachedIn(seed, 500);
      expect(REGIMES.map((r) => r.name).filter((n) => !seen.has(n))).toEqual([]);
      expect(REGIMES.map((r) => r.name).filter((n) => !isDoubleFault(n) && !byGradient.has(n))).toEqual([]);
    });
  }

  it("golden/'s regime fixtures reach every regime, the regime-grad-* ones by gradient cases (golden check alone, without Python, covers them)", () => {
    const seen = new Set<string>();
    const byGradient = new Set<string>();
    for (const e of CATALOG.filter((g) => g.name.startsWith('regime-'))) {
      const c = e.build();
      for (const r of regimesOf(c, runEngine(c))) {
        seen.add(r);
        if (kindOfCase(c) === 'gradient') byGradient.add(r);
      }
    }
    expect(REGIMES.map((r) => r.name).filter((n) => !seen.has(n))).toEqual([]);
    // and the regime-grad-* fixtures every regime but the double faults
    expect(REGIMES.map((r) => r.name).filter((n) => !isDoubleFault(n) && !byGradient.has(n))).toEqual([]);
  });

  it('with fewer dtypes, every regime they allow', () => {
    const dtypes: DType[] = ['float32', 'complex64'];
    const { seen, byGradient } = reachedIn(11, 500, dtypes);
    const want = reachableRegimes(dtypes);
    expect(want.length).toBeGreaterThan(40);
    expect(want.filter((n) => !seen.has(n))).toEqual([]);
    expect(gradientRegimes(dtypes)).toEqual(want.filter((n) => !isDoubleFault(n)));
    expect(gradientRegimes(dtypes).filter((n) => !byGradient.has(n))).toEqual([]);
    expect(regimeBlock(dtypes).every((e) => e.fixed.dtype === undefined || dtypes.includes(e.fixed.dtype))).toBe(true);
  });
});
