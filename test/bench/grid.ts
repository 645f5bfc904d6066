// The size grid of issue 7: tiny is the seed document's module (input 6, hidden 3, batch 1) run at
// every length 1..6 (one op = the six forwards), then small, medium and large, in three dtypes.
import type { DType } from '../../engine/dtype.js';

export interface GridRow {
  name: string;
  size: 'tiny' | 'small' | 'medium' | 'large';
  dtype: DType;
  input_size: number;
  hidden_size: number;
  batch: number;
  lengths: number[];
  repeats?: number;
}

const SIZES = [
  { size: 'tiny', input_size: 6, hidden_size: 3, batch: 1, lengths: [1, 2, 3, 4, 5, 6] },
  { size: 'small', input_size: 16, hidden_size: 32, batch: 4, lengths: [20] },
  { size: 'medium', input_size: 64, hidden_size: 64, batch: 8, lengths: [50] },
  { size: 'large', input_size: 512, hidden_size: 512, batch: 32, lengths: [100] },
] as const;

export const GRID_DTYPES: readonly DType[] = ['float32', 'float64', 'complex64'];

/** RNN_BENCH_SIZES=tiny,small limits the grid (for quick runs while working on the engine). */
export function forwardGrid(dtypes: readonly DType[] = GRID_DTYPES, sizes = process.env.RNN_BENCH_SIZES?.split(',')): GridRow[] {
  return SIZES.filter((s) => !sizes || sizes.includes(s.size)).flatMap((s) =>
    dtypes.map((dtype) => ({
      ...s,
      lengths: [...s.lengths],
      name: `${s.size} ${dtype}`,
      dtype,
      // large runs take seconds on the engine: fewer repeats keep the whole bench in minutes
      ...(s.size === 'large' ? { repeats: 3 } : {}),
    })),
  );
}

export function describeSize(r: GridRow): string {
  const T = r.lengths.length > 1 ? `T=${r.lengths[0]}..${r.lengths[r.lengths.length - 1]}` : `T=${r.lengths[0]}`;
  return `${r.input_size}/${r.hidden_size}, ${T}, N=${r.batch}`;
}
