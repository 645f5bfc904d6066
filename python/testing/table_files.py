"""What the committed kernel tables' tools share (sum_table.py, mm_half_table.py): the integer hash their inputs
are built from (the tests rebuild the inputs with it: test/reduce-table.test.ts, test/dot4-table.test.ts),
and writing a table (its answers as one little-endian binary file, then provenance.json).
"""
import os, json, platform
import numpy as np, torch

M32 = np.uint64(0xFFFFFFFF)


def hashes(n, seed):
    """(u, h) for lanes i < n: u = i*2654435761 + seed*40503 + 12345 and h = (u ^ u>>15)*2246822519, mod 2^32."""
    i = np.arange(n, dtype=np.uint64)
    u = (i * np.uint64(2654435761) + np.uint64(seed * 40503 + 12345)) & M32
    h = ((u ^ (u >> np.uint64(15))) * np.uint64(2246822519)) & M32
    return u, h


def write_table(out_dir, bin_name, parts, le_type, command, inputs, cases):
    """parts concatenated as le_type into out_dir/bin_name, then provenance.json (torch, capability, cases)."""
    np.concatenate(parts).astype(le_type).tofile(os.path.join(out_dir, bin_name))
    provenance = {
        'command': command,
        'torch': torch.__version__,
        'torch_cpu_capability': torch.backends.cpu.get_cpu_capability(),
        'machine': platform.machine(),
        'inputs': inputs,
        'cases': cases,
    }
    with open(os.path.join(out_dir, 'provenance.json'), 'w') as f:
        json.dump(provenance, f, indent=1)
        f.write('\n')
