// Sidecar transport cost, printed (not a test): `npm run build && node dist/harness/sidecar/measure.js`.
// Round-trip time of a request holding one tiny case, cases/s when many tiny cases share a request,
// and MB/s for one large tensor (sent as input, returned as output).
import { tensor } from '../../engine/tensor.js';
import { Sidecar } from './client.js';
import type { RefCase } from './types.js';

const tiny = (id: string): RefCase => ({ id, config: { input_size: 2, hidden_size: 2 }, seed: 1, input: tensor('float32', [1, 2], [0.5, -0.5]) });

async function main(): Promise<void> {
  const t0 = performance.now();
  const s = await Sidecar.start({ requestTimeoutMs: 600_000 });
  console.log(`start + handshake: ${(performance.now() - t0).toFixed(0)} ms (torch ${s.hello.torch}, ${s.hello.cpuCapability}, ${s.hello.numThreads} thread)`);

  for (let i = 0; i < 20; i++) await s.run([tiny('warm')]);
  const n = 500;
  let t = performance.now();
  for (let i = 0; i < n; i++) await s.run([tiny(`rt${i}`)]);
  console.log(`one tiny case per request: ${((performance.now() - t) / n).toFixed(3)} ms per round trip`);

  const batch = Array.from({ length: 2000 }, (_, i) => tiny(`b${i}`));
  t = performance.now();
  await s.run(batch);
  const dt = (performance.now() - t) / 1000;
  console.log(`2000 tiny cases in one request: ${(batch.length / dt).toFixed(0)} cases/s`);

  // A large tensor: input (1, N, 1) in, output (1, N, 1) out: one time step, so compute stays small.
  for (const T of [1 << 20, 1 << 22]) {
    const input = tensor('float64', [1, T, 1], new Float64Array(T).fill(0.25));
    t = performance.now();
    const [r] = await s.run([{ id: 'big', config: { input_size: 1, hidden_size: 1, dtype: 'float64' }, seed: 1, input }]);
    const secs = (performance.now() - t) / 1000;
    const mb = (2 * T * 8) / 1e6; // sent + received
    console.log(`float64 tensor of ${(T * 8) / 1e6} MB each way: ${secs.toFixed(3)} s round trip, ${(mb / secs).toFixed(0)} MB/s (incl. one RNN step over batch ${T}) [${r.kind}]`);
  }
  await s.close();
}

await main();
