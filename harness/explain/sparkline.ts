// Error against timestep in one line of characters: explain's terminal chart (report.ts) and the kinds'
// reports (kinds.ts) share its scale.
import { maxOf, type StepError } from './stats.js';

export const WIDTH = 64;
// Eight levels of error in tolerances: below 1e-3, ... , 1e3 and above; the tolerance is between ▄ and ▅.
const BARS = '▁▂▃▄▅▆▇█';

/** One character per step (or per bucket of steps, the worst in it): '·' exact, ▁..█ by decade. */
export function sparkline(errs: readonly StepError[], width = WIDTH): string {
  const T = errs.length;
  const cols = Math.min(T, width);
  let s = '';
  for (let c = 0; c < cols; c++) {
    const from = Math.floor((c * T) / cols);
    const to = Math.max(from + 1, Math.floor(((c + 1) * T) / cols));
    const v = maxOf(errs.slice(from, to), (e) => e.inTol);
    if (v === 0) s += '·';
    else s += BARS[Math.max(0, Math.min(7, Math.floor(Math.log10(v)) + 4))] ?? '█';
  }
  return s;
}

/** One error (in tolerances) as one character of the sparkline's scale. */
export function sparklineOf(v: number): string {
  return v === 0 ? '·' : (BARS[Math.max(0, Math.min(7, Math.floor(Math.log10(v)) + 4))] ?? '█');
}
