// Deliberately broken engines: the proof that the gate can fail. Each is the real engine with one
// classic bug, selected with `check --break KIND` (and used by the tests).
import { isPackedSequence, packPaddedSequence, padPackedSequence, type PackedSequence } from '../../engine/packed.js';
import { Generator } from '../../engine/random.js';
import { RNN } from '../../engine/rnn.js';
import type { Tape } from '../../engine/tape.js';
import { zeros, type Tensor } from '../../engine/tensor.js';
import { realEngine, type EngineFactory } from './engine-side.js';

type Opts = { generator?: Generator };

/** Breaks forward on padded input; a PackedSequence runs the real engine (but for the `packed` kind). */
abstract class Broken extends RNN {
  override forward(input: Tensor, hx?: Tensor | null, opts?: Opts): [Tensor, Tensor];
  override forward(input: PackedSequence, hx?: Tensor | null, opts?: Opts): [PackedSequence, Tensor];
  override forward(input: Tensor | PackedSequence, hx?: Tensor | null, opts?: Opts): [Tensor | PackedSequence, Tensor] {
    return isPackedSequence(input) ? super.forward(input, hx, opts) : this.broken(input, hx, opts);
  }
  /** The real engine's forward on padded input. */
  protected real(input: Tensor, hx?: Tensor | null, opts?: Opts): [Tensor, Tensor] {
    return super.forward(input, hx, opts);
  }
  protected abstract broken(input: Tensor, hx?: Tensor | null, opts?: Opts): [Tensor, Tensor];
}

export const BREAKS = ['bias', 'reverse', 'hn-layout', 'float64', 'packed', 'gradient'] as const;
export type BreakKind = (typeof BREAKS)[number];

/** bias_hh is loaded but never applied. */
class NoHiddenBias extends Broken {
  override loadStateDict(sd: Record<string, Tensor>, strict = true): string[] {
    const copy = { ...sd };
    for (const k of Object.keys(copy)) if (k.startsWith('bias_hh')) copy[k] = zeros((copy[k] as Tensor).dtype, (copy[k] as Tensor).shape);
    return super.loadStateDict(copy, strict);
  }
  protected broken(input: Tensor, hx?: Tensor | null, opts?: Opts): [Tensor, Tensor] {
    const sd = this.stateDict();
    this.loadStateDict(sd);
    return this.real(input, hx, opts);
  }
}

/** The reverse direction's outputs stored in processing order instead of at their original t. */
class ReverseOrder extends Broken {
  protected broken(input: Tensor, hx?: Tensor | null, opts?: Opts): [Tensor, Tensor] {
    const [out, hN] = this.real(input, hx, opts);
    const { bidirectional, hiddenSize: H, batchFirst } = this.config;
    if (!bidirectional || out.shape.length < 2) return [out, hN];
    const lanes = out.data.length / out.shape.reduce((a, b) => a * b, 1);
    const unbatched = out.shape.length === 2;
    const [T, N] = unbatched ? [out.shape[0] ?? 0, 1] : batchFirst ? [out.shape[1] ?? 0, out.shape[0] ?? 0] : [out.shape[0] ?? 0, out.shape[1] ?? 0];
    const flipped = out.data.slice();
    const at = (t: number, n: number, f: number) => ((unbatched ? t : batchFirst ? n * T + t : t * N + n) * 2 * H + f) * lanes;
    for (let t = 0; t < T; t++)
      for (let n = 0; n < N; n++)
        for (let f = H; f < 2 * H; f++) for (let z = 0; z < lanes; z++) flipped[at(t, n, f) + z] = out.data[at(T - 1 - t, n, f) + z] as number;
    return [{ ...out, data: flipped }, hN];
  }
}

/** h_n stacked direction-major ([fwd l0, fwd l1, …, bwd l0, …]) instead of layer-major. */
class HnLayout extends Broken {
  protected broken(input: Tensor, hx?: Tensor | null, opts?: Opts): [Tensor, Tensor] {
    const [out, hN] = this.real(input, hx, opts);
    const L = this.config.numLayers;
    const D = this.config.bidirectional ? 2 : 1;
    const rows = L * D;
    const per = hN.data.length / rows;
    const data = hN.data.slice();
    for (let l = 0; l < L; l++) for (let d = 0; d < D; d++) data.set(hN.data.subarray((l * D + d) * per, (l * D + d + 1) * per), (d * L + l) * per);
    return [out, { ...hN, data }];
  }
}

