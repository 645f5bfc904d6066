"""Prints the table pasted into engine/kernels/gemm.spec.ts: torch 2.13's float32 and complex64 products
x·Wᵀ (mm), addmm(b, x, Wᵀ) and mm(x, Wᵀ).add_(b) at the bounds of engine/kernels/sgemm.ts's and cgemm.ts's
path choices, as the float32 bit patterns of the result (row-major; complex64 interleaved re, im).

The engine's kernels model MKL on an AVX-512 CPU. Each case is a shape and an input on which MKL on this
machine's CPU (AVX2) gives the model's answer while the neighbouring path (the other side of the bound) gives
another; the seeds were chosen that way (on some shapes the AVX2 order differs from the model's and only some
inputs round alike). Inputs: values() below, which the spec rebuilds (mode 'p': powers of two and 11-bit
integers, exact products that only the order of the additions changes; 'f': full 24-bit mantissas; 'z' and
'i': constant zero-sign and infinity patterns).

AVX-512 (gemm_bounds_avx512.py prints its own table): complex64 mm at rows = H = 1 (seed 2) was here, the dot path
with the row of x as the vector operand, as AVX2 computes it; AVX-512 takes the row of W there (cgemm.ts follows it
since), so it left this table. Three cases are AVX2's only: on AVX-512, torch gives another answer than the engine's
chain at rows 1, K 33, H 1 (seed 1), rows 4, K 4, H 1 (seed 1) and rows 2, K 32, H 2 (seed 102), shapes whose
AVX-512 path sgemm.ts does not know yet (test/float32-bits.test.ts leaves them out).

usage: gemm_bounds.py   (prints the cases as TypeScript)
"""
import numpy as np, torch

M = 0xffffffff


def h32(s, i):
    a = (s * 0x9E3779B9 + i * 0x85EBCA6B + 0x632BE5AB) & M
    a ^= a >> 16
    a = (a * 0x7feb352d) & M
    a ^= a >> 15
    a = (a * 0x846ca68b) & M
    return a ^ (a >> 16)


def value(s, i, op, mode):
    """Element i of operand op ('x', 'w' or 'b') for seed s, exact in float32."""
    if mode == 'z':  # x = 0 + 0i, W = -1 + 0i, b = -0 + 1i
        return {'x': 0.0, 'w': 0.0 if i % 2 else -1.0, 'b': 1.0 if i % 2 else -0.0}[op]
    if mode == 'i':  # x = inf + 0i, W = 1 + 0i, b = 1 + 0i
        return 0.0 if i % 2 else {'x': float('inf'), 'w': 1.0, 'b': 1.0}[op]
    w1, w2 = h32(s, 2 * i), h32(s, 2 * i + 1)
    if mode == 'f':
        return ((w1 >> 8) - 2 ** 23) * 2.0 ** (-29 + w2 % 13 if op != 'w' else -25 + w2 % 4)
    if op == 'w':
        return (-1.0 if w1 & 1 else 1.0) * 2.0 ** ((w1 >> 1) % 3 - 1)
    if (w1 & 0xff) < 90:
        return (-1.0 if (w1 >> 8) & 1 else 1.0) * 2.0 ** (20 + (w1 >> 9) % 6)
    return (((w1 >> 12) & 2047) - 1024) * 2.0 ** (-14 + w2 % 10)


# (dtype, op, rows, K, H, mode, seed)
CASES = [
    ('float32', 'mm', 15, 8, 2, 'f', 1), ('float32', 'mm', 10, 8, 3, 'f', 1), ('float32', 'mm', 2, 8, 11, 'f', 1),
    ('float32', 'addmm', 1, 1, 3, 'f', 3), ('float32', 'addmm', 3, 1, 1, 'f', 1), ('float32', 'mm', 1, 33, 1, 'p', 1),
    ('float32', 'mm', 1, 32, 1, 'p', 6), ('float32', 'mm', 3, 5, 1, 'f', 15), ('float32', 'mm', 4, 4, 1, 'p', 1),
    ('float32', 'mm', 2, 3, 13, 'p', 1), ('float32', 'mm', 2, 5, 4, 'p', 9), ('float32', 'mm', 4, 3, 4, 'p', 1),
    ('float32', 'mm', 2, 32, 2, 'p', 102),
    ('complex64', 'addmm', 3, 2, 2, 'p', 1), ('complex64', 'addmm', 3, 4, 11, 'f', 1), ('complex64', 'addmm', 1, 1, 8, 'f', 5),
    ('complex64', 'mm', 2, 4, 8, 'f', 1), ('complex64', 'mm', 2, 1, 8, 'z', 1),
    ('complex64', 'mm_add_', 2, 1, 8, 'z', 1), ('complex64', 'addmm', 4, 1, 4, 'i', 1), ('complex64', 'mm', 2, 1, 8, 'i', 1),
]


def operand(dtype, seed, n, op, mode):
    c = dtype == 'complex64'
    a = np.array([value(seed, i, op, mode) for i in range(2 * n if c else n)], np.float32)
    return torch.from_numpy(a).view(torch.complex64) if c else torch.from_numpy(a)


def product(dtype, op, rows, K, H, mode, seed):
    x = operand(dtype, seed, rows * K, 'x', mode).reshape(rows, K)
    W = operand(dtype, seed + 1000000, H * K, 'w', mode).reshape(H, K)
    b = operand(dtype, seed + 2000000, H, 'b', mode)
    if op == 'mm':
        p = torch.mm(x, W.t())
    elif op == 'addmm':
        p = torch.addmm(b, x, W.t())
    else:
        p = torch.mm(x, W.t()).add_(b)
    p = torch.view_as_real(p) if dtype == 'complex64' else p
    return ' '.join('%08x' % v for v in p.contiguous().reshape(-1).view(torch.int32).numpy().astype(np.uint32))


if __name__ == '__main__':
    torch.set_num_threads(1)
    print(f'// printed by python/testing/gemm_bounds.py: torch {torch.__version__}, CPU capability {torch.backends.cpu.get_cpu_capability()}')
    for dtype, op, rows, K, H, mode, seed in CASES:
        print(f"  ['{dtype}', '{op}', {rows}, {K}, {H}, '{mode}', {seed}, '{product(dtype, op, rows, K, H, mode, seed)}'],")
