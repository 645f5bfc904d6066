"""torch's own verdicts for the comparator's tests.

stdin: a 4-byte little-endian length, a JSON header {"pairs": [{"actual": T, "expected": T,
"rtol"?: x, "atol"?: x}]} with T = {"dtype", "shape", "offset", "nbytes"}, then the raw little-endian
tensor bytes (float16/bfloat16 as their 16-bit patterns; complex as interleaved re, im).
stdout: JSON [{"ok": bool, "message": str}], one per pair, from
torch.testing.assert_close(actual, expected, equal_nan=True).
"""
import json
import struct
import sys

import torch

DTYPES = {n: getattr(torch, n) for n in ("float16", "bfloat16", "float32", "float64", "complex64", "complex128")}


def tensor(spec, body):
    dtype = DTYPES[spec["dtype"]]
    raw = body[spec["offset"]:spec["offset"] + spec["nbytes"]]
    if not raw:
        return torch.empty(spec["shape"], dtype=dtype)
    # clone() into torch's own (aligned) memory: complex128 at an 8-byte boundary crashes torch.
    return torch.frombuffer(bytearray(raw), dtype=torch.uint8).clone().view(dtype).reshape(spec["shape"])


def main():
    data = sys.stdin.buffer.read()
    (n,) = struct.unpack_from("<I", data, 0)
    header = json.loads(data[4:4 + n])
    body = data[4 + n:]
    out = []
    for p in header["pairs"]:
        kw = {}
        if "rtol" in p or "atol" in p:
            kw = {"rtol": float(p["rtol"]), "atol": float(p["atol"])}  # tolerances are floats, as ours are
        try:
            torch.testing.assert_close(tensor(p["actual"], body), tensor(p["expected"], body), equal_nan=True, **kw)
            out.append({"ok": True, "message": ""})
        except AssertionError as e:
            out.append({"ok": False, "message": str(e)})
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
