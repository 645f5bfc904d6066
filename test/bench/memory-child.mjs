// One engine forward in a fresh process (the engine built to a temp dir, argv[7]): peak RSS during the forward,
// above the RSS once module, weights and input exist. Prints JSON. Run with --expose-gc.
import { readFileSync } from 'node:fs';

const { RNN, zeros, Generator } = await import(process.argv[7]);

// This process's own RSS high-water mark: /proc's VmHWM starts afresh at exec, whereas getrusage's
// maxRSS carries the parent's peak over (a vitest worker's quarter gigabyte).
function peakRss() {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]) * 1024;
  } catch {
    // not Linux: fall back to getrusage
  }
  return process.resourceUsage().maxRSS * 1024;
}

const [I, H, N, T] = process.argv.slice(2, 6).map(Number);
const dtype = process.argv[6];
const rnn = new RNN({ inputSize: I, hiddenSize: H, dtype }, { generator: new Generator(0) }).eval();
const x = zeros(dtype, [T, N, I]);
for (let i = 0; i < x.data.length; i++) x.data[i] = Math.fround(Math.sin(i));
globalThis.gc?.();
const before = process.memoryUsage().rss;
const peakBefore = peakRss();
const [out, hN] = rnn.forward(x);
const peak = peakRss();
// When the forward never rose above the start-up peak, the difference is only an upper bound.
const bound = peak === peakBefore;
const weights = Object.values(rnn.stateDict()).reduce((s, t) => s + t.data.byteLength, 0);
console.log(JSON.stringify({ extraBytes: Math.max(0, peak - before), bound, outputBytes: out.data.byteLength + hN.data.byteLength, weightBytes: weights }));
