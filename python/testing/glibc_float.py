"""glibc's float routines (libm.so.6 through ctypes) for test/libm-vs-glibc.test.ts.

usage: glibc_float.py SEED N. N float32 inputs (half random bit patterns: every exponent, subnormals,
inf, NaN; half uniform in +-30), then for each expf, expm1f, sinhf, coshf, sincosf's sin and cos:
written to stdout as N rows of 7 little-endian float32 (x and the six answers).
"""
import sys, ctypes, numpy as np
lm = ctypes.CDLL('libm.so.6')
for name in ['expf', 'expm1f', 'sinhf', 'coshf']:
    getattr(lm, name).restype = ctypes.c_float; getattr(lm, name).argtypes = [ctypes.c_float]
lm.sincosf.restype = None; lm.sincosf.argtypes = [ctypes.c_float, ctypes.POINTER(ctypes.c_float), ctypes.POINTER(ctypes.c_float)]
rng = np.random.default_rng(int(sys.argv[1])); n = int(sys.argv[2])
x = np.concatenate([rng.integers(0, 2**32, n // 2, dtype=np.uint64).astype(np.uint32).view(np.float32),
                    rng.uniform(-30, 30, n - n // 2).astype(np.float32)])
s, c = ctypes.c_float(), ctypes.c_float()
out = np.empty((n, 7), np.float32)
out[:, 0] = x
for i, v in enumerate(x.tolist()):
    lm.sincosf(v, ctypes.byref(s), ctypes.byref(c))
    out[i, 1:] = (lm.expf(v), lm.expm1f(v), lm.sinhf(v), lm.coshf(v), s.value, c.value)
sys.stdout.buffer.write(out.tobytes())
