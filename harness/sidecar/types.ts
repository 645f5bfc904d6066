// What the harness asks the torch sidecar and what it gets back (the wire format is protocol.ts).
import type { Tensor } from '../../engine/tensor.js';

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

/** Where torch refused: `config` (torch.manual_seed, nn.RNN(**config)), `load` (load_state_dict),
 * `pack` (pack_padded_sequence), `forward` (the call, and pad_packed_sequence), `backward`
 * (torch.autograd.backward). */
export type RefusalStage = 'config' | 'load' | 'pack' | 'forward' | 'backward';

/** `input`, `hx` (when hx was given) and every parameter by its state-dict name: each tensor's .grad. */
export type Grads = Record<string, Tensor>;

export interface Oracle {
  output: Tensor;
  hN: Tensor;
  /** Gradients in float64/complex128 (absent for double-precision modules: the 40-digit oracle is forward only). */
  grads?: Grads;
  /** The module already was float64/complex128: the oracle is torch's own answer again. */
  samePrecision: boolean;
}

/** elapsedS: the case's own seconds in torch, when the sidecar measured them. */
export type RefResult = (
  | {
      id: string;
      kind: 'ok';
      output: Tensor;
      hN: Tensor;
      /** When the case carried upstream gradients. */
      grads?: Grads;
      stateDict?: Record<string, Tensor>;
      warnings: string[];
      oracle?: Oracle;
      /** Why an oracle that was asked for is missing (train mode, or the float64 run failed). */
      oracleUnavailable?: string;
    }
  | {
      id: string;
      kind: 'refused';
      stage: RefusalStage;
      type: string;
      message: string;
      warnings: string[];
      /** The seeded init, when the refusal came at forward and no stateDict was given. */
      stateDict?: Record<string, Tensor>;
    }
  | { id: string; kind: 'unavailable'; reason: string }
) & { elapsedS?: number };

export type InitResult =
  | { kind: 'ok'; stateDict: Record<string, Tensor>; warnings: string[] }
  | { kind: 'refused'; stage: RefusalStage; type: string; message: string; warnings: string[] };

export interface Handshake {
  protocol: number;
  torch: string;
  gitVersion: string;
  /** torch.__config__.show(), one line per entry, without the long "Build settings" line. */
  build: string[];
  cpuCapability: string;
  /** Training-mode dropout masks (`1` kept) of `torch.manual_seed(seed); F.dropout(ones(n), p, True)`. */
  dropoutProbe?: { seed: number; p: number; n: number; masks: Record<string, string> };
  numThreads: number;
  numInteropThreads: number;
  cpuModel: string;
  python: string;
  platform: string;
  pid: number;
}
