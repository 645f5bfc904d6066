// The engine, one layer and one direction at a time, through its public API only: a 1-layer forward
// RNN built by the engine factory and loaded with that layer's slice of the state dict (the sidecar
// does the same with nn.RNN). Run on a whole sequence it gives the engine's free-running hidden
// states; run for ONE timestep from torch's previous hidden state and torch's layer input it is
// teacher forcing: the engine's step function alone, with nothing accumulated.
import type { RNNConfig } from '../../engine/config.js';
import { Generator } from '../../engine/random.js';
import type { RNN } from '../../engine/rnn.js';
import { zeros, type Tensor } from '../../engine/tensor.js';
import { realEngine, type EngineFactory } from '../engines/engine-side.js';
import { concatFeatures, flipTime, hxRow, setStep, step } from './seq.js';

export type Direction = 'forward' | 'reverse';

export interface Slot {
  layer: number;
  direction: Direction;
}

export function slots(cfg: RNNConfig): Slot[] {
  const out: Slot[] = [];
  for (let layer = 0; layer < cfg.numLayers; layer++) {
    out.push({ layer, direction: 'forward' });
    if (cfg.bidirectional) out.push({ layer, direction: 'reverse' });
  }
  return out;
}

export function slotName(s: Slot): string {
  return `layer ${s.layer} ${s.direction}`;
}

export function suffix(s: Slot): string {
  return `_l${s.layer}${s.direction === 'reverse' ? '_reverse' : ''}`;
}

/** The weights of one layer and direction, renamed to a 1-layer module's keys. */
export function sliceStateDict(sd: Record<string, Tensor>, s: Slot): Record<string, Tensor> {
  const out: Record<string, Tensor> = {};
  for (const base of ['weight_ih', 'weight_hh', 'bias_ih', 'bias_hh']) {
    const t = sd[`${base}${suffix(s)}`];
    if (t) out[`${base}_l0`] = t;
  }
  return out;
}

/** Processing order of a direction: t = 0..T-1 forward, T-1..0 reverse. */
export function processingOrder(direction: Direction, T: number): number[] {
  const ts = Array.from({ length: T }, (_, i) => i);
  return direction === 'reverse' ? ts.reverse() : ts;
}

export class LayerEngine {
  private readonly modules = new Map<string, RNN>();

  constructor(
    private readonly cfg: RNNConfig,
    private readonly stateDict: Record<string, Tensor>,
    private readonly make: EngineFactory = realEngine,
  ) {}

  /** The 1-layer, 1-direction engine module of a slot (built once). */
  module(s: Slot): RNN {
    const key = suffix(s);
    const hit = this.modules.get(key);
    if (hit) return hit;
    const c = this.cfg;
    const inputSize = s.layer === 0 ? c.inputSize : c.hiddenSize * (c.bidirectional ? 2 : 1);
    const rnn = this.make({ input_size: inputSize, hidden_size: c.hiddenSize, num_layers: 1, nonlinearity: c.nonlinearity, bias: c.bias, dtype: c.dtype }, new Generator(0));
    rnn.loadStateDict(sliceStateDict(this.stateDict, s));
    rnn.train(false);
    this.modules.set(key, rnn);
    return rnn;
  }

  /** Whole sequence of one slot from h0 (1, N, H): (T, N, H) in original time order. */
  run(s: Slot, input: Tensor, h0: Tensor): Tensor {
    const rev = s.direction === 'reverse';
    const [out] = this.module(s).forward(rev ? flipTime(input) : input, h0);
    return rev ? flipTime(out) : out;
  }

  /** One step: the hidden state the engine computes at t from `prev` (1, N, H) and input (1, N, F). */
  step(s: Slot, input: Tensor, prev: Tensor): Tensor {
    const [out] = this.module(s).forward(input, prev);
    return out;
  }

  /** The engine's own chain: every slot's hidden sequence, each layer fed the engine's previous layer. */
  chain(x: Tensor, hx: Tensor | null): Map<string, Tensor> {
    const out = new Map<string, Tensor>();
    const [, N = 0] = x.shape;
    let layerIn = x;
    const all = slots(this.cfg);
    for (let l = 0; l < this.cfg.numLayers; l++) {
      const mine = all.filter((s) => s.layer === l);
      const seqs = mine.map((s) => {
        const h = this.run(s, layerIn, this.h0(hx, all.indexOf(s), N));
        out.set(slotName(s), h);
        return h;
      });
      layerIn = concatFeatures(seqs);
    }
    return out;
  }

  /** Teacher forcing: each step of a slot from torch's previous hidden state and torch's layer input. */
  teacherForced(s: Slot, torchInput: Tensor, torchHidden: Tensor, h0: Tensor): Tensor {
    const [T = 0] = torchHidden.shape;
    const out = zeros(torchHidden.dtype, torchHidden.shape);
    let prev = h0;
    for (const t of processingOrder(s.direction, T)) {
      setStep(out, t, this.step(s, step(torchInput, t), prev));
      prev = step(torchHidden, t);
    }
    return out;
  }

  /** A slot's initial state: its row of hx, or zeros. */
  h0(hx: Tensor | null, row: number, N: number): Tensor {
    const H = this.cfg.hiddenSize;
    return hx ? hxRow(hx, row, N, H) : zeros(this.cfg.dtype, [1, N, H]);
  }
}
