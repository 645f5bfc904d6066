// A case and torch's answer on the sidecar's wire (../sidecar/protocol.ts frames them; python/README.md says the
// same from the Python side): the case's JSON members with its tensors as blob descriptors (codec.ts),
// and the reply's members turned back into a RefResult.
import { z } from 'zod';
import type { Tensor } from '../../engine/tensor.js';
import { refusalStageSchema, type ConformanceCase } from './case.js';
import { tensorFromBlob, TensorDescSchema, type BlobBuilder, type TensorDesc } from './codec.js';
import type { RefResult } from './result.js';

/** One reference computation: `torch.manual_seed(seed)` (if given), `rnn = nn.RNN(**config)`,
 * `rnn.load_state_dict(stateDict)` (if given), `rnn.train(train)`, `out, h_n = rnn(input, hx)` under
 * no_grad. An absent input or hx is not passed, exactly as in Python. */
export interface RefCase {
  id: string;
  /** nn.RNN keywords as JSON values: integer numbers are Python ints, others floats (NaN/inf
   * allowed), bigint an int; `dtype: "float32"` becomes torch.float32, any other value goes as is. */
  config: Record<string, unknown>;
  /** Absent: the sidecar keeps the seeded init and returns it as `stateDict`. */
  stateDict?: Record<string, Tensor>;
  input?: Tensor;
  hx?: Tensor;
  /** Default false: eval mode (nn.RNN itself defaults to train mode; the harness does not). */
  train?: boolean;
  seed?: number | bigint;
  /** Also compute the float64 (complex128) answer; eval mode only. */
  oracle?: boolean;
  /** A variable-length batch: the padded input goes through `pack_padded_sequence(input,
   * torch.tensor(lengths), batch_first=<the module's>, enforce_sorted)` (default true), and the output
   * comes back through `pad_packed_sequence(out, batch_first=<the module's>)` (padding 0). Nested
   * lists make a lengths tensor of more dimensions (for torch to refuse). */
  lengths?: readonly unknown[];
  enforceSorted?: boolean;
  /** Upstream gradients: input and hx require grad, the forward runs with autograd, then
   * `torch.autograd.backward([output, h_n], [gradOutput, gradHN ?? zeros_like(h_n)])`. */
  gradOutput?: Tensor;
  gradHN?: Tensor;
}

/** What torch is asked for a materialized case. */
export function toRefCase(c: ConformanceCase, oracle = false): RefCase {
  return {
    id: c.id,
    config: c.config,
    // torch.manual_seed costs ~1 ms in torch 2.13 (it records a stack trace): send it only when
    // torch draws from it (the seeded init, training-mode dropout).
    ...(c.stateDict === null || c.train ? { seed: c.seed } : {}),
    train: c.train,
    input: c.input,
    ...(c.stateDict ? { stateDict: c.stateDict } : {}),
    ...(c.hx ? { hx: c.hx } : {}),
    ...(oracle ? { oracle } : {}),
    ...(c.lengths ? { lengths: c.lengths, enforceSorted: c.enforceSorted ?? true } : {}),
    ...(c.gradOutput ? { gradOutput: c.gradOutput, ...(c.gradHN ? { gradHN: c.gradHN } : {}) } : {}),
  };
}

/** The case's member of a `run` (or `layers`) request; its tensors go into `blob`. */
export function wireCase(c: RefCase, blob: BlobBuilder) {
  return {
    id: c.id,
    config: c.config,
    state_dict: c.stateDict ? mapValues(c.stateDict, (t) => blob.add(t)) : undefined,
    input: c.input ? blob.add(c.input) : undefined,
    hx: c.hx ? blob.add(c.hx) : undefined,
    train: c.train ?? false,
    seed: c.seed,
    oracle: c.oracle ?? false,
    lengths: c.lengths,
    enforce_sorted: c.lengths !== undefined ? (c.enforceSorted ?? true) : undefined,
    grad_output: c.gradOutput ? blob.add(c.gradOutput) : undefined,
    grad_h_n: c.gradHN ? blob.add(c.gradHN) : undefined,
  };
}

// ---- torch's answer on the wire ---------------------------------------------------------------------

export const StateDictSchema = z.record(z.string(), TensorDescSchema);
/** Gradients by name: `input`, `hx` (when given) and every parameter, as .grad after backward. */
const GradsSchema = z.record(z.string(), TensorDescSchema);
const warnings = z.array(z.string());

export const OkSchema = z.strictObject({
  kind: z.literal('ok'),
  output: TensorDescSchema,
  h_n: TensorDescSchema,
  grads: GradsSchema.optional(),
  state_dict: StateDictSchema.optional(),
  warnings,
  /** repr(module) after the forward. */
  repr: z.string().optional(),
  oracle: z.strictObject({ output: TensorDescSchema, h_n: TensorDescSchema, grads: GradsSchema.optional(), same_precision: z.boolean() }).optional(),
  oracle_unavailable: z.string().optional(),
});
export const RefusedSchema = z.strictObject({
  kind: z.literal('refused'),
  stage: refusalStageSchema,
  type: z.string(),
  message: z.string(),
  warnings,
  state_dict: StateDictSchema.optional(),
});
export const UnavailableSchema = z.strictObject({ kind: z.literal('unavailable'), reason: z.string() });
// elapsed_s: the case's own seconds in torch (perf_counter around it), for JUnit's per-case time.
const id = { id: z.string(), elapsed_s: z.number().nonnegative().optional() };
export const CaseResultSchema = z.discriminatedUnion('kind', [OkSchema.extend(id), RefusedSchema.extend(id), UnavailableSchema.extend(id)]);
export type WireCaseResult = z.infer<typeof CaseResultSchema>;

export function toRefResult(r: WireCaseResult, blob: Uint8Array): RefResult {
  const timed = r.elapsed_s !== undefined ? { elapsedS: r.elapsed_s } : {};
  return { ...refResult(r, blob), ...timed };
}

function refResult(r: WireCaseResult, blob: Uint8Array): RefResult {
  const t = (d: TensorDesc): Tensor => tensorFromBlob(d, blob);
  const sd = (m: Record<string, TensorDesc> | undefined) => (m ? mapValues(m, t) : undefined);
  if (r.kind === 'unavailable') return { id: r.id, kind: 'unavailable', reason: r.reason };
  if (r.kind === 'refused') {
    const stateDict = sd(r.state_dict);
    return { id: r.id, kind: 'refused', stage: r.stage, type: r.type, message: r.message, warnings: r.warnings, ...(stateDict ? { stateDict } : {}) };
  }
  const out: Extract<RefResult, { kind: 'ok' }> = { id: r.id, kind: 'ok', output: t(r.output), hN: t(r.h_n), warnings: r.warnings };
  if (r.repr !== undefined) out.repr = r.repr;
  if (r.grads) out.grads = sd(r.grads);
  if (r.state_dict) out.stateDict = sd(r.state_dict);
  if (r.oracle) {
    const grads = sd(r.oracle.grads);
    out.oracle = { output: t(r.oracle.output), hN: t(r.oracle.h_n), samePrecision: r.oracle.same_precision, ...(grads ? { grads } : {}) };
  }
  if (r.oracle_unavailable !== undefined) out.oracleUnavailable = r.oracle_unavailable;
  return out;
}

export function mapValues<A, B>(m: Record<string, A>, f: (a: A) => B): Record<string, B> {
  return Object.fromEntries(Object.entries(m).map(([k, v]) => [k, f(v)])); // own keys, even '__proto__'
}
