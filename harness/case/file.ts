// A case's file form (docs/case-format.md): one safetensors file holding the case's tensors (input, hx,
// grad.output, grad.h_n, weights.*) and, when known, torch's answer (torch.output, torch.h_n,
// torch.grad.*, torch.weights.*, torch.oracle.*), with the case description as JSON in the metadata. `check --report` writes them;
// replay, explain and golden read them.
import { z } from 'zod';
import { DTYPES, type DType } from '../../engine/dtype.js';
import { decodeSafetensors, encodeSafetensors, fromRaw, SafetensorsError, toRaw, type RawTensor } from '../../engine/safetensors.js';
import type { Tensor } from '../../engine/tensor.js';
import { refusalStageSchema, type ConformanceCase } from './case.js';
import type { Grads } from './result.js';
import { caseSpecSchema } from './spec.js';

export const CASE_FORMAT = 'rnn-conformance-case/1';

const refusalSchema = z.object({ kind: z.literal('refused'), stage: refusalStageSchema, type: z.string(), message: z.string(), warnings: z.array(z.string()) }).strict();
const okSchema = z.object({ kind: z.literal('ok'), warnings: z.array(z.string()), repr: z.string().optional() }).strict();

const headerSchema = z
  .object({
    format: z.literal(CASE_FORMAT),
    id: z.string(),
    config: z.record(z.string(), z.unknown()),
    seed: z.number().int(),
    train: z.boolean(),
    spec: caseSpecSchema.optional(),
    dtypes: z.record(z.string(), z.enum(DTYPES)),
    reference: z.union([okSchema, refusalSchema]).optional(),
    note: z.string().optional(),
    /** A packed case: pack_padded_sequence's lengths and enforce_sorted (the upstream gradients of a
     * gradient case are tensors: `grad.output`, `grad.h_n`). */
    lengths: z.array(z.number().int()).optional(),
    enforce_sorted: z.boolean().optional(),
  })
  .strict();

export type CaseHeader = z.infer<typeof headerSchema>;
/** torch's answer; `oracle` is the exact-as-possible answer (torch in float64/complex128, or 40-digit
 * mpmath for double dtypes) that lets an offline judge excuse amplified rounding as `check` does. */
export type Reference = NonNullable<CaseHeader['reference']> & {
  output?: Tensor;
  hN?: Tensor;
  /** A gradient case's answer: each tensor's .grad after torch.autograd.backward (input, hx, parameters). */
  grads?: Grads;
  stateDict?: Record<string, Tensor>;
  /** The oracle's gradients (double dtypes: the 40-digit BPTT; absent in files saved before it existed). */
  oracle?: { output: Tensor; hN: Tensor; grads?: Grads };
};

export interface CaseFile {
  case: ConformanceCase;
  reference?: Reference;
  note?: string;
}

export function encodeCaseFile(f: CaseFile): Uint8Array {
  const c = f.case;
  const tensors: [string, Tensor][] = [['input', c.input]];
  if (c.hx) tensors.push(['hx', c.hx]);
  if (c.gradOutput) tensors.push(['grad.output', c.gradOutput]);
  if (c.gradHN) tensors.push(['grad.h_n', c.gradHN]);
  for (const [k, v] of Object.entries(c.stateDict ?? {})) tensors.push([`weights.${k}`, v]);
  const ref = f.reference;
  if (ref?.output) tensors.push(['torch.output', ref.output]);
  if (ref?.hN) tensors.push(['torch.h_n', ref.hN]);
  // in torch's order (input, hx, the parameters in the state dict's order): the judge compares the names in order
  for (const [k, v] of Object.entries(ref?.grads ?? {})) tensors.push([`torch.grad.${k}`, v]);
  for (const [k, v] of Object.entries(ref?.stateDict ?? {})) tensors.push([`torch.weights.${k}`, v]);
  if (ref?.oracle) tensors.push(['torch.oracle.output', ref.oracle.output], ['torch.oracle.h_n', ref.oracle.hN]);
  for (const [k, v] of Object.entries(ref?.oracle?.grads ?? {})) tensors.push([`torch.oracle.grad.${k}`, v]);
  const header: CaseHeader = {
    format: CASE_FORMAT,
    id: c.id,
    config: c.config,
    seed: c.seed,
    train: c.train,
    ...(c.spec ? { spec: c.spec } : {}),
    dtypes: Object.fromEntries(tensors.map(([k, t]) => [k, t.dtype])),
    ...(ref ? { reference: ref.kind === 'ok' ? { kind: 'ok' as const, warnings: ref.warnings, ...(ref.repr !== undefined ? { repr: ref.repr } : {}) } : { kind: 'refused' as const, stage: ref.stage, type: ref.type, message: ref.message, warnings: ref.warnings } } : {}),
    ...(f.note ? { note: f.note } : {}),
    ...(c.lengths ? { lengths: c.lengths, enforce_sorted: c.enforceSorted ?? true } : {}),
  };
  return encodeSafetensors(
    tensors.map(([k, t]): [string, RawTensor] => [k, toRaw(t)]),
    { case: JSON.stringify(header) },
  );
}

