// What a conformance case is once materialized: the tensors and settings both sides receive. The spec
// (spec.ts) says how to make one, the file form (file.ts) how to keep one, the wire form (wire.ts) how
// torch receives one; docs/case-format.md is the contract they share.
import { z } from 'zod';
import type { Tensor } from '../../engine/tensor.js';
import type { CaseKind } from './kinds.js';
import type { CaseSpec } from './spec.js';

/** The kind of a materialized case (one read from a file may have no spec). A packed case with
 * upstream gradients (its backward through pack and pad) is a gradient case. */
export function kindOfCase(c: Pick<ConformanceCase, 'lengths' | 'gradOutput'>): CaseKind {
  return c.gradOutput ? 'gradient' : c.lengths ? 'packed' : 'forward';
}

/** Where a refusal happened: `config` (torch.manual_seed, nn.RNN(**config)), `load`
 * (load_state_dict), `pack` (pack_padded_sequence), `forward` (the call, and pad_packed_sequence),
 * `backward` (torch.autograd.backward). */
export const REFUSAL_STAGES = ['config', 'load', 'pack', 'forward', 'backward'] as const;
export type RefusalStage = (typeof REFUSAL_STAGES)[number];
export const refusalStageSchema = z.enum(REFUSAL_STAGES);

/** A case as both sides run it: what a replayable case file holds. */
export interface ConformanceCase {
  id: string;
  /** nn.RNN's keyword arguments as JSON values (mutations applied). */
  config: Record<string, unknown>;
  /** torch.manual_seed(seed) right before nn.RNN(**config). */
  seed: number;
  /** null: keep the weights the seeded constructor made (and compare them bit for bit). */
  stateDict: Record<string, Tensor> | null;
  input: Tensor;
  hx: Tensor | null;
  train: boolean;
  spec?: CaseSpec;
  /** A packed case: pack_padded_sequence(input, tensor(lengths), batch_first=<config's>, enforce_sorted). */
  lengths?: number[];
  enforceSorted?: boolean;
  /** A gradient case: torch.autograd.backward([output, h_n], [gradOutput, gradHN ?? zeros]). */
  gradOutput?: Tensor;
  gradHN?: Tensor | null;
}

/** A refusal, by either side: the exception's type and message, and the warnings raised before it. */
export interface Refusal {
  kind: 'refused';
  stage: RefusalStage;
  type: string;
  message: string;
  warnings: string[];
}
