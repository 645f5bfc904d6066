// The `layers` request (python/layers.py): torch's hidden sequence for every layer and direction of
// one case, from single-layer single-direction nn.RNN modules sliced from the same state dict, with a
// check that chaining them reproduces the full module, and the same chain in float64 or mpmath.
import { z } from 'zod';
import type { Tensor } from '../../engine/tensor.js';
import type { Refusal } from '../case/case.js';
import { tensorFromBlob, TensorDescSchema, type TensorDesc } from '../case/codec.js';
import { OkSchema, RefusedSchema, UnavailableSchema } from '../case/wire.js';

const SeqSchema = z.strictObject({ layer: z.number().int().nonnegative(), direction: z.enum(['forward', 'reverse']), hidden: TensorDescSchema });
const id = z.string().nullable();

// The `run` reply's members (../case/wire.ts), plus the per-layer sequences; `oracle` here is those
// sequences' oracle, not the whole module's.
const LayersOk = OkSchema.extend({
  id,
  layers: z.array(SeqSchema).optional(),
  chain: z.strictObject({ exact: z.boolean(), output_max_diff: z.number().nullable(), h_n_max_diff: z.number().nullable() }).optional(),
  oracle: z.strictObject({ kind: z.string(), layers: z.array(SeqSchema) }).optional(),
  layers_unavailable: z.string().optional(),
});
const LayersRefused = RefusedSchema.extend({ id });
const LayersUnavailable = UnavailableSchema.extend({ id });

export const LayersResultSchema = z.strictObject({
  type: z.literal('layers-result'),
  id: z.number().int(),
  result: z.discriminatedUnion('kind', [LayersOk, LayersRefused, LayersUnavailable]),
});

/** One layer's and direction's hidden states, (T, N, H) whatever the case's layout (unbatched: N = 1). */
export interface LayerSequence {
  layer: number;
  direction: 'forward' | 'reverse';
  hidden: Tensor;
}

export type LayersResult =
  | {
      kind: 'ok';
      output: Tensor;
      hN: Tensor;
      stateDict?: Record<string, Tensor>;
      warnings: string[];
      /** Layer-major: [l0 forward, l0 reverse, l1 forward, ...]; absent when layersUnavailable says why. */
      layers?: LayerSequence[];
      /** Whether chaining the single-layer modules reproduced the full module bit for bit. */
      chain?: { exact: boolean; outputMaxDiff: number | null; hNMaxDiff: number | null };
      /** The same sequences from the oracle: 'float64'/'complex128' chain, or 'mpmath' (40 digits). */
      oracle?: { kind: string; layers: LayerSequence[] };
      oracleUnavailable?: string;
      layersUnavailable?: string;
    }
  | Refusal
  | { kind: 'unavailable'; reason: string };

export function toLayersResult(r: z.infer<typeof LayersResultSchema>['result'], blob: Uint8Array): LayersResult {
  const t = (d: TensorDesc): Tensor => tensorFromBlob(d, blob);
  const seqs = (xs: z.infer<typeof SeqSchema>[]): LayerSequence[] => xs.map((s) => ({ layer: s.layer, direction: s.direction, hidden: t(s.hidden) }));
  if (r.kind === 'unavailable') return { kind: 'unavailable', reason: r.reason };
  if (r.kind === 'refused') return { kind: 'refused', stage: r.stage, type: r.type, message: r.message, warnings: r.warnings };
  return {
    kind: 'ok',
    output: t(r.output),
    hN: t(r.h_n),
    ...(r.state_dict ? { stateDict: Object.fromEntries(Object.entries(r.state_dict).map(([k, v]) => [k, t(v)])) } : {}),
    warnings: r.warnings,
    ...(r.layers ? { layers: seqs(r.layers) } : {}),
    ...(r.chain ? { chain: { exact: r.chain.exact, outputMaxDiff: r.chain.output_max_diff, hNMaxDiff: r.chain.h_n_max_diff } } : {}),
    ...(r.oracle ? { oracle: { kind: r.oracle.kind, layers: seqs(r.oracle.layers) } } : {}),
    ...(r.oracle_unavailable !== undefined ? { oracleUnavailable: r.oracle_unavailable } : {}),
    ...(r.layers_unavailable !== undefined ? { layersUnavailable: r.layers_unavailable } : {}),
  };
}
