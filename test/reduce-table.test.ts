// engine/kernels/reduce.ts (the bias gradients' column sums) against a committed table of torch.sum(t, 0)
// (test/fixtures/reduce/, written by python/testing/sum_table.py on an AVX2 torch: provenance.json): shapes
// long enough for every level of torch's cascade sum, which no golden fixture reaches (16, 256 and 4096 rows,
// the level power past 2^19 rows, row_sum's partials, the single contiguous column), every dtype, bit for bit.
// No Python: `npm run mutate` runs this in-process; kernel-tables-provenance.test.ts holds the table to the
// live torch. The inputs are rebuilt here with the tool's formula (values(): integers, exact in the dtype).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { roundBF16, roundF16 } from '../engine/half.js';
import { columnSums, SUM_WIDTHS } from '../engine/kernels/reduce.js';
import { repoRoot } from '../harness/sidecar/paths.js';

const DIR = join(repoRoot(), 'test', 'fixtures', 'reduce');

interface SumCase {
  dtype: 'float32' | 'float64' | 'float16' | 'bfloat16' | 'complex64' | 'complex128';
  rows: number;
  cols: number;
  seed: number;
  offset: number;
  count: number;
}

/** python/testing/sum_table.py values(): lane i of a case, exact in its dtype. */
function values(dtype: SumCase['dtype'], n: number, seed: number): Float64Array {
  const out = new Float64Array(n);
  const add = seed * 40503 + 12345;
  const wide = dtype === 'float64' || dtype === 'complex128';
  const scale = Array.from({ length: 41 }, (_, k) => 2 ** k); // 2^k, k < 41: the exponents below without a pow per lane
  for (let i = 0; i < n; i++) {
    const u = (Math.imul(i, 2654435761) + add) >>> 0;
    const h = Math.imul(u ^ (u >>> 15), 2246822519) >>> 0;
    let v: number;
    if (wide) v = (((h >>> 8) - 2 ** 23) * 2 ** 28 + (u >>> 8)) * (scale[i % 41] as number) * 2 ** -71;
    else if (dtype === 'float32' || dtype === 'complex64') v = ((h >>> 8) - 2 ** 23) * (scale[i % 17] as number) * 2 ** -31;
    else if (dtype === 'float16') v = ((h >>> 22) - 512) * (scale[i % 15] as number) * 2 ** -14;
    else v = ((h >>> 24) - 128) * (scale[i % 41] as number) * 2 ** -20;
    out[i] = v;
  }
  return out;
}

const WIDTHS = { float32: SUM_WIDTHS.float32, float64: SUM_WIDTHS.float64, float16: SUM_WIDTHS.half, bfloat16: SUM_WIDTHS.half, complex64: SUM_WIDTHS.complex64, complex128: SUM_WIDTHS.complex128 };

describe('column sums: the committed table of torch.sum(t, 0) (test/fixtures/reduce/)', () => {
  const provenance = JSON.parse(readFileSync(join(DIR, 'provenance.json'), 'utf8')) as { torch_cpu_capability: string; cases: SumCase[] };
  const bytes = readFileSync(join(DIR, 'sums.bin'));
  const sums = new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
  const dtypes = [...new Set(provenance.cases.map((c) => c.dtype))];
  it('was computed by torch\'s AVX2 kernels (the widths reduce.ts models) and holds every dtype', () => {
    expect(provenance.torch_cpu_capability).toBe('AVX2');
    expect(dtypes.sort()).toEqual(['bfloat16', 'complex128', 'complex64', 'float16', 'float32', 'float64']);
  });
  for (const dtype of dtypes) {
    const cases = provenance.cases.filter((c) => c.dtype === dtype);
    it(`${dtype}: ${cases.length} shapes bit for bit`, () => {
      const bad: string[] = [];
      const lanes = dtype === 'complex64' || dtype === 'complex128' ? 2 : 1;
      const f32 = dtype !== 'float64' && dtype !== 'complex128';
      const round = dtype === 'float16' ? roundF16 : dtype === 'bfloat16' ? roundBF16 : (x: number): number => x;
      for (const c of cases) {
        const v = values(dtype, c.rows * c.cols * lanes, c.seed);
        const src = f32 ? Float32Array.from(v) : v;
        const got = f32 ? new Float32Array(c.cols * lanes) : new Float64Array(c.cols * lanes);
        columnSums(src, c.rows, c.cols, lanes, WIDTHS[dtype], f32, got);
        for (let j = 0; j < c.count; j++) {
          const want = sums[c.offset + j] as number;
          const g = round(got[j] as number);
          if (!Object.is(g, want) && bad.length < 10) bad.push(`(${c.rows}, ${c.cols}) seed ${c.seed} lane ${j}: reduce.ts ${g}, torch ${want}`);
        }
      }
      expect(bad).toEqual([]);
    });
  }
});
