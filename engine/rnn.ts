// torch.nn.RNN: constructor checks, parameters (torch's names, shapes, order and init), train/eval,
// state dicts, repr and forward. The math lives in forward.ts and kernels/.
import { validateConfig, type ConfigDisplay, type RNNConfig, type TorchRNNConfig } from './config.js';
import type { DType } from './dtype.js';
import { valueError } from './errors.js';
import { isPrecision, type Precision } from './fast/index.js';
import { rnnForward, type DirectionWeights, type ForwardContext, type ForwardRecord } from './forward.js';
import { rnnForwardPacked } from './forward-packed.js';
import { isPackedSequence, type PackedSequence } from './packed.js';
import { defaultGenerator, dropout_, uniform_, type Generator } from './random.js';
import { rnnRepr } from './repr.js';
import { loadInto, parameterSpecs } from './state-dict.js';
import { addInDType, Tape, type Gradients } from './tape.js';
import { zeros, type Tensor } from './tensor.js';

export interface RNNOptions {
  inputSize: number;
  hiddenSize: number;
  numLayers?: number;
  nonlinearity?: 'tanh' | 'relu';
  bias?: boolean;
  batchFirst?: boolean;
  dropout?: number;
  bidirectional?: boolean;
  dtype?: DType;
  device?: string;
  /** Not a torch argument: 'exact' (default) or 'fast' (see RNN.precision). */
  precision?: Precision;
}

export interface RNNInit {
  generator?: Generator;
  precision?: Precision;
  /** false: skip reset_parameters (the parameters stay zero and the generator untouched), for a
   * caller that loads a full state dict next and draws nothing after it. Default true. */
  reset?: boolean;
}

export class RNN {
  readonly config: RNNConfig;
  readonly warnings: string[];
  training = true;
  /**
   * 'exact' (the default) reproduces torch's rounding; 'fast' runs float32, float64 and complex64
   * on WebAssembly SIMD kernels (engine/fast/), within torch's default tolerances, not bit for bit.
   */
  precision: Precision = 'exact';
  private readonly display: ConfigDisplay;
  private readonly params = new Map<string, Tensor>();
  private grads: Record<string, Tensor> = {};

  /** From nn.RNN's keyword arguments as JSON gives them (snake_case, Python-typed values). */
  static fromTorchConfig(cfg: TorchRNNConfig, opts?: RNNInit): RNN {
    return new RNN(cfg, opts, true);
  }

  constructor(opts: RNNOptions, init?: RNNInit);
  constructor(opts: RNNOptions | TorchRNNConfig, init?: RNNInit, torchKeys?: boolean);
  constructor(opts: RNNOptions | TorchRNNConfig, init?: RNNInit, torchKeys = false) {
    const { config, warnings, display } = validateConfig(torchKeys ? (opts as TorchRNNConfig) : toTorchConfig(opts as RNNOptions));
    this.config = config;
    this.warnings = warnings;
    this.display = display;
    const precision = init?.precision ?? (torchKeys ? undefined : (opts as RNNOptions).precision) ?? 'exact';
    if (!isPrecision(precision)) throw valueError(`precision must be 'exact' or 'fast', got ${JSON.stringify(precision)}`);
    this.precision = precision;
    for (const p of parameterSpecs(config)) this.params.set(p.name, zeros(config.dtype, p.shape));
    if (init?.reset !== false) this.resetParameters(init?.generator ?? defaultGenerator);
  }

  /** reset_parameters: every parameter, in registration order, ~ U(-1/sqrt(H), 1/sqrt(H)). */
  resetParameters(gen: Generator = defaultGenerator): void {
    const stdv = 1.0 / Math.sqrt(this.config.hiddenSize);
    for (const p of this.params.values()) uniform_(p, -stdv, stdv, gen);
  }

  train(mode: boolean = true): this {
    if (typeof mode !== 'boolean') throw valueError('training mode is expected to be boolean');
    this.training = mode;
    return this;
  }

  eval(): this {
    return this.train(false);
  }

  parameterNames(): string[] {
    return [...this.params.keys()];
  }

  stateDict(): Record<string, Tensor> {
    const sd: Record<string, Tensor> = {};
    for (const [name, p] of this.params) sd[name] = { dtype: p.dtype, shape: [...p.shape], data: p.data.slice() };
    return sd;
  }

  /** Module.load_state_dict; returns torch's warnings (e.g. a complex -> real cast). */
  loadStateDict(sd: Record<string, Tensor>, strict = true): string[] {
    return loadInto(this.params, sd, strict);
  }

  /** Parameter gradients accumulated by tape.backward, by name (torch's .grad; absent until set). */
  get grad(): Readonly<Record<string, Tensor>> {
    return this.grads;
  }

