"""torch.sum(t, 0) of every tensor on stdin (the reduction autograd applies to bias gradients), for
test/backward-vs-torch.test.ts: a safetensors file in and out (tensors.py); the answer's metadata
`capability` is torch.backends.cpu.get_cpu_capability(), the vector build that ran the sums.
"""
import sys

import torch

from tensors import read, write

if __name__ == "__main__":
    tensors, _ = read(sys.stdin.buffer.read())
    sums = {k: torch.sum(t, 0) for k, t in tensors.items()}
    sys.stdout.buffer.write(write(sums, {"capability": torch.backends.cpu.get_cpu_capability()}))
