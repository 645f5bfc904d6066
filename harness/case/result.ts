// torch's answer to a case, as the harness holds it (the wire form of it is wire.ts, the file form
// file.ts): computed tensors, a refusal, or no answer at all.
import type { Tensor } from '../../engine/tensor.js';
import type { Refusal } from './case.js';

/** `input`, `hx` (when hx was given) and every parameter by its state-dict name: each tensor's .grad. */
export type Grads = Record<string, Tensor>;

export interface Oracle {
  output: Tensor;
  hN: Tensor;
  /** Gradients in float64/complex128 (double-precision modules: the 40-digit BPTT of python/oracle_mp.py). */
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
      /** repr(module), compared as a string (absent from fixtures made before it was recorded). */
      repr?: string;
      oracle?: Oracle;
      /** Why an oracle that was asked for is missing (train mode, or the float64 run failed). */
      oracleUnavailable?: string;
    }
  | (Refusal & {
      id: string;
      /** The seeded init, when the refusal came at forward and no stateDict was given. */
      stateDict?: Record<string, Tensor>;
    })
  | { id: string; kind: 'unavailable'; reason: string }
) & { elapsedS?: number };

export type InitResult = { kind: 'ok'; stateDict: Record<string, Tensor>; warnings: string[] } | Refusal;
