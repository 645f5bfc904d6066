// A conformance case as a small description: everything else (weights, input, hx) is derived from it
// deterministically, so a case is replayed from (seed, index) or from this JSON alone.
import { z } from 'zod';
import { DTYPES } from '../../engine/dtype.js';
import { STEERS } from './steer-names.js';
import { describeKind, gradientSpecSchema, packedSpecSchema } from './kinds.js';

/** Ways to make a valid case invalid, each one torch refuses (or, for a few, accepts) in its own words. */
export const CONFIG_MUTATIONS = [
  'nonlinearity=sigmoid', 'nonlinearity=TANH', 'dropout=-0.1', 'dropout=1.5', 'dropout=true', 'dropout="0.5"',
  'bias=1', 'batch_first=0', 'bidirectional=1', 'input_size=2.5', 'input_size=0', 'hidden_size=-3',
  'hidden_size="4"', 'input_size=true', 'num_layers=0', 'num_layers=2.5', 'dtype=int32', 'dtype=int64', 'dtype=bool',
  'proj_size=0', 'proj_size=2',
] as const;
export const INPUT_MUTATIONS = [
  'input-1d', 'input-4d', 'input-features+1', 'input-dtype', 'seq-len-0', 'hx-shape', 'hx-dims', 'hx-dtype', 'hx-batch',
] as const;
/** Two or more faults at once (comma-separated): which one torch reports tests the order of its checks. */
export const CONFIG_DOUBLE_FAULTS = [
  'bias=1,batch_first=0', 'input_size=0,hidden_size=-3', 'input_size=2.5,hidden_size="4"', 'dropout=1.5,bias=1', 'dropout="0.5",input_size=0',
  'proj_size=2,nonlinearity=sigmoid', 'nonlinearity=TANH,dropout=-0.1', 'num_layers=0,hidden_size=-3', 'num_layers=2.5,dtype=int32', 'dtype=int64,input_size=0',
  'batch_first=0,hidden_size=-3,dropout=1.5',
] as const;
export const INPUT_DOUBLE_FAULTS = [
  'input-dtype,input-features+1', 'hx-shape,hx-dtype', 'hx-batch,hx-dtype', 'hx-dims,hx-dtype', 'seq-len-0,hx-shape', 'seq-len-0,hx-dtype',
  'input-dtype,hx-shape', 'input-features+1,hx-shape', 'input-4d,input-dtype', 'input-features+1,hx-dtype,hx-batch',
] as const;
/** load_state_dict faults together: missing, unexpected and size-mismatched keys (materialize.ts edits the snapshot). */
export const STATE_DICT_FAULTS = ['missing+unexpected', 'missing+size', 'unexpected+size', 'missing+unexpected+size'] as const;

export const caseSpecSchema = z
  .object({
    input_size: z.number().int().positive(),
    hidden_size: z.number().int().positive(),
    num_layers: z.number().int().positive(),
    nonlinearity: z.enum(['tanh', 'relu']),
    bias: z.boolean(),
    batch_first: z.boolean(),
    dropout: z.number().min(0).max(1),
    bidirectional: z.boolean(),
    dtype: z.enum(DTYPES),
    /** torch.manual_seed before construction (negative and > 2^32 allowed, as torch allows). */
    seed: z.number().int(),
    /** 'seeded': both sides initialise from `seed`; 'snapshot': the harness writes the weights. */
    weights: z.enum(['seeded', 'snapshot']),
    weightScale: z.number().positive(),
    seqLen: z.number().int().nonnegative(),
    batch: z.number().int().nonnegative(),
    unbatched: z.boolean(),
    hx: z.boolean(),
    inputScale: z.number().positive(),
    special: z.enum(['none', 'nan', 'inf', '-inf']),
    train: z.boolean(),
    dataSeed: z.number().int().nonnegative(),
    configMutation: z.enum([...CONFIG_MUTATIONS, ...CONFIG_DOUBLE_FAULTS]).nullable(),
    inputMutation: z.enum([...INPUT_MUTATIONS, ...INPUT_DOUBLE_FAULTS]).nullable(),
    /** A numeric regime the case was built to reach (regimes.ts): targeted values, weights or faults. */
    steer: z.enum(STEERS).optional(),
    stateDictFault: z.enum(STATE_DICT_FAULTS).optional(),
    /** The case's kind (kinds.ts; ../gen/kinds.ts draws it): absent for a plain forward. */
    packed: packedSpecSchema.optional(),
    gradient: gradientSpecSchema.optional(),
  })
  .strict();

export type CaseSpec = z.infer<typeof caseSpecSchema>;

/** nn.RNN's keyword arguments for this case, mutations applied (values as JSON carries them). */
export function torchConfig(spec: CaseSpec): Record<string, unknown> {
  const cfg: Record<string, unknown> = {
    input_size: spec.input_size,
    hidden_size: spec.hidden_size,
    num_layers: spec.num_layers,
    nonlinearity: spec.nonlinearity,
    bias: spec.bias,
    batch_first: spec.batch_first,
    dropout: spec.dropout,
    bidirectional: spec.bidirectional,
    dtype: spec.dtype,
  };
  for (const mutation of spec.configMutation?.split(',') ?? []) {
    const m = /^(\w+)=(.*)$/.exec(mutation);
    if (m) {
      const [, key, raw] = m as unknown as [string, string, string];
      cfg[key] = /^[\d.-]|^true$|^false$|^"/.test(raw) ? (JSON.parse(raw) as unknown) : raw;
    }
  }
  return cfg;
}

/** One line naming the case, for progress output and reports. */
export function describeSpec(spec: CaseSpec): string {
  const parts = [
    spec.dtype,
    `${spec.input_size}->${spec.hidden_size}`,
    `L${spec.num_layers}`,
    spec.nonlinearity,
    spec.bidirectional ? 'bi' : 'uni',
    spec.bias ? 'bias' : 'nobias',
    spec.batch_first ? 'batch_first' : '',
    spec.unbatched ? `T${spec.seqLen} unbatched` : `T${spec.seqLen} N${spec.batch}`,
    spec.hx ? 'hx' : '',
    spec.train ? `train p=${spec.dropout}` : '',
    spec.weights === 'seeded' ? `seed=${spec.seed}` : spec.weightScale !== 1 ? `w*${spec.weightScale}` : '',
    spec.special !== 'none' ? spec.special : '',
    spec.configMutation ?? '',
    spec.inputMutation ?? '',
    spec.stateDictFault ? `state_dict ${spec.stateDictFault}` : '',
    spec.steer ? `steer ${spec.steer}` : '',
    describeKind(spec),
  ];
  return parts.filter(Boolean).join(' ');
}
