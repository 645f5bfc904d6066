"""The committed table test/fixtures/dot4/ (read by test/dot4-table.test.ts, which `npm run mutate` runs
in-process): torch.mm(A, B) of float16 and bfloat16 matrices, A (rows, K) and B (K, cols) contiguous, as the
gradient products grad·W_hh and grad·W_ih are (engine/kernels/dot4.ts: torch's own gemm for 16-bit types, four
float32 partial sums). Each A mixes large values with small ones that a float32 sum keeps or drops depending
on the order it adds them, so a sum in another order gives another answer in a few percent of the elements.

usage: mm_half_table.py OUTDIR. Writes
  products.bin:    torch's products, float32 LE (exact: 16-bit values), case after case, row-major;
  provenance.json: the torch version and CPU capability, this command, the input formula and the cases
                   (dtype, rows, K, cols, seed, offset and count in products.bin).
The inputs are not stored: test/dot4-table.test.ts builds them with the same formula (values() below).
Deterministic: the same torch gives the same bytes on any CPU with AVX2: the tool asks torch for its AVX2
kernels and oneDNN for no more than AVX2. On a CPU with AVX512-FP16 (Sapphire Rapids), torch 2.13 left alone
sums float16 K = 31, cols = 3 in another order (6 of its 144 products differ, measured 2026-12-07); the
engine follows the AVX2 order (dot4.ts).
"""
import sys, os
os.environ['ATEN_CPU_CAPABILITY'] = 'avx2'
os.environ['ONEDNN_MAX_CPU_ISA'] = 'AVX2'
import numpy as np, torch
from table_files import hashes, write_table

TORCH = {'float16': torch.float16, 'bfloat16': torch.bfloat16}


def values(dtype, n, seed, operand):
    """n values of A (operand 'a': 35% large, the rest small) or B (operand 'b': +-1/2, 1, 2), exact in dtype."""
    u, h = hashes(n, seed)
    sign = np.where((h >> np.uint64(8)) & np.uint64(1), -1.0, 1.0)
    e3 = ((h >> np.uint64(9)) % np.uint64(3)).astype(np.int64)
    if operand == 'b':
        return sign * np.ldexp(1.0, (e3 - 1).astype(np.int32))
    big = (h & np.uint64(0xFF)) < np.uint64(90)
    if dtype == 'float16':
        small = np.ldexp(((h >> np.uint64(12)) & np.uint64(2047)).astype(np.float64) - 1024, ((u >> np.uint64(28)) % np.uint64(10)).astype(np.int32) - 24)
        large = sign * np.ldexp(1.0, (8 + e3).astype(np.int32))
    else:
        small = np.ldexp(((h >> np.uint64(12)) & np.uint64(255)).astype(np.float64) - 128, ((u >> np.uint64(27)) % np.uint64(20)).astype(np.int32) - 20)
        large = sign * np.ldexp(1.0, (30 + e3).astype(np.int32))
    return np.where(big, large, small)


ROWS = 48
SHAPES = [(K, cols) for K in list(range(1, 13)) + [15, 16, 17, 31, 40] for cols in (1, 3)]

if __name__ == '__main__':
    out_dir = sys.argv[1]
    cases, products = [], []
    offset = 0
    for dtype in ('float16', 'bfloat16'):
        for K, cols in SHAPES:
            seed = len(cases)
            a, b = values(dtype, ROWS * K, seed, 'a'), values(dtype, K * cols, seed, 'b')
            A = torch.from_numpy(a.reshape(ROWS, K)).to(TORCH[dtype])
            B = torch.from_numpy(b.reshape(K, cols)).to(TORCH[dtype])
            assert torch.equal(A.double(), torch.from_numpy(a.reshape(ROWS, K))) and torch.equal(B.double(), torch.from_numpy(b.reshape(K, cols))), 'an input is not exact in its dtype'
            p = torch.mm(A, B).float().reshape(-1).numpy()
            assert np.isfinite(p).all(), 'a product left the dtype\'s range'
            cases.append({'dtype': dtype, 'rows': ROWS, 'K': K, 'cols': cols, 'seed': seed, 'offset': offset, 'count': int(p.size)})
            products.append(p)
            offset += int(p.size)
    write_table(out_dir, 'products.bin', products, '<f4', 'python/testing/mm_half_table.py test/fixtures/dot4',
                'A[r, k] is values(dtype, rows*K, seed, "a")[r*K + k], B[k, j] values(dtype, K*cols, seed, "b")[k*cols + j]: python/testing/mm_half_table.py',
                cases)
