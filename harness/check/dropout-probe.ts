// torch's training-mode dropout masks depend on its CPU path (on some CPUs bernoulli_ takes another
// route). The sidecar's handshake carries the masks its torch draws for a
// fixed seed; when the engine draws others, cases with dropout masks are not comparable on this machine,
// and the harness says so instead of reporting a wrong engine.
import { dropout_, Generator } from '../../engine/random.js';
import { zeros } from '../../engine/tensor.js';
import type { Handshake } from '../sidecar/index.js';

/** The engine's mask for the probe, as `1` (kept) and `0`. */
export function engineProbeMask(dtype: 'float32' | 'float64', seed: number, p: number, n: number): string {
  const t = zeros(dtype, [n]);
  t.data.fill(1);
  dropout_(t, p, new Generator(seed));
  return Array.from(t.data, (v) => (v !== 0 ? '1' : '0')).join('');
}

/** Why dropout cases cannot be compared with this torch, or null when its masks are the engine's. */
export function dropoutMismatch(hello: Handshake): string | null {
  const probe = hello.dropoutProbe;
  if (!probe) return null;
  for (const [dtype, mask] of Object.entries(probe.masks)) {
    if (dtype !== 'float32' && dtype !== 'float64') continue;
    const mine = engineProbeMask(dtype, probe.seed, probe.p, probe.n);
    if (mine !== mask) {
      const at = [...mine].findIndex((c, i) => c !== mask[i]);
      return (
        `torch ${hello.torch} on this CPU (${hello.cpuModel}, ${hello.cpuCapability}) draws other training-mode dropout masks than the engine ` +
        `(torch.manual_seed(${probe.seed}); F.dropout(ones(${probe.n}, ${dtype}), ${probe.p}, True) first differs at element ${at}): ` +
        'cases with 0 < dropout < 1 in training mode cannot be compared here'
      );
    }
  }
  return null;
}
