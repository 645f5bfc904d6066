"""torch.backends.cpu.get_cpu_capability(): which vector build torch's CPU kernels run here (AVX2,
AVX512, ...), printed on one line.
"""
import torch

print(torch.backends.cpu.get_cpu_capability())