/** float32 cases computed in float64 internally and rounded only at the end. */
class Float64Inside extends Broken {
  protected broken(input: Tensor, hx?: Tensor | null, opts?: Opts): [Tensor, Tensor] {
    const c = this.config;
    if (c.dtype !== 'float32' || input.dtype !== 'float32' || (hx && hx.dtype !== 'float32')) return this.real(input, hx, opts);
    const wide = new RNN({ ...c, dtype: 'float64' }, { generator: new Generator(0) });
    const up = (t: Tensor): Tensor => ({ dtype: 'float64', shape: t.shape, data: Float64Array.from(t.data) });
    const sd = this.stateDict();
    wide.loadStateDict(Object.fromEntries(Object.entries(sd).map(([k, v]) => [k, up(v)])));
    wide.train(this.training);
    const [out, hN] = wide.forward(up(input), hx ? up(hx) : null, opts);
    const down = (t: Tensor): Tensor => ({ dtype: 'float32', shape: t.shape, data: Float32Array.from(t.data) });
    return [down(out), down(hN)];
  }
}

/** A PackedSequence run as its padded batch: padded steps fed into the recurrence (h_n taken after
 * them, the reverse direction starting at the padded end), the output packed again by the lengths. */
class PaddedStepsFed extends Broken {
  override forward(input: Tensor, hx?: Tensor | null, opts?: Opts): [Tensor, Tensor];
  override forward(input: PackedSequence, hx?: Tensor | null, opts?: Opts): [PackedSequence, Tensor];
  override forward(input: Tensor | PackedSequence, hx?: Tensor | null, opts?: Opts): [Tensor | PackedSequence, Tensor] {
    if (!isPackedSequence(input)) return this.real(input, hx, opts);
    const batchFirst = this.config.batchFirst;
    const [padded, lengths] = padPackedSequence(input, { batchFirst });
    const [out, hN] = this.real(padded, hx, opts);
    return [packPaddedSequence(out, lengths, { batchFirst, enforceSorted: false }), hN];
  }
  protected broken(input: Tensor, hx?: Tensor | null, opts?: Opts): [Tensor, Tensor] {
    return this.real(input, hx, opts);
  }
}

/** The backward drops the upstream gradient of h_n (as if the loss never used the final state). */
class DropsHNGrad extends Broken {
  protected broken(input: Tensor, hx?: Tensor | null, opts?: Opts): [Tensor, Tensor] {
    return this.real(input, hx, opts);
  }
  override tape(input: Tensor, hx?: Tensor | null, opts?: Opts): Tape;
  override tape(input: PackedSequence, hx?: Tensor | null, opts?: Opts): Tape<PackedSequence>;
  override tape(input: Tensor | PackedSequence, hx?: Tensor | null, opts?: Opts): Tape | Tape<PackedSequence> {
    const tape: Tape<Tensor | PackedSequence> = isPackedSequence(input) ? super.tape(input, hx, opts) : super.tape(input, hx, opts);
    const backward = tape.backward.bind(tape);
    return Object.assign(tape, { backward: (gOut: Tensor, _gHN?: Tensor | null, o?: { retainGraph?: boolean }) => backward(gOut, null, o) }) as Tape | Tape<PackedSequence>;
  }
}

const classes: Record<BreakKind, new (cfg: ConstructorParameters<typeof RNN>[0], init?: { generator?: Generator }, torchKeys?: boolean) => RNN> = {
  bias: NoHiddenBias, reverse: ReverseOrder, 'hn-layout': HnLayout, float64: Float64Inside, packed: PaddedStepsFed, gradient: DropsHNGrad,
};

export function brokenEngine(kind: BreakKind | undefined): EngineFactory {
  if (!kind) return realEngine;
  const Cls = classes[kind];
  return (cfg, generator) => new Cls(cfg, { generator }, true);
}
