// A pairwise covering array over the categorical arguments: every pair of values of any two factors
// appears in at least one row. Built greedily (AETG style) with a fixed PRNG, so the rows are the same
// on every run and every run, however short, starts with them.
import { mulberry32 } from './prng.js';

export type Factors = Record<string, readonly unknown[]>;
export type Row<F extends Factors> = { [K in keyof F]: F[K][number] };

export function pairwiseRows<F extends Factors>(factors: F, candidates = 60): Row<F>[] {
  const names = Object.keys(factors);
  const sizes = names.map((n) => (factors[n] as readonly unknown[]).length);
  const key = (i: number, a: number, j: number, b: number): string => `${i}:${a}|${j}:${b}`;
  const uncovered = new Set<string>();
  for (let i = 0; i < names.length; i++)
    for (let j = i + 1; j < names.length; j++)
      for (let a = 0; a < (sizes[i] as number); a++) for (let b = 0; b < (sizes[j] as number); b++) uncovered.add(key(i, a, j, b));

  const rand = mulberry32(0x5eed);
  const gain = (row: number[]): number => {
    let g = 0;
    for (let i = 0; i < row.length; i++) for (let j = i + 1; j < row.length; j++) if (uncovered.has(key(i, row[i] as number, j, row[j] as number))) g++;
    return g;
  };
  const rows: number[][] = [];
  while (uncovered.size > 0) {
    let best: number[] = [];
    let bestGain = -1;
    for (let c = 0; c < candidates; c++) {
      // Seed the candidate with one uncovered pair, then fill factors in random order, greedily.
      const [first] = uncovered;
      const m = /^(\d+):(\d+)\|(\d+):(\d+)$/.exec(first as string);
      const row = new Array<number>(names.length).fill(-1);
      if (m) {
        row[Number(m[1])] = Number(m[2]);
        row[Number(m[3])] = Number(m[4]);
      }
      const order = names.map((_, i) => i).sort(() => rand() - 0.5);
      for (const f of order) {
        if (row[f] !== -1) continue;
        let bestV = 0;
        let bestVG = -1;
        for (let v = 0; v < (sizes[f] as number); v++) {
          let g = 0;
          for (let o = 0; o < names.length; o++) {
            const ov = row[o] as number;
            if (o === f || ov === -1) continue;
            if (uncovered.has(o < f ? key(o, ov, f, v) : key(f, v, o, ov))) g++;
          }
          if (g > bestVG || (g === bestVG && rand() < 0.5)) [bestV, bestVG] = [v, g];
        }
        row[f] = bestV;
      }
      const g = gain(row);
      if (g > bestGain) [best, bestGain] = [row, g];
    }
    rows.push(best);
    for (let i = 0; i < best.length; i++) for (let j = i + 1; j < best.length; j++) uncovered.delete(key(i, best[i] as number, j, best[j] as number));
  }
  return rows.map((r) => Object.fromEntries(names.map((n, i) => [n, (factors[n] as readonly unknown[])[r[i] as number]])) as Row<F>);
}
