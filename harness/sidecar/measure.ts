// Sidecar transport cost: `npm run build && node dist/harness/sidecar/measure.js` prints it, and
// `npm run bench` (test/perf.bench.ts) puts it in the benchmark table. Round-trip time of a request
// holding one tiny case, cases/s when many tiny cases share a request, and MB/s for one large
// tensor (sent as input, returned as output).
import { fileURLToPath } from 'node:url';
import { tensor } from '../../engine/tensor.js';
import { Sidecar } from './client.js';
import type { RefCase } from '../case/wire.js';

const tiny = (id: string): RefCase => ({ id, config: { input_size: 2, hidden_size: 2 }, seed: 1, input: tensor('float32', [1, 2], [0.5, -0.5]) });

export interface TransportCost {
  startMs: number;
  torch: string;
  /** Median round trip of a request holding one tiny case. */
  roundTripMs: number;
  /** Tiny seeded cases per second when 2000 share one request. */
  batchedCasesPerS: number;
  /** float64 tensors of this many MB each way: MB/s counting both directions (one RNN step included). */
  large: { mbEachWay: number; seconds: number; mbPerS: number }[];
}

export async function measureTransport(): Promise<TransportCost> {
  const t0 = performance.now();
  const s = await Sidecar.start({ requestTimeoutMs: 600_000 });
  const startMs = performance.now() - t0;
  try {
    for (let i = 0; i < 20; i++) await s.run([tiny('warm')]);
    const trips: number[] = [];
    for (let i = 0; i < 500; i++) {
      const t = performance.now();
      await s.run([tiny(`rt${i}`)]);
      trips.push(performance.now() - t);
    }
    trips.sort((a, b) => a - b);
    const batch = Array.from({ length: 2000 }, (_, i) => tiny(`b${i}`));
    let t = performance.now();
    await s.run(batch);
    const batchedCasesPerS = batch.length / ((performance.now() - t) / 1000);
    // A large tensor: input (1, N, 1) in, output (1, N, 1) out: one time step, so compute stays small.
    const large: TransportCost['large'] = [];
    for (const T of [1 << 20, 1 << 22]) {
      const input = tensor('float64', [1, T, 1], new Float64Array(T).fill(0.25));
      t = performance.now();
      await s.run([{ id: 'big', config: { input_size: 1, hidden_size: 1, dtype: 'float64' }, seed: 1, input }]);
      const seconds = (performance.now() - t) / 1000;
      const mbEachWay = (T * 8) / 1e6;
      large.push({ mbEachWay, seconds, mbPerS: (2 * mbEachWay) / seconds });
    }
    return { startMs, torch: s.hello.torch, roundTripMs: trips[trips.length >> 1] as number, batchedCasesPerS, large };
  } finally {
    await s.close();
  }
}

async function main(): Promise<void> {
  const m = await measureTransport();
  console.log(`start + handshake: ${m.startMs.toFixed(0)} ms (torch ${m.torch})`);
  console.log(`one tiny case per request: ${m.roundTripMs.toFixed(3)} ms median round trip`);
  console.log(`2000 tiny cases in one request: ${m.batchedCasesPerS.toFixed(0)} cases/s`);
  for (const l of m.large) console.log(`float64 tensor of ${l.mbEachWay} MB each way: ${l.seconds.toFixed(3)} s round trip, ${l.mbPerS.toFixed(0)} MB/s (incl. one RNN step)`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