  /** Module.zero_grad(): every .grad back to None. */
  zeroGrad(): void {
    this.grads = {};
  }

  /** nn.RNN's forward: padded input gives (output, h_n); a PackedSequence gives a PackedSequence output. */
  forward(input: Tensor, hx?: Tensor | null, opts?: { generator?: Generator }): [output: Tensor, hN: Tensor];
  forward(input: PackedSequence, hx?: Tensor | null, opts?: { generator?: Generator }): [output: PackedSequence, hN: Tensor];
  forward(input: Tensor | PackedSequence, hx?: Tensor | null, opts?: { generator?: Generator }): [Tensor | PackedSequence, Tensor] {
    const ctx = this.context(opts?.generator, this.directionWeights(), undefined);
    // A PackedSequence always runs the exact kernels (precision 'fast' is for padded input).
    return isPackedSequence(input) ? rnnForwardPacked(ctx, input, hx ?? null) : rnnForward(ctx, input, hx ?? null);
  }

  /**
   * forward, keeping what the backward needs: tape.output and tape.hN are forward's results and
   * tape.backward(gOut, gHN) is torch.autograd.backward([output, h_n], [gOut, gHN]). A PackedSequence
   * input gives a PackedSequence output; the backward then works on its data (Tape).
   */
  tape(input: Tensor, hx?: Tensor | null, opts?: { generator?: Generator }): Tape;
  tape(input: PackedSequence, hx?: Tensor | null, opts?: { generator?: Generator }): Tape<PackedSequence>;
  tape(input: Tensor | PackedSequence, hx?: Tensor | null, opts?: { generator?: Generator }): Tape<Tensor> | Tape<PackedSequence> {
    const record: ForwardRecord = { inputs: [], outputs: [], noise: [] };
    const weights = this.directionWeights();
    const ctx = this.context(opts?.generator, weights, record);
    const accumulate = (g: Gradients): void => {
      for (const name of this.params.keys()) {
        const v = g[name];
        const acc = this.grads[name];
        // AccumulateGrad: the first gradient is stored, later ones added in the dtype, in place (torch 2.13:
        // a reference held to p.grad is p.grad after the next backward and holds the sum)
        if (acc) acc.data.set(addInDType(acc.dtype, acc.data, v.data));
        else this.grads[name] = { ...v, data: v.data.slice() };
      }
    };
    const state = { config: this.config, weights, record, hx: hx ?? null, accumulate };
    if (isPackedSequence(input)) {
      const [output, hN] = rnnForwardPacked(ctx, input, hx ?? null);
      const { data, ...packed } = input;
      return new Tape({ ...state, input: data, packed, output: output.data, hN }, output);
    }
    const [output, hN] = rnnForward(ctx, input, hx ?? null);
    return new Tape({ ...state, input, packed: null, output, hN }, output);
  }

  private context(generator: Generator | undefined, weights: DirectionWeights[], record: ForwardRecord | undefined): ForwardContext {
    const gen = generator ?? defaultGenerator;
    return {
      config: this.config,
      display: this.display,
      weights,
      training: this.training,
      dropout: (t, p, noise) => dropout_(t, p, gen, noise),
      precision: this.precision,
      record,
    };
  }

  toString(): string {
    return rnnRepr(this.config, this.display);
  }

  private directionWeights(): DirectionWeights[] {
    const D = this.config.bidirectional ? 2 : 1;
    const out: DirectionWeights[] = [];
    const get = (name: string): Tensor | undefined => this.params.get(name);
    for (let l = 0; l < this.config.numLayers; l++) {
      for (let d = 0; d < D; d++) {
        const sfx = `l${l}${d === 1 ? '_reverse' : ''}`;
        const wih = get(`weight_ih_${sfx}`);
        const whh = get(`weight_hh_${sfx}`);
        if (!wih || !whh) throw new Error(`internal: missing weights for ${sfx}`);
        out.push({ wih: wih.data, whh: whh.data, bih: get(`bias_ih_${sfx}`)?.data ?? null, bhh: get(`bias_hh_${sfx}`)?.data ?? null });
      }
    }
    return out;
  }
}

function toTorchConfig(o: RNNOptions): TorchRNNConfig {
  return {
    input_size: o.inputSize,
    hidden_size: o.hiddenSize,
    num_layers: o.numLayers,
    nonlinearity: o.nonlinearity,
    bias: o.bias,
    batch_first: o.batchFirst,
    dropout: o.dropout,
    bidirectional: o.bidirectional,
    dtype: o.dtype,
    device: o.device,
  };
}
