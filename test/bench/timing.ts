// Median timing the same way python/bench_torch.py does it: warm up (>= 0.25 s), grow the repeat count until
// one repeat lasts >= 20 ms, then the median of several repeats, per call.
export interface Timing {
  medianS: number;
  reps: number;
}

export function medianCall(fn: () => void, repeats = 7, minS = 0.02): Timing {
  // Warm up for a quarter second (at least one call): V8 tiers a function up only after many calls,
  // and a calibration run on half-optimised code would settle on too few repetitions.
  const w = performance.now();
  let calls = 0;
  do {
    fn();
    calls++;
  } while (performance.now() - w < 250);
  let reps = 1;
  // A call that already lasts minS needs no calibration (the large sizes take seconds).
  const perCallS = (performance.now() - w) / 1000 / calls;
  for (; perCallS < minS; ) {
    const t = performance.now();
    for (let i = 0; i < reps; i++) fn();
    const dt = (performance.now() - t) / 1000;
    if (dt >= minS || reps >= 1 << 20) break;
    reps *= 2;
  }
  const times: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const t = performance.now();
    for (let i = 0; i < reps; i++) fn();
    times.push((performance.now() - t) / 1000 / reps);
  }
  return { medianS: median(times), reps };
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}
