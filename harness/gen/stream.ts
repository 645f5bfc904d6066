// The case stream of a run: case i depends only on (run seed, i, options), so any case is replayed on
// its own (`check --seed S --case i`), shards partition the stream, and the first rows cover every pair
// of categorical values.
import fc from 'fast-check';
import { DTYPES, type DType } from '../../engine/dtype.js';
import { caseArbitrary, type Categorical } from './arbitrary.js';
import type { CaseSpec } from '../case/index.js';
import { pairwiseRows } from './covering.js';
import { regimeBlock, type BlockEntry } from './regime-block.js';
import { kindArbitrary, withKind } from './kinds.js';

export interface StreamOptions {
  seed: number;
  dtypes?: readonly DType[];
  invalidRate?: number;
  /** false: no regime block (the stream as it was before it; the golden fuzz sample keeps its cases). */
  regimes?: boolean;
  /** false: plain forward cases only, no packed or gradient ones (the golden fuzz sample, frozen
   * before the other kinds existed). Default true. */
  kinds?: boolean;
}

/** `build`, computed once per dtype list. */
function oncePerDtypes<T>(build: (dtypes: readonly DType[]) => T): (dtypes: readonly DType[]) => T {
  const cache = new Map<string, T>();
  return (dtypes) => {
    const key = dtypes.join(',');
    let value = cache.get(key);
    if (value === undefined) cache.set(key, (value = build(dtypes)));
    return value;
  };
}

/** The covering rows for these dtypes (computed once per dtype list). */
export const coveringRows: (dtypes: readonly DType[]) => Categorical[] = oncePerDtypes(buildRows);

function buildRows(dtypes: readonly DType[]): Categorical[] {
  return pairwiseRows({
    dtype: dtypes,
    nonlinearity: ['tanh', 'relu'] as const,
    bias: [true, false],
    batch_first: [true, false],
    bidirectional: [true, false],
    severalLayers: [true, false],
    unbatched: [true, false],
    hx: [true, false],
  });
}

/** The seed fast-check uses for case i of a run (a 32-bit mix of the run seed and the index). */
export function caseSeed(runSeed: number, index: number): number {
  let h = Math.imul((runSeed | 0) ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(index + 1, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  return h | 0;
}

const arbitraryCache = new Map<string, fc.Arbitrary<CaseSpec>>();

/** The regime block for these dtypes (regime-block.ts), computed once per dtype list. */
export const regimeBlockFor: (dtypes: readonly DType[]) => BlockEntry[] = oncePerDtypes(regimeBlock);

/** Where case `index` comes from: a covering row, a regime block entry, or the random tail. */
export function caseOrigin(dtypes: readonly DType[], index: number, regimes = true): { kind: 'covering' | 'regime' | 'random'; at: number } {
  const rows = coveringRows(dtypes).length;
  if (index < rows) return { kind: 'covering', at: index };
  const block = regimes ? regimeBlockFor(dtypes).length : 0;
  return index < rows + block ? { kind: 'regime', at: index - rows } : { kind: 'random', at: index };
}

/** The arbitrary of case `index`: its covering row's, its regime entry's, or the random one (built once, then reused). */
export function caseArbitraryAt(opts: StreamOptions, index: number): fc.Arbitrary<CaseSpec> {
  const dtypes = opts.dtypes ?? DTYPES;
  const origin = caseOrigin(dtypes, index, opts.regimes !== false);
  const kinds = origin.kind === 'random' && opts.kinds !== false;
  const key = `${dtypes.join(',')}|${origin.kind === 'random' ? 'random' : `${origin.kind}${origin.at}`}|${opts.invalidRate ?? ''}|${kinds}`;
  let arb = arbitraryCache.get(key);
  if (!arb) {
    if (origin.kind === 'covering') arb = caseArbitrary({ dtypes, overlay: coveringRows(dtypes)[origin.at], invalidRate: 0 });
    else if (origin.kind === 'regime') arb = caseArbitrary({ dtypes, invalidRate: 0, fixed: regimeBlockFor(dtypes)[origin.at]?.fixed });
    else arb = caseArbitrary({ dtypes, invalidRate: opts.invalidRate });
    // the random tail mixes in the other kinds of case (packed, gradient)
    if (kinds) arb = fc.tuple(arb, kindArbitrary).map(([spec, extra]) => withKind(spec, extra));
    arbitraryCache.set(key, arb);
  }
  return arb;
}

export function caseAt(opts: StreamOptions, index: number): CaseSpec {
  const [spec] = fc.sample(caseArbitraryAt(opts, index), { seed: caseSeed(opts.seed, index), numRuns: 1 });
  if (!spec) throw new Error('fast-check produced no sample');
  return spec;
}
