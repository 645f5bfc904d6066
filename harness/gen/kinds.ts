// Case kinds beside the plain forward (their spec members are ../case/kinds.ts): how a kind is drawn,
// what it changes in the description, and which tensors it adds.
import fc from 'fast-check';
import type { DType } from '../../engine/dtype.js';
import { LENGTH_FAULTS, LENGTH_PATTERNS, type GradientSpec, type PackedSpec } from '../case/kinds.js';

/** The members of a case description a kind reads and rewrites. */
interface KindFields {
  seqLen: number;
  batch: number;
  unbatched: boolean;
  dtype: DType;
  configMutation: unknown;
  inputMutation: unknown;
  weightScale: number;
  packed?: PackedSpec | undefined;
  gradient?: GradientSpec | undefined;
}

type Extra = { packed: PackedSpec } | { gradient: GradientSpec } | null;

/** A share of the random tail: 15% packed, 15% gradient, the rest forward. */
export const kindArbitrary: fc.Arbitrary<Extra> = fc.oneof(
  { weight: 14, arbitrary: fc.constant(null) },
  {
    weight: 3,
    arbitrary: fc.record({
      packed: fc.record({
        lengths: fc.constantFrom(...LENGTH_PATTERNS),
        enforceSorted: fc.boolean(),
        fault: fc.oneof({ weight: 6, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.constantFrom(...LENGTH_FAULTS) }),
      }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      gradient: fc.record({ gradHN: fc.boolean(), fault: fc.oneof({ weight: 15, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.constant('grad-shape' as const) }) }),
    }),
  },
);

/** The description with its kind: packed cases are batched (N >= 1) with a valid input; gradient
 * cases have a valid config and input (their refusals are the backward's). A third of the packed
 * cases also run the backward (a packed gradient case: pack -> nn.RNN -> pad -> autograd.backward),
 * chosen by the case's data seed so that every other case of the stream stays as it was. */
export function withKind<S extends KindFields & { dataSeed: number }>(spec: S, extra: Extra): S {
  if (!extra) return spec;
  if ('packed' in extra) {
    const packed = { ...spec, packed: extra.packed, unbatched: false, batch: Math.max(1, spec.batch), inputMutation: null, configMutation: null };
    return spec.dataSeed % 3 === 0 ? withKind(packed, { gradient: { gradHN: (spec.dataSeed >>> 2) % 2 === 0, fault: null } }) : packed;
  }
  // float64/complex128 gradients are judged, where rounding is amplified, by the 40-digit BPTT
  // (python/oracle_mp.py): every length and weight scale, as for the other dtypes
  return { ...spec, gradient: extra.gradient, configMutation: null, inputMutation: null };
}

/** A packed case's lengths (one per batch entry, in the caller's order) and enforce_sorted. */
export function lengthsFor(spec: Pick<KindFields, 'seqLen' | 'batch'>, p: PackedSpec, rand: () => number): { lengths: number[]; enforceSorted: boolean } {
  const T = spec.seqLen;
  const N = spec.batch;
  const pick = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  let lengths: number[];
  if (p.lengths === 'equal') lengths = Array.from({ length: N }, () => T);
  else if (p.lengths === 'one-beside-long') lengths = Array.from({ length: N }, (_, i) => (i === 0 ? 1 : pick(Math.max(1, T - 2), T)));
  else lengths = Array.from({ length: N }, () => pick(1, T));
  if (p.lengths !== 'equal') lengths[pick(0, N - 1)] = T; // the longest is the padded length, mostly
  const shuffle = p.lengths === 'unsorted' || p.lengths === 'one-beside-long' || p.fault === 'unsorted-enforced';
  if (shuffle) {
    for (let i = N - 1; i > 0; i--) {
      const j = pick(0, i);
      [lengths[i], lengths[j]] = [lengths[j] as number, lengths[i] as number];
    }
  } else lengths.sort((a, b) => b - a);
  const sorted = lengths.every((v, i) => i === 0 || v <= (lengths[i - 1] as number));
  let enforceSorted = sorted ? p.enforceSorted : false;
  switch (p.fault) {
    case 'unsorted-enforced':
      if (sorted && N > 1) lengths.reverse();
      if (lengths.every((v, i) => i === 0 || v <= (lengths[i - 1] as number))) lengths[pick(0, N - 1)] = 0; // cannot unsort: refuse otherwise
      enforceSorted = true;
      break;
    case 'zero':
    case 'negative':
      lengths[pick(0, N - 1)] = p.fault === 'zero' ? 0 : -pick(1, 3);
      break;
    case 'count-short':
      lengths.pop();
      break;
    case 'count-long':
      lengths.push(pick(1, T));
      break;
    case 'too-long':
      lengths[lengths.indexOf(Math.max(...lengths))] = T + pick(1, 3);
      break;
    default:
      break;
  }
  return { lengths, enforceSorted };
}

/** A gradient case's upstream gradient shapes: grad_output the output's (one feature more for the
 * `grad-shape` fault) and, when asked, grad_h_n h_n's. */
export function upstreamShapes(
  spec: Pick<KindFields, 'seqLen' | 'batch' | 'unbatched'> & { hidden_size: number; num_layers: number; bidirectional: boolean; batch_first: boolean },
  g: GradientSpec,
): { output: number[]; hN: number[] | null } {
  const D = spec.bidirectional ? 2 : 1;
  const F = D * spec.hidden_size + (g.fault === 'grad-shape' ? 1 : 0);
  const [T, N] = [spec.seqLen, spec.batch];
  const output = spec.unbatched ? [T, F] : spec.batch_first ? [N, T, F] : [T, N, F];
  const hN = spec.unbatched ? [spec.num_layers * D, spec.hidden_size] : [spec.num_layers * D, N, spec.hidden_size];
  return { output, hN: g.gradHN ? hN : null };
}
