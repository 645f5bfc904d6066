"""The committed table test/fixtures/reduce/ (read by test/reduce-table.test.ts, which `npm run mutate` runs
in-process): torch.sum(t, 0) of (rows, cols) tensors long enough to reach every level of torch's cascade sum
(aten/src/ATen/native/cpu/SumKernel.cpp: multi_row_sum's levels at 16, 256 and 4096 rows, its level power
above 4 past 2^19 rows, row_sum's four partials, vectorized_inner_sum's single column), every dtype. The bias
gradients' reduction (engine/kernels/reduce.ts) is this sum; no fixture of golden/ is that long.

usage: sum_table.py OUTDIR. Writes
  sums.bin:        torch's sums, float64 LE, case after case (a complex sum as re, im; a 16-bit one widened);
  provenance.json: the torch version and CPU capability, this command, the input formula and the cases
                   (dtype, rows, cols, seed, offset and count in sums.bin).
The inputs are not stored: test/reduce-table.test.ts builds them with the same formula (integers only, every
value exact in its dtype), value(i) below. Deterministic: the same torch gives the same bytes on any CPU with AVX2 (the tool asks torch for its AVX2 kernels).
"""
import sys, os
os.environ['ATEN_CPU_CAPABILITY'] = 'avx2'  # the AVX2 kernels (reduce.ts's widths) on an AVX-512 CPU too
import numpy as np, torch
from table_files import hashes, write_table

# (dtype, register width in elements of the AVX2 build): the shapes are chosen around these widths
KINDS = [('float32', 8, 8), ('float64', 4, 4), ('float16', 16, 8), ('bfloat16', 16, 8), ('complex64', 4, 4), ('complex128', 2, 2)]
TORCH = {'float32': torch.float32, 'float64': torch.float64, 'float16': torch.float16, 'bfloat16': torch.bfloat16,
         'complex64': torch.complex64, 'complex128': torch.complex128}


def values(dtype, n, seed):
    """n real lanes (a complex element is two): a hash of the lane index and seed, exact in dtype."""
    u, h = hashes(n, seed)
    ii = np.arange(n, dtype=np.int64)
    if dtype in ('float64', 'complex128'):
        m = ((h >> np.uint64(8)).astype(np.int64) - 2**23) * 2**28 + (u >> np.uint64(8)).astype(np.int64)
        return np.ldexp(m.astype(np.float64), (ii % 41 - 20 - 51).astype(np.int32))
    if dtype in ('float32', 'complex64'):
        m = (h >> np.uint64(8)).astype(np.int64) - 2**23
        return np.ldexp(m.astype(np.float64), (ii % 17 - 8 - 23).astype(np.int32))
    if dtype == 'float16':
        m = (h >> np.uint64(22)).astype(np.int64) - 512
        return np.ldexp(m.astype(np.float64), (ii % 15 - 14).astype(np.int32))
    m = (h >> np.uint64(24)).astype(np.int64) - 128  # bfloat16
    return np.ldexp(m.astype(np.float64), (ii % 41 - 20).astype(np.int32))


def shapes(vec, acc):
    wide = 4 * acc + 1  # 4 registers of columns by multi_row_sum, one column by row_sum
    out = [(vec - 1, 1), (vec, 1), (vec + 1, 1), (64 * vec + 5, 1), (1030 * vec + 3, 1)]
    out += [(r, wide) for r in (15, 16, 17, 31, 32, 33, 64, 65, 255, 256, 257, 300, 4096, 4097, 4615)]
    out += [(r, 5) for r in (15, 16, 17, 63, 64, 65, 300, 1024, 1031, 4100, 16387, 18463)]
    out += [(r, 3) for r in (16, 65, 1029)]
    if vec > 4:
        out += [(r, 4) for r in (300, 4615)] + [(r, vec) for r in (17, 300)]
    return out


def torch_sum(dtype, rows, cols, seed):
    """torch.sum(t, 0) of the (rows, cols) input of values(), as float64 lanes."""
    lanes = 2 if dtype.startswith('complex') else 1
    v = values(dtype, rows * cols * lanes, seed)
    t = torch.from_numpy(v.reshape(rows, cols * lanes))
    if lanes == 2:
        t = torch.view_as_complex(t.reshape(rows, cols, 2).contiguous())
    t = t.to(TORCH[dtype])
    assert torch.equal(t.to(torch.complex128 if lanes == 2 else torch.float64).reshape(-1), (torch.view_as_complex(torch.from_numpy(v).reshape(-1, 2)) if lanes == 2 else torch.from_numpy(v))), 'an input value is not exact in its dtype'
    s = torch.sum(t, 0)
    return (torch.view_as_real(s) if lanes == 2 else s).to(torch.float64).reshape(-1).numpy()


# a single column of 4 to vec + 1 rows (and 8 more of exactly vec), appended after the cases above (their seeds unchanged): row_sum's
# partials below vec rows, vectorized_inner_sum from vec on, orders that differ from 4 rows on (float16's
# float32 sums of so few rows are exact in any order, so only float32 and bfloat16)
SHORT_COLUMNS = [('float32', r, 1) for r in range(4, 10)] + [('bfloat16', r, 1) for r in range(4, 18)]
SHORT_COLUMNS += [('float32', 8, 1)] * 8 + [('bfloat16', 16, 1)] * 8  # exactly vec rows, other seeds: the two orders part on some


if __name__ == '__main__':
    out_dir = sys.argv[1]
    cases, sums = [], []
    offset = 0
    todo = []
    for dtype, vec, acc in KINDS:
        extra = [(2**19, 4), (2**19 + 1, 4)] if dtype == 'float32' else []  # multi_row_sum's level power 4 -> 5
        todo += [(dtype, rows, cols, k) for k, (rows, cols) in enumerate(shapes(vec, acc) + extra)]
    todo += [(dtype, rows, cols, 0) for dtype, rows, cols in SHORT_COLUMNS]
    for dtype, rows, cols, k in todo:
        seed = 1000 * len(cases) + k
        s = torch_sum(dtype, rows, cols, seed)
        cases.append({'dtype': dtype, 'rows': rows, 'cols': cols, 'seed': seed, 'offset': offset, 'count': int(s.size)})
        sums.append(s)
        offset += int(s.size)
    write_table(out_dir, 'sums.bin', sums, '<f8', 'python/testing/sum_table.py test/fixtures/reduce',
                'lane i of a case (a complex element is two lanes, re then im): python/testing/sum_table.py values()', cases)
