// What each case kind adds to a case's spec (docs/case-format.md): `packed` (a variable-length batch
// through pack_padded_sequence -> nn.RNN -> pad_packed_sequence) and `gradient` (forward, then
// torch.autograd.backward with random upstream gradients). A kind is one optional member of the spec;
// how it is drawn and which tensors it adds is ../gen/kinds.ts.
import { z } from 'zod';

/**
 * What a case asks of both sides. 'forward': manual_seed(seed) -> nn.RNN(**config) -> load_state_dict
 * -> train/eval -> rnn(input, hx); 'packed': the same with the padded input through
 * pack_padded_sequence(input, lengths, batch_first, enforce_sorted) and the output back through
 * pad_packed_sequence; 'gradient': the forward with autograd, then torch.autograd.backward with the
 * case's upstream gradients. A kind is the member that carries its data (`lengths`, `gradOutput`);
 * docs/case-format.md ("Adding a kind") lists the places that switch on it.
 */
export const CASE_KINDS = ['forward', 'packed', 'gradient'] as const;
export type CaseKind = (typeof CASE_KINDS)[number];

/** How the lengths of a packed batch are laid out. */
export const LENGTH_PATTERNS = ['sorted', 'unsorted', 'equal', 'one-beside-long'] as const;
/** Lengths torch refuses: unsorted with enforce_sorted=True, a 0 or negative length, one length too
 * few or too many, a length beyond the padded input (packed, then refused by the forward). */
export const LENGTH_FAULTS = ['unsorted-enforced', 'zero', 'negative', 'count-short', 'count-long', 'too-long'] as const;

export const packedSpecSchema = z.object({ lengths: z.enum(LENGTH_PATTERNS), enforceSorted: z.boolean(), fault: z.enum(LENGTH_FAULTS).nullable() }).strict();
export const gradientSpecSchema = z.object({ gradHN: z.boolean(), fault: z.enum(['grad-shape']).nullable() }).strict();
export type PackedSpec = z.infer<typeof packedSpecSchema>;
export type GradientSpec = z.infer<typeof gradientSpecSchema>;

type KindMembers = { packed?: PackedSpec | undefined; gradient?: GradientSpec | undefined };

/** A spec's kind; one with both members (a packed gradient case) is a gradient case, as kindOfCase says. */
export function kindOf(spec: KindMembers): CaseKind {
  return spec.gradient ? 'gradient' : spec.packed ? 'packed' : 'forward';
}

/** A short tag for one-line case descriptions. */
export function describeKind(spec: KindMembers): string {
  const tags: string[] = [];
  if (spec.packed) tags.push(`packed ${spec.packed.lengths}${spec.packed.enforceSorted ? ' enforce_sorted' : ''}${spec.packed.fault ? ` lengths:${spec.packed.fault}` : ''}`);
  if (spec.gradient) tags.push(`gradient${spec.gradient.gradHN ? ' +grad_h_n' : ''}${spec.gradient.fault ? ` ${spec.gradient.fault}` : ''}`);
  return tags.join(' ');
}
