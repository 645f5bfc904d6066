// The engine's side of a case, in the same order the sidecar runs torch's:
// manual_seed(seed) -> RNN(**config) -> load_state_dict -> train/eval -> [pack] -> forward [-> pad back]
// [-> backward] (a packed gradient case: through pad and pack, to the padded input).
import { TorchError } from '../../engine/errors.js';
import { backwardPadded } from '../../engine/packed-backward.js';
import { packPaddedSequence, padPackedSequence } from '../../engine/packed.js';
import type { Gradients } from '../../engine/tape.js';
import { Generator } from '../../engine/random.js';
import { RNN } from '../../engine/rnn.js';
import type { Tensor } from '../../engine/tensor.js';
import type { ConformanceCase, Refusal, RefusalStage } from '../case/index.js';

export type EngineResult =
  | {
      kind: 'ok';
      output: Tensor;
      hN: Tensor;
      /** A gradient case's gradients: input, hx (when given), every parameter. */
      grads?: Gradients;
      /** The seeded init (empty when the case loads a snapshot). */
      stateDict: Record<string, Tensor>;
      warnings: string[];
      rnn: RNN;
    }
  | Refusal;

/** Builds the engine for a case; tests and `check --break` pass deliberately broken ones.
 * `reset: false` says the init may be skipped: a full state dict is loaded next and nothing drawn. */
export type EngineFactory = (cfg: Record<string, unknown>, gen: Generator, init?: { reset: boolean }) => RNN;

export const realEngine: EngineFactory = (cfg, generator, init) => RNN.fromTorchConfig(cfg, { generator, ...init });

export function runEngine(c: ConformanceCase, make: EngineFactory = realEngine): EngineResult {
  const gen = new Generator(c.seed);
  let stage: RefusalStage = 'config';
  let warnings: string[] = [];
  try {
    // A snapshot case in eval mode overwrites the seeded init and draws no dropout mask: skip the
    // init (a load that fails refuses before any forward, whatever the parameters held).
    const rnn = make(c.config, gen, c.stateDict && !c.train ? { reset: false } : undefined);
    warnings = [...rnn.warnings];
    // The seeded init is compared with torch's bit for bit; a snapshot case replaces it (no copy needed).
    const stateDict = c.stateDict ? {} : rnn.stateDict();
    stage = 'load';
    if (c.stateDict) warnings.push(...rnn.loadStateDict(c.stateDict));
    rnn.train(c.train);
    const done = { stateDict, warnings, rnn };
    if (c.lengths) {
      // pack_padded_sequence -> forward -> pad_packed_sequence, with the module's batch_first
      const batchFirst = rnn.config.batchFirst;
      stage = 'pack';
      const lengths = { shape: [c.lengths.length], data: c.lengths };
      const packed = packPaddedSequence(c.input, lengths, { batchFirst, enforceSorted: c.enforceSorted ?? true, requiresGrad: c.gradOutput !== undefined && c.gradOutput !== null });
      stage = 'forward';
      if (c.gradOutput) {
        const tape = rnn.tape(packed, c.hx, { generator: gen });
        const [output] = padPackedSequence(tape.output, { batchFirst, paddingValue: 0, totalLength: null });
        stage = 'backward';
        const grads = backwardPadded(tape, { input: c.input, output, batchFirst }, c.gradOutput, c.gradHN ?? null);
        return { kind: 'ok', output, hN: tape.hN, grads, ...done };
      }
      const [out, hN] = rnn.forward(packed, c.hx, { generator: gen });
      const [output] = padPackedSequence(out, { batchFirst, paddingValue: 0, totalLength: null });
      return { kind: 'ok', output, hN, ...done };
    }
    stage = 'forward';
    if (c.gradOutput) {
      const tape = rnn.tape(c.input, c.hx, { generator: gen });
      stage = 'backward';
      const grads = tape.backward(c.gradOutput, c.gradHN ?? null);
      return { kind: 'ok', output: tape.output, hN: tape.hN, grads, ...done };
    }
    const [output, hN] = rnn.forward(c.input, c.hx, { generator: gen });
    return { kind: 'ok', output, hN, ...done };
  } catch (err) {
    // A refusal carries the warnings torch recorded before raising (constructor, load_state_dict).
    if (err instanceof TorchError) return { kind: 'refused', stage, type: err.type, message: err.message, warnings: [...warnings, ...err.warnings] };
    throw err;
  }
}
