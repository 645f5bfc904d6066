// The adapter interface: any RNN implementation under the gate. An adapter is an ES module whose
// default export is { name, capabilities, forward }; tensors are the engine's { dtype, shape, data }.
import { z } from 'zod';
import { DTYPES, type DType } from '../../engine/dtype.js';
import type { Tensor } from '../../engine/tensor.js';

/** What a case may need beyond a dtype; a case outside an adapter's claims is `unsupported`, never a failure. */
export const FEATURES = {
  batch_first: 'batch_first=True (input and output batch-major)',
  bidirectional: 'bidirectional=True',
  multi_layer: 'num_layers > 1',
  relu: "nonlinearity='relu'",
  no_bias: 'bias=False',
  hx: 'an initial hidden state is given',
  unbatched: 'unbatched 2-D input (T, input_size)',
  empty: 'a dimension of size 0 (batch 0)',
  train_dropout: "training-mode dropout between layers (torch's generator draws the masks from `seed`)",
  seeded_init: 'no state dict: the weights are torch.manual_seed(seed); nn.RNN(**config)',
  torch_refusals: "invalid configs and inputs, refused with torch's exception type and words",
} as const;
export type Feature = keyof typeof FEATURES;
export const FEATURE_NAMES = Object.keys(FEATURES) as Feature[];

export interface Capabilities {
  dtypes: readonly DType[];
  features: readonly Feature[];
}

export interface ForwardArgs {
  /** nn.RNN's keyword arguments (input_size, hidden_size, …, dtype as a string). */
  config: Record<string, unknown>;
  /** torch's state-dict names and shapes; null only when the adapter claims `seeded_init`. */
  stateDict: Record<string, Tensor> | null;
  input: Tensor;
  hx: Tensor | null;
  train: boolean;
  seed: number;
}

export interface ForwardResult {
  output: Tensor;
  h_n: Tensor;
  /** With `seeded_init`: the weights the adapter made, compared with torch's bit for bit. */
  stateDict?: Record<string, Tensor>;
}

export interface EngineAdapter {
  name: string;
  capabilities: Capabilities;
  forward(args: ForwardArgs): ForwardResult | Promise<ForwardResult>;
}

const capabilitiesSchema = z.strictObject({
  dtypes: z.array(z.enum(DTYPES)),
  features: z.array(z.enum(FEATURE_NAMES as [Feature, ...Feature[]])),
});

/**
 * The module's default export, checked; the fault is named in the words a user can fix. Its worker
 * sends `forward` as its typeof (a function cannot cross threads).
 */
export function checkAdapter(mod: unknown, where: string): { name: string; capabilities: Capabilities } {
  const def = (mod as { default?: unknown } | null)?.default;
  if (def === null || typeof def !== 'object') throw new Error(`${where}: the module has no default export object (export default { name, capabilities, forward })`);
  const a = def as Record<string, unknown>;
  if (typeof a.name !== 'string' || a.name.length === 0) throw new Error(`${where}: default export's "name" must be a non-empty string, got ${JSON.stringify(a.name)}`);
  const forwardType = typeof a.forward === 'string' ? a.forward : typeof a.forward;
  if (forwardType !== 'function') throw new Error(`${where}: default export's "forward" must be a function, got ${forwardType}`);
  const caps = capabilitiesSchema.safeParse(a.capabilities);
  if (!caps.success) {
    const issue = caps.error.issues[0];
    throw new Error(`${where}: default export's "capabilities" ${issue ? `at ${['capabilities', ...issue.path].join('.')}: ${issue.message}` : 'is invalid'} (dtypes: ${DTYPES.join(', ')}; features: ${FEATURE_NAMES.join(', ')})`);
  }
  return { name: a.name, capabilities: caps.data };
}
