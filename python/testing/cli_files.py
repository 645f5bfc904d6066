"""torch's answer to the files `rnn-conformance forward` and `backward` read, in those commands' order
(their --help; the sidecar seeds before the constructor instead, so it cannot stand in here):

    rnn = nn.RNN(**config); rnn.load_state_dict(weights)
    torch.manual_seed(seed)                      # --seed
    rnn.train(train)
    output, h_n = rnn(input, hx)         # input file with lengths: pack_padded_sequence(input, lengths,
                                         # batch_first, enforce_sorted) in, pad_packed_sequence out
    torch.autograd.backward([output, h_n], [grad output, grad h_n or zeros])   # --grad

Reads a JSON list of jobs on stdin, {config, weights, input, grad?, seed?, train?, oracle?, enforce_sorted?} (file
paths; one Python start for all of them), and writes one safetensors file on stdout (tensors.py):
for job k, `k.output`, `k.h_n`, `k.grad.<name>` (input, hx when given, every parameter); with
oracle also `k.oracle.<the same names>`: the case widened to float64/complex128 after the seed (the
same dropout masks). Metadata `errors`: per job null, or torch's refusal {type, message}. Files are
read as the CLI reads them: complex128 as view_as_real float64.
"""
import json
import sys

import torch
from safetensors.torch import load_file
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

from tensors import write

WIDE = {torch.float16: torch.float64, torch.bfloat16: torch.float64, torch.float32: torch.float64, torch.complex64: torch.complex128}


def read(path, dtype):
    tensors = load_file(path)
    if dtype == torch.complex128:
        return {k: torch.view_as_complex(t.contiguous()) if t.dtype == torch.float64 and t.shape and t.shape[-1] == 2 else t for k, t in tensors.items()}
    return tensors


def run(job, config, wide):
    dtype = getattr(torch, config.get("dtype", "float32"))
    rnn = torch.nn.RNN(**dict(config, dtype=dtype))
    rnn.load_state_dict(read(job["weights"], dtype))
    if job.get("seed") is not None:
        torch.manual_seed(job["seed"])
    rnn.train(bool(job.get("train")))
    x = read(job["input"], dtype)
    args = [x["input"]] + ([x["hx"]] if "hx" in x else [])
    g = read(job["grad"], dtype) if job.get("grad") else None
    if wide is not None:
        rnn = rnn.to(wide)
        args = [t.to(wide) for t in args]
        g = {k: t.to(wide) for k, t in g.items()} if g is not None else None
    if g is not None:
        args = [t.detach().requires_grad_(True) for t in args]
    with torch.set_grad_enabled(g is not None):
        if "lengths" in x:
            packed = pack_padded_sequence(args[0], x["lengths"], batch_first=rnn.batch_first, enforce_sorted=job.get("enforce_sorted", True))
            out, h_n = rnn(packed, *args[1:])
            out = pad_packed_sequence(out, batch_first=rnn.batch_first)[0]
        else:
            out, h_n = rnn(*args)
    res = {"output": out, "h_n": h_n}
    if g is not None:
        torch.autograd.backward([out, h_n], [g["output"], g["h_n"] if "h_n" in g else torch.zeros_like(h_n)])
        res["grad.input"] = args[0].grad
        if len(args) > 1:
            res["grad.hx"] = args[1].grad
        for k, v in rnn.named_parameters():
            res["grad." + k] = v.grad
    return res, dtype


def answer(job):
    """(tensors, None) or ({}, the refusal)."""
    with open(job["config"]) as f:
        config = json.load(f)
    try:
        res, dtype = run(job, config, None)
        if job.get("oracle") and dtype in WIDE:
            wide, _ = run(job, config, WIDE[dtype])
            res.update({"oracle." + k: v for k, v in wide.items()})
        return res, None
    except Exception as e:  # noqa: BLE001 -- torch's refusal is the answer
        return {}, {"type": type(e).__name__, "message": str(e)}


if __name__ == "__main__":
    tensors, errors = {}, []
    for k, job in enumerate(json.load(sys.stdin)):
        res, error = answer(job)
        tensors.update({"%d.%s" % (k, name): t for name, t in res.items()})
        errors.append(error)
    sys.stdout.buffer.write(write(tensors, {"errors": errors}))
