"""Prints the AVX-512 tables of engine/kernels/gemm.spec.ts: torch 2.13's float32 and complex64 products at the
bounds of engine/kernels/sgemm.ts's and cgemm.ts's path choices that only an AVX-512 CPU judges (MKL on AVX2 sums
these shapes in other orders), and a complex64 nn.RNN forward whose first step adds a -0 real part of P to a -0
real part of h·W_hhᵀ + b_hh (engine/kernels/complex.ts's stepComplex).

Printed on an Intel Xeon (Sapphire Rapids, AVX512-FP16; torch.backends.cpu.get_cpu_capability() = AVX512), whose
torch gives the golden AVX512 reference's 238 fixtures bit for bit. The products are gemm_bounds.py's (same
inputs: values(), modes 'f' and 'z', the same mm / addmm / mm().add_ calls); each case is a shape on the model's
side of a bound and a seed on which the neighbouring path (the bound moved by one, or the condition replaced)
gives another answer, so the case kills that mutant. On every one of these shapes, torch here gave the engine's
answer for every seed tried (small kernel: 14 shapes x 10 seeds; fused K = 1 bias: 11 shapes x 40 seeds; the dot
path at rows = H = 1: K 1, 2, 3, 4, 7, 8, 9, 16, 17, 33 x 20 seeds x mm, addmm and mm().add_, 600 products, where
cgemm.ts before taking the row of W there missed 191; K = 1: rows 1, 2, 3, 4, 6, 10, 17, 40 x H 1..17 x mm, addmm
and mm().add_ x 3 seeds and the 'z' input, 1632 products, where cgemm.ts before taking the K = 1 product at H 2..7
missed 498).

usage: gemm_bounds_avx512.py   (prints the cases as TypeScript; refuses on another CPU capability)
"""
import sys
import torch
from gemm_bounds import product

# (dtype, op, rows, K, H, mode, seed, why)
CASES = [
    ('float32', 'addmm', 2, 1, 3, 'f', 3, 'rows = 2: the K = 1 addmm bias is fused (rows >= 2, not > 2)'),
    ('float32', 'addmm', 3, 1, 2, 'f', 1, 'H = 2: the K = 1 addmm bias is fused (H >= 2, not > 2)'),
    ('complex64', 'addmm', 10, 4, 4, 'f', 1, 'rows = 10: still the small kernel (rows <= 10)'),
    ('complex64', 'addmm', 4, 3, 10, 'f', 1, 'H = 10: still the small kernel (H <= 10); tail columns from j = 8'),
    ('complex64', 'addmm', 4, 2, 4, 'f', 1, 'K = 2: still the small kernel (K >= 2); odd rows keep the x form (K >= 3 for the W form)'),
    ('complex64', 'addmm', 4, 10, 4, 'f', 1, 'K = 10: still the small kernel (K <= 10)'),
    ('complex64', 'addmm', 4, 3, 6, 'f', 1, 'H = 6: tail columns only from j = 8 (odd rows: x form in columns 0..5)'),
    ('complex64', 'addmm', 6, 4, 5, 'f', 1, 'H = 5: every column a tail column (H <= 5, not < 5: odd rows take the W form)'),
    ('complex64', 'addmm', 3, 3, 3, 'z', 1, 'the small kernel starts from the bias: -0 + 1i plus 0·(-1) stays -0'),
    ('complex64', 'mm', 1, 1, 1, 'f', 2, 'rows = H = 1: the dot path with the row of W as the vector operand'),
    ('complex64', 'mm', 2, 1, 1, 'f', 2, 'H = 1, rows = 2: the dot path with the row of x as the vector operand'),
    ('complex64', 'mm', 2, 1, 2, 'z', 1, 'K = 1, rows 2, H 2: the K = 1 product, not the dot path (a -0 real part stays -0)'),
    ('complex64', 'mm', 3, 1, 7, 'f', 1, 'K = 1, rows 3, H 7: the K = 1 product (x first), not the dot path (W first)'),
    ('complex64', 'mm', 2, 1, 1, 'z', 1, 'K = 1, H = 1, rows 2: still the dot path (its lanes from +0 give +0)'),
]

# nn.RNN(I, H, dtype=complex64), every element of a parameter or of x one constant (re, im): h0 = 0, so the first
# step's h·W_hhᵀ + b_hh is cgemm's small kernel (N = 3, K = H = 3) from b_hh's -0: real part -0; P = x·W_ihᵀ + b_ih
# (T·N = 3 rows, K = I = 3) is -0 too. add_ computes g + (1 + 0i)·P: P's real part times alpha is -0 - pi·0, so
# -0 + (-0) = -0 when pi >= 0 and -0 + (+0) = +0 when pi < 0 (a sum pr + pi·0 flips both).
RNN_CASES = [
    (3, 3, 1, 3, {'weight_ih_l0': (-1.0, 0.0), 'bias_ih_l0': (-0.0, 0.5), 'weight_hh_l0': (-1.0, 0.0), 'bias_hh_l0': (-0.0, 0.0)}, (0.0, 0.0)),
    (3, 3, 1, 3, {'weight_ih_l0': (-1.0, 0.0), 'bias_ih_l0': (-0.0, -0.5), 'weight_hh_l0': (-1.0, 0.0), 'bias_hh_l0': (-0.0, 0.0)}, (0.0, 0.0)),
]


def rnn_output(I, H, T, N, params, x):
    m = torch.nn.RNN(I, H, dtype=torch.complex64)
    with torch.no_grad():
        for name, (re, im) in params.items():
            getattr(m, name).fill_(complex(re, im))
        y, _ = m(torch.full((T, N, I), complex(*x), dtype=torch.complex64))
    return ' '.join(repr(v) for v in torch.view_as_real(y).reshape(-1).tolist())


def js(v):
    return '-0' if repr(v) == '-0.0' else repr(v)


if __name__ == '__main__':
    torch.set_num_threads(1)
    cap = torch.backends.cpu.get_cpu_capability()
    if cap != 'AVX512':
        sys.exit(f'gemm_bounds_avx512.py: torch here runs its {cap} kernels; these tables are AVX512 answers')
    print(f'// printed by python/testing/gemm_bounds_avx512.py: torch {torch.__version__}, CPU capability {cap} (Intel Xeon, Sapphire Rapids)')
    for dtype, op, rows, K, H, mode, seed, why in CASES:
        print(f"  ['{dtype}', '{op}', {rows}, {K}, {H}, '{mode}', {seed}, '{product(dtype, op, rows, K, H, mode, seed)}', '{why}'],")
    print('// RNN_CASES:')
    for I, H, T, N, params, x in RNN_CASES:
        p = ', '.join(f'{k}: [{js(re)}, {js(im)}]' for k, (re, im) in params.items())
        print(f"  [{I}, {H}, {T}, {N}, {{ {p} }}, [{js(x[0])}, {js(x[1])}], '{rnn_output(I, H, T, N, params, x)}'],")
