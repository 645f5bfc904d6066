// torch's forward + autograd.backward for tests, through python/backward_ref.py (one Python run per
// batch of cases). Tensors travel as raw bytes (live-torch.ts's wire format), never as decimal text.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { Tensor } from '../engine/tensor.js';
import { fromWire, PYTHON, toWire, type WireTensor } from './live-torch.js';

const SCRIPT = join(import.meta.dirname, '..', 'python', 'backward_ref.py');

export interface BackwardCase {
  config: Record<string, unknown>;
  state: Record<string, Tensor>;
  input: Tensor;
  hx?: Tensor | null;
  gradOutput: Tensor;
  gradHN?: Tensor | null;
  train?: boolean;
  /** torch.manual_seed(seed) right before the forward (the forward and backward commands' --seed). */
  seed?: number;
  /** Also the float64/complex128 answer with the same dropout masks. */
  oracle?: boolean;
}

export interface TorchAnswer {
  output: Tensor;
  h_n: Tensor;
  grads: Record<string, Tensor>;
}

export type BackwardResult = (TorchAnswer & { oracle?: TorchAnswer }) | { error: { type: string; message: string } };

interface WireAnswer {
  output: WireTensor;
  h_n: WireTensor;
  grads: Record<string, WireTensor>;
}

function python(cases: unknown[]): unknown[] {
  const r = spawnSync(PYTHON, [SCRIPT], { input: JSON.stringify(cases), maxBuffer: 1 << 30, encoding: 'utf8' });
  if (r.error) throw new Error(`cannot run torch at ${PYTHON}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`python/backward_ref.py failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout) as unknown[];
}

const answer = (w: WireAnswer): TorchAnswer => ({
  output: fromWire(w.output),
  h_n: fromWire(w.h_n),
  grads: Object.fromEntries(Object.entries(w.grads).map(([k, v]) => [k, fromWire(v)])),
});

/** torch's answers; throws (the test fails, never skips) when torch is missing. */
export function torchBackward(cases: BackwardCase[]): BackwardResult[] {
  const wire = cases.map((c) => ({
    config: c.config,
    state: Object.fromEntries(Object.entries(c.state).map(([k, v]) => [k, toWire(v)])),
    input: toWire(c.input),
    hx: c.hx ? toWire(c.hx) : null,
    grad_output: toWire(c.gradOutput),
    grad_h_n: c.gradHN ? toWire(c.gradHN) : null,
    train: c.train ?? false,
    seed: c.seed ?? null,
    oracle: c.oracle ?? false,
  }));
  return python(wire).map((r) => {
    const x = r as (WireAnswer & { oracle?: WireAnswer }) | { error: { type: string; message: string } };
    if ('error' in x) return x;
    return { ...answer(x), ...(x.oracle ? { oracle: answer(x.oracle) } : {}) };
  });
}

/**
 * torch.sum(t, 0) for each tensor (the reduction autograd applies to bias gradients), and
 * torch.backends.cpu.get_cpu_capability(): which vector build ran it (AVX2, AVX512...).
 */
export function torchSum0(ts: Tensor[]): { capability: string; sums: Tensor[] } {
  const [cap, ...sums] = python([{ op: 'capability' }, ...ts.map((t) => ({ op: 'sum0', input: toWire(t) }))]);
  return { capability: (cap as { capability: string }).capability, sums: sums.map((r) => fromWire((r as { sum: WireTensor }).sum)) };
}