export function decodeCaseFile(bytes: Uint8Array): CaseFile {
  const { tensors, metadata } = decodeSafetensors(bytes);
  const raw = metadata?.case;
  if (raw === undefined) throw new SafetensorsError(`not a case file: no \`case\` entry in the metadata (expected format ${CASE_FORMAT})`);
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (err) {
    throw new SafetensorsError(`the case metadata is not JSON: ${(err as Error).message}`);
  }
  const parsed = headerSchema.safeParse(json);
  if (!parsed.success) throw new SafetensorsError(`the case metadata is invalid: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
  const h = parsed.data;
  const get = (name: string): Tensor | undefined => {
    const r = tensors.get(name);
    if (!r) return undefined;
    const d = h.dtypes[name];
    if (!d) throw new SafetensorsError(`tensor \`${name}\` has no dtype in the case metadata`);
    return fromRaw(r, d as DType);
  };
  for (const name of tensors.keys()) {
    if (!(name === 'input' || name === 'hx' || name === 'grad.output' || name === 'grad.h_n' || name.startsWith('weights.') || name.startsWith('torch.'))) throw new SafetensorsError(`unexpected tensor \`${name}\` in a case file`);
  }
  const input = get('input');
  if (!input) throw new SafetensorsError('a case file needs an `input` tensor');
  for (const name of Object.keys(h.dtypes)) if (!tensors.has(name)) throw new SafetensorsError(`the case metadata names a tensor \`${name}\` the file does not hold`);
  // safetensors stores tensors sorted by dtype and name; the header's `dtypes` keeps the order they were
  // written in, which is a state dict's order (load_state_dict messages and state_dict keys depend on it).
  const prefixed = (p: string): Record<string, Tensor> | undefined => {
    const names = Object.keys(h.dtypes).filter((k) => k.startsWith(p));
    return names.length ? Object.fromEntries(names.map((k) => [k.slice(p.length), get(k) as Tensor])) : undefined;
  };
  const c: ConformanceCase = { id: h.id, config: h.config, seed: h.seed, train: h.train, input, hx: get('hx') ?? null, stateDict: prefixed('weights.') ?? null, ...(h.spec ? { spec: h.spec } : {}) };
  if (h.lengths) Object.assign(c, { lengths: h.lengths, enforceSorted: h.enforce_sorted ?? true });
  const gOut = get('grad.output');
  if (gOut) Object.assign(c, { gradOutput: gOut, gradHN: get('grad.h_n') ?? null });
  const output = get('torch.output');
  const hN = get('torch.h_n');
  const sd = prefixed('torch.weights.');
  const grads = prefixed('torch.grad.');
  const oOut = get('torch.oracle.output');
  const oHN = get('torch.oracle.h_n');
  const oGrads = prefixed('torch.oracle.grad.');
  const oracle = oOut && oHN ? { oracle: { output: oOut, hN: oHN, ...(oGrads ? { grads: oGrads } : {}) } } : {};
  const reference: Reference | undefined = h.reference
    ? { ...h.reference, ...(output ? { output } : {}), ...(hN ? { hN } : {}), ...(grads ? { grads } : {}), ...(sd ? { stateDict: sd } : {}), ...oracle }
    : undefined;
  return { case: c, ...(reference ? { reference } : {}), ...(h.note ? { note: h.note } : {}) };
}
