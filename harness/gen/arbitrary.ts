// fast-check arbitraries for conformance cases: every nn.RNN argument, all six dtypes, torch-like and
// scaled-up weights, edge-case inputs, and invalid configs/inputs. Field-wise shrinking gives minimal cases.
import fc from 'fast-check';
import type { DType } from '../../engine/dtype.js';
import { CONFIG_MUTATIONS, INPUT_MUTATIONS, type CaseSpec } from '../case/index.js';

/** The categorical factors covered pairwise at the start of every run. */
export interface Categorical {
  nonlinearity: 'tanh' | 'relu';
  bias: boolean;
  batch_first: boolean;
  bidirectional: boolean;
  severalLayers: boolean;
  dtype: DType;
  unbatched: boolean;
  hx: boolean;
}

export interface ArbitraryOptions {
  dtypes: readonly DType[];
  /** Fixes the categorical values (a covering-array row); the rest stays random. */
  overlay?: Categorical;
  /** Fraction of cases with an invalid config or input (0..1). */
  invalidRate?: number;
  /** Fixes these fields (a regime block entry); the rest stays random. */
  fixed?: Partial<CaseSpec>;
}

const weighted = <T>(...pairs: [number, fc.Arbitrary<T>][]): fc.Arbitrary<T> =>
  fc.oneof(...pairs.map(([weight, arbitrary]) => ({ weight, arbitrary })));

export function caseArbitrary(opts: ArbitraryOptions): fc.Arbitrary<CaseSpec> {
  const o = opts.overlay;
  const pick = <T>(fixed: T | undefined, arb: fc.Arbitrary<T>): fc.Arbitrary<T> => (fixed === undefined ? arb : fc.constant(fixed));
  const invalidPercent = Math.round((opts.invalidRate ?? 0.1) * 100);
  const mutation = <T extends string>(values: readonly T[]): fc.Arbitrary<T | null> =>
    weighted<T | null>([100 - invalidPercent / 2, fc.constant(null)], [invalidPercent / 2, fc.constantFrom(...values)]);
  const record = {
    input_size: fc.integer({ min: 1, max: 16 }),
    hidden_size: fc.integer({ min: 1, max: 16 }),
    num_layers: o ? (o.severalLayers ? fc.integer({ min: 2, max: 3 }) : fc.constant(1)) : weighted([2, fc.constant(1)], [1, fc.integer({ min: 2, max: 3 })]),
    nonlinearity: pick(o?.nonlinearity, fc.constantFrom('tanh' as const, 'relu' as const)),
    bias: pick(o?.bias, fc.boolean()),
    batch_first: pick(o?.batch_first, fc.boolean()),
    dropout: weighted([6, fc.constant(0)], [3, fc.double({ min: 0.05, max: 0.95, noNaN: true })], [1, fc.constant(1)]),
    bidirectional: pick(o?.bidirectional, fc.boolean()),
    dtype: pick(o?.dtype, fc.constantFrom(...opts.dtypes)),
    seed: weighted([6, fc.integer({ min: 0, max: 2 ** 32 - 1 })], [1, fc.integer({ min: -(2 ** 40), max: -1 })], [1, fc.integer({ min: 2 ** 32, max: 2 ** 50 })]),
    weights: weighted([1, fc.constant('seeded' as const)], [2, fc.constant('snapshot' as const)]),
    // Scaled-up weights saturate tanh and grow under relu: where rounding gets amplified.
    weightScale: weighted([6, fc.constant(1)], [1, fc.constantFrom(3, 10, 30)]),
    seqLen: weighted([10, fc.integer({ min: 1, max: 10 })], [1, fc.integer({ min: 11, max: 120 })]),
    batch: weighted([8, fc.integer({ min: 1, max: 4 })], [1, fc.constant(0)]),
    unbatched: pick(o?.unbatched, weighted([3, fc.constant(false)], [1, fc.constant(true)])),
    hx: pick(o?.hx, fc.boolean()),
    inputScale: weighted([6, fc.constant(1)], [1, fc.constantFrom(0.01, 10, 100)]),
    special: weighted([12, fc.constant('none' as const)], [1, fc.constantFrom('nan' as const, 'inf' as const, '-inf' as const)]),
    train: weighted([3, fc.constant(false)], [1, fc.constant(true)]),
    dataSeed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
    configMutation: mutation(CONFIG_MUTATIONS),
    inputMutation: mutation(INPUT_MUTATIONS),
  };
  if (!opts.fixed) return fc.record(record);
  const fixed = Object.fromEntries(Object.entries(opts.fixed).map(([k, v]) => [k, fc.constant(v)]));
  return fc.record({ ...record, ...fixed }) as fc.Arbitrary<CaseSpec>;
}
