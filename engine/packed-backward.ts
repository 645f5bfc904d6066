// The backward of torch's variable-length recipe, pack_padded_sequence -> nn.RNN ->
// pad_packed_sequence, with gradients of the padded output and h_n: torch's checks of the upstream
// gradients against the padded output, the packed output's gradient gathered from the padded one (the
// rows pad_packed_sequence moved), the tape's backward, and the input's gradient scattered back to the
// padded layout (padded steps get 0, as pack_padded_sequence's backward leaves them).
import { castGrad, checkUpstreamGrads, zerosLike } from './grad-args.js';
import { padPackedSequence, type PackedSequence } from './packed.js';
import type { Gradients, Tape } from './tape.js';
import { numel, zeros, type Tensor } from './tensor.js';
import { lanes } from './dtype.js';

export interface PaddedBackward {
  /** The padded input the sequence was packed from (its shape is the input gradient's). */
  readonly input: Tensor;
  /** pad_packed_sequence(tape.output)'s padded output. */
  readonly output: Tensor;
  readonly batchFirst: boolean;
}

/** torch.autograd.backward([padded output, h_n], [gradOutput, gradHN]) through a packed tape. */
export function backwardPadded(tape: Tape<PackedSequence>, p: PaddedBackward, gradOutput: Tensor, gradHN?: Tensor | null, opts: { retainGraph?: boolean } = {}): Gradients {
  const gHN = gradHN ?? zerosLike(tape.hN);
  checkUpstreamGrads([p.output, tape.hN], [gradOutput, gHN]);
  const g = castGrad(gradOutput, p.output.dtype);
  const grads = tape.backward(packRows(g, tape.output, p.batchFirst), gHN, opts);
  const T = p.input.shape[p.batchFirst ? 1 : 0] as number;
  const [input] = padPackedSequence({ ...tape.output, data: grads.input }, { batchFirst: p.batchFirst, totalLength: T });
  return { ...grads, input };
}

/** The packed layout of a padded tensor (T, B, *) — (B, T, *) batchFirst — by a PackedSequence's steps and order. */
function packRows(padded: Tensor, like: PackedSequence, batchFirst: boolean): Tensor {
  const bs = like.batchSizes;
  const [T, B] = batchFirst ? [padded.shape[1] as number, padded.shape[0] as number] : [padded.shape[0] as number, padded.shape[1] as number];
  const row = numel(padded.shape.slice(2)) * lanes(padded.dtype);
  const rows = bs.reduce((a, b) => a + b, 0);
  const out = zeros(padded.dtype, [rows, ...padded.shape.slice(2)]);
  let k = 0;
  bs.forEach((n, t) => {
    for (let r = 0; r < n; r++, k++) {
      const b = like.sortedIndices ? (like.sortedIndices[r] as number) : r;
      const from = (batchFirst ? b * T + t : t * B + b) * row;
      out.data.set(padded.data.subarray(from, from + row), k * row);
    }
  });
  return out;
}
