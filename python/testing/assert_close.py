"""torch's own verdicts for the comparator's tests (test/comparator-vs-torch.test.ts).

stdin: one safetensors file (tensors.py) holding `<k>.actual` and `<k>.expected` for pairs k = 0..n-1,
metadata `tolerances`: per pair null or [rtol, atol]. stdout: JSON [{"ok": bool, "message": str}], one
per pair, from torch.testing.assert_close(actual, expected, equal_nan=True[, rtol=, atol=]).
"""
import json
import sys

import torch

from tensors import read


def main():
    tensors, meta = read(sys.stdin.buffer.read())
    out = []
    for k, tol in enumerate(meta["tolerances"]):
        kw = {"rtol": float(tol[0]), "atol": float(tol[1])} if tol is not None else {}  # floats, as ours are
        try:
            torch.testing.assert_close(tensors["%d.actual" % k], tensors["%d.expected" % k], equal_nan=True, **kw)
            out.append({"ok": True, "message": ""})
        except AssertionError as e:
            out.append({"ok": False, "message": str(e)})
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
