// engine/kernels/dot4.ts (float16/bfloat16 grad·W: four float32 partial sums) against a committed table of
// torch.mm(A, B) (test/fixtures/dot4/, written by python/testing/mm_half_table.py): K 1..12, 15, 16, 17, 31,
// 40, values whose float32 sum depends on the order it is added in, bit for bit. No Python: `npm run mutate`
// runs this in-process; kernel-tables-provenance.test.ts holds the table to the live torch. The inputs are rebuilt
// here with the tool's formula (values(): exact in the dtype).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { roundBF16, roundF16 } from '../engine/half.js';
import { dot4F32 } from '../engine/kernels/dot4.js';
import { repoRoot } from '../harness/sidecar/paths.js';

const DIR = join(repoRoot(), 'test', 'fixtures', 'dot4');

interface MmCase {
  dtype: 'float16' | 'bfloat16';
  rows: number;
  K: number;
  cols: number;
  seed: number;
  offset: number;
  count: number;
}

/** python/testing/mm_half_table.py values(): A's (operand 'a') or B's ('b') n values, exact in the dtype. */
function values(dtype: MmCase['dtype'], n: number, seed: number, operand: 'a' | 'b'): Float32Array {
  const out = new Float32Array(n);
  const add = seed * 40503 + 12345;
  for (let i = 0; i < n; i++) {
    const u = (Math.imul(i, 2654435761) + add) >>> 0;
    const h = Math.imul(u ^ (u >>> 15), 2246822519) >>> 0;
    const sign = (h >>> 8) & 1 ? -1 : 1;
    const e3 = (h >>> 9) % 3;
    if (operand === 'b') out[i] = sign * 2 ** (e3 - 1);
    else if ((h & 0xff) < 90) out[i] = sign * 2 ** (dtype === 'float16' ? 8 + e3 : 30 + e3);
    else if (dtype === 'float16') out[i] = (((h >>> 12) & 2047) - 1024) * 2 ** ((u >>> 28) % 10 - 24);
    else out[i] = (((h >>> 12) & 255) - 128) * 2 ** ((u >>> 27) % 20 - 20);
  }
  return out;
}

describe('16-bit grad·W: the committed table of torch.mm (test/fixtures/dot4/)', () => {
  const provenance = JSON.parse(readFileSync(join(DIR, 'provenance.json'), 'utf8')) as { cases: MmCase[] };
  const bytes = readFileSync(join(DIR, 'products.bin'));
  const products = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
  for (const dtype of ['float16', 'bfloat16'] as const) {
    const cases = provenance.cases.filter((c) => c.dtype === dtype);
    it(`${dtype}: ${cases.length} shapes bit for bit`, () => {
      expect(cases.length).toBeGreaterThan(0);
      const round = dtype === 'float16' ? roundF16 : roundBF16;
      const bad: string[] = [];
      for (const c of cases) {
        const a = values(dtype, c.rows * c.K, c.seed, 'a');
        const b = values(dtype, c.K * c.cols, c.seed, 'b');
        const bT = new Float32Array(c.cols * c.K); // dot4F32 takes B transposed: row j is B's column j
        for (let k = 0; k < c.K; k++) for (let j = 0; j < c.cols; j++) bT[j * c.K + k] = b[k * c.cols + j] as number;
        const out = new Float32Array(c.rows * c.cols);
        dot4F32(a, 0, c.rows, c.K, bT, c.cols, out, 0);
        for (let i = 0; i < c.count; i++) {
          const want = products[c.offset + i] as number;
          const got = round(out[i] as number);
          if (!Object.is(got, want) && bad.length < 10) bad.push(`(${c.rows}, ${c.K}) x (${c.K}, ${c.cols}) seed ${c.seed} element ${i}: dot4 ${got}, torch ${want}`);
        }
      }
      expect(bad).toEqual([]);
    });
  }
});
