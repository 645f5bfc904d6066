"""torch.tanh on complex64 for test/tanh-vs-torch.test.ts. usage: tanh_complex64.py SEED N.
N random complex64 values of every scale (uniform in +-1, 5, 30, 120, 1000; random float32 bit
patterns; the edges of ctanhf's branches), then torch.tanh of them: written to stdout as the inputs'
then the answers' view_as_real float32 bytes (little-endian).
"""
import sys, torch, numpy as np
seed, n = int(sys.argv[1]), int(sys.argv[2])
rng = np.random.default_rng(seed)
def part(k):
    kind = rng.integers(0, 8, k)
    bits = rng.integers(0, 2**32, k, dtype=np.uint64).astype(np.uint32).view(np.float32)
    scale = np.array([1, 5, 30, 120, 1000, 1, 1, 1], np.float32)[kind]
    v = (rng.uniform(-1, 1, k) * scale).astype(np.float32)
    edges = np.array([0, -0.0, 22, -22, 44, -44, 44.00001, 88, 88.7, 89, 1e-39, 1.1754944e-38, 1.5707964, -1.5707964, 3.1415927, 120, 1e30,
                      np.inf, -np.inf, np.nan, 0.34657, 0.34658, 9.01, 1e-5, 3e-4], np.float32)
    v = np.where(kind == 5, bits, v)
    v = np.where(kind == 6, edges[rng.integers(0, len(edges), k)], v)
    v = np.where(kind == 7, v * np.float32(20) + rng.choice(np.array([-1, 1], np.float32), k) * edges[rng.integers(2, 10, k)], v)
    return v.astype(np.float32)
z = torch.complex(torch.from_numpy(part(n)), torch.from_numpy(part(n)))
t = torch.tanh(z)
sys.stdout.buffer.write(torch.view_as_real(z).numpy().tobytes() + torch.view_as_real(t).numpy().tobytes())
