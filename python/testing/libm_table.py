"""The committed libm table test/fixtures/libm/ (read by test/libm-table.test.ts, which `npm run mutate`
runs in-process): glibc's float routines and torch's complex tanh on chosen inputs, every branch of
engine/libm/ and engine/complex.ts's ctanh included (each threshold word +-2, every exponent, specials,
the words that tell apart the mutants an exhaustive comparison found answering otherwise).

usage: libm_table.py OUTDIR. Writes
  glibc-float.bin: rows of 7 little-endian float32: x, expf, expm1f, sinhf, coshf, sincosf's sin and cos
                   (libm.so.6 through ctypes, as python/testing/glibc_float.py);
  ctanh-torch.bin: rows of 5 little-endian float64: kind (0 complex64, 1 complex128), re, im, and torch.tanh's
                   re, im (complex64 parts are float32 values, exact in float64);
  provenance.json: the glibc and torch versions and this command.
Deterministic: the same glibc and torch give the same bytes. The tool asks torch for its AVX2 kernels, so
provenance.json is the same on an AVX-512 CPU (whose torch 2.13 gave the same two tables, 2026-12-07).
"""
import sys, os, json, ctypes, platform, struct
os.environ['ATEN_CPU_CAPABILITY'] = 'avx2'
import numpy as np, torch

out_dir = sys.argv[1]
lm = ctypes.CDLL('libm.so.6')
for name in ['expf', 'expm1f', 'sinhf', 'coshf']:
    getattr(lm, name).restype = ctypes.c_float; getattr(lm, name).argtypes = [ctypes.c_float]
lm.sincosf.restype = None; lm.sincosf.argtypes = [ctypes.c_float, ctypes.POINTER(ctypes.c_float), ctypes.POINTER(ctypes.c_float)]

# float32 words: every threshold of engine/libm/ (+-2 words), every exponent with edge mantissas, specials,
# then fixed-seed random bit patterns and values in +-30.
THRESHOLDS = [0x4195b844, 0x42b17218, 0x7f800000, 0x3eb17218, 0x3f851592, 0x33000000, 0x41b00000, 0x31800000,
              0x3f800000, 0x42b17180, 0x42b2d4fc, 0x24000000, 0x42b17217, 0x42cff1b4, 0x3f490fdb, 0x3c800000,
              0x39800000, 0x40e231d6, 0x407b53d1, 0x4016cbe4, 0x47800000, 0x00800000, 0x42300000, 0x42b00000]
words = set()
for t in THRESHOLDS:
    for d in range(-2, 3):
        for s in (0, 0x80000000):
            words.add(((t + d) & 0x7fffffff) | s)
for e in range(256):
    for m in (0, 1, 2, 0x2aaaab, 0x400000, 0x555555, 0x7ffffe, 0x7fffff):
        for s in (0, 0x80000000):
            words.add(s | (e << 23) | m)
words |= {0x7fc00000, 0xffc00000, 0x7fa00000, 0x7f800001, 0xff812345}
# words where a mutant of engine/libm/ answers otherwise, found by comparing it with the port over every input
# that reaches the mutated code (docs/mutation-testing.md, 2026-12-07): sincosf with `top <= 0x42f` (the
# |y| < 120 reduction up to 128) changes cos at +-120.95132 (2 of the 2^21 words with top 0x42f); expm1f's
# polynomial with `Q3 - ...` for `Q3 + ...` (107 of the 508M words that reach it; three of them here)
MUTANT_KILLS = [0x42f1e713, 0xc2f1e713, 0x3e89971d, 0x3e9474bb, 0x3e9826b2]
words |= set(MUTANT_KILLS)
rng = np.random.default_rng(20261207)
words |= set(rng.integers(0, 2**32, 2048, dtype=np.uint64).tolist())
x = np.concatenate([np.array(sorted(words), dtype=np.uint64).astype(np.uint32).view(np.float32),
                    rng.uniform(-30, 30, 2048).astype(np.float32)])
s, c = ctypes.c_float(), ctypes.c_float()
rows = np.empty((len(x), 7), np.float32)
rows[:, 0] = x
xw = x.view(np.uint32)
for i, v in enumerate(x.tolist()):
    lm.sincosf(v, ctypes.byref(s), ctypes.byref(c))
    rows[i, 1:] = (lm.expf(v), lm.expm1f(v), lm.sinhf(v), lm.coshf(v), s.value, c.value)
rows[:, 0].view(np.uint32)[:] = xw  # the inputs' own bits (NaN payloads as chosen)
rows.astype('<f4').tofile(os.path.join(out_dir, 'glibc-float.bin'))

# complex tanh: around each precision's large-argument threshold (44, 354), the poles, tiny and huge parts,
# infinities and NaN, crossed; then fixed-seed values.
def parts(T, tiny, big):
    return [0.0, -0.0, tiny, -tiny, 1e-3, 0.5, -0.5, 1.0, 1.5, 1.5707963267948966, -1.5707963267948966, 2.0, 3.0,
            4.71238898038469, 10.0, T - 1, T - 0.5, T, T + 0.5, T + 1, 2 * T - 1, 2 * T + 1, 3 * T, -T - 0.5, -(2 * T + 1),
            big, -big, float('inf'), float('-inf'), float('nan')]
res = []
for kind, dt, T, tiny, big in [(0, torch.complex64, 44, 1e-39, 1e30), (1, torch.complex128, 354, 1e-310, 1e300)]:
    p = parts(T, tiny, big)
    re = [a for a in p for b in p]
    im = [b for a in p for b in p]
    r2 = np.random.default_rng(20261207 + kind)
    re += r2.uniform(-3 * T, 3 * T, 500).tolist() + r2.uniform(-5, 5, 500).tolist()
    im += r2.uniform(-10, 10, 500).tolist() + r2.uniform(-5, 5, 500).tolist()
    z = torch.complex(torch.tensor(re, dtype=torch.float64), torch.tensor(im, dtype=torch.float64)).to(dt)
    t = torch.tanh(z)
    zr = torch.view_as_real(z).double().numpy(); tr = torch.view_as_real(t).double().numpy()
    k = np.full((len(re), 1), kind, np.float64)
    res.append(np.concatenate([k, zr, tr], axis=1))
np.concatenate(res).astype('<f8').tofile(os.path.join(out_dir, 'ctanh-torch.bin'))

prov = {'command': 'python/testing/libm_table.py test/fixtures/libm', 'glibc': platform.libc_ver()[1], 'torch': torch.__version__,
        'torch_cpu_capability': torch.backends.cpu.get_cpu_capability(), 'machine': platform.machine(),
        'glibc-float.bin': {'rows': len(x), 'columns': ['x', 'expf', 'expm1f', 'sinhf', 'coshf', 'sin', 'cos'], 'type': 'float32 LE'},
        'ctanh-torch.bin': {'rows': int(sum(len(r) for r in res)), 'columns': ['kind (0 complex64, 1 complex128)', 're', 'im', 'tanh re', 'tanh im'], 'type': 'float64 LE'}}
with open(os.path.join(out_dir, 'provenance.json'), 'w') as fh:
    fh.write(json.dumps(prov, indent=2) + '\n')
