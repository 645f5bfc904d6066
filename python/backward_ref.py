"""torch's gradients for tests: nn.RNN forward then torch.autograd.backward, as the `backward` command runs.

Reads a JSON list of cases on stdin, writes a JSON list of results on stdout. Tensors travel as
{"dtype", "shape", "b64"}: raw little-endian bytes in base64 (float16/bfloat16 as their bit patterns),
never as decimal text. A case:
  config      nn.RNN keyword arguments (dtype as a name)
  state       the weights (a state dict)
  input, hx   hx optional
  grad_output, grad_h_n   grad_h_n optional (zeros, as the backward command)
  train, seed torch.manual_seed(seed) right before the forward (dropout's draws), as the forward and
              backward commands' --seed
  oracle      also run the case in float64/complex128 (same masks) and return that answer
  op          "sum0" instead: torch.sum(input, 0) (the bias gradients' reduction), nothing else;
              "capability": torch's CPU capability (AVX2, AVX512, ...)
A result holds output, h_n and grads (input, hx, every parameter), or error {type, message}.
Only torch's public API runs; nothing from the input is executed.
"""
import base64
import json
import sys

import torch

WIDE = {torch.float16: torch.float64, torch.bfloat16: torch.float64, torch.float32: torch.float64, torch.complex64: torch.complex128}


def dec(w):
    dt = getattr(torch, w["dtype"])
    raw = bytearray(base64.b64decode(w["b64"]))
    if not raw:
        return torch.empty(w["shape"], dtype=dt)
    if dt in (torch.float16, torch.bfloat16):
        t = torch.frombuffer(raw, dtype=torch.int16).view(dt)
    else:
        t = torch.frombuffer(raw, dtype=dt)
    return t.clone().reshape(w["shape"])  # clone: fresh, aligned memory


def enc(t):
    t = t.detach().contiguous()
    b = t.view(torch.int16).numpy().tobytes() if t.dtype in (torch.float16, torch.bfloat16) else t.numpy().tobytes()
    return {"dtype": str(t.dtype).replace("torch.", ""), "shape": list(t.shape), "b64": base64.b64encode(b).decode()}


def forward_backward(c, wide, state):
    """The case in its dtype (wide None), or widened to wide with the same dropout masks (the oracle)."""
    kw = dict(c["config"], dtype=getattr(torch, c["config"]["dtype"]))
    m = torch.nn.RNN(**kw)
    m.load_state_dict(state)
    m.train(bool(c.get("train", False)))
    if c.get("seed") is not None:
        torch.manual_seed(c["seed"])
    x = dec(c["input"])
    hx = dec(c["hx"]) if c.get("hx") else None
    g_out = dec(c["grad_output"])
    g_hn = dec(c["grad_h_n"]) if c.get("grad_h_n") else None
    if wide is not None:
        m = m.to(wide)
        x, hx, g_out = x.to(wide), hx.to(wide) if hx is not None else None, g_out.to(wide)
        g_hn = g_hn.to(wide) if g_hn is not None else None
    x.requires_grad_(True)
    if hx is not None:
        hx.requires_grad_(True)
    out, h_n = m(x, hx)
    torch.autograd.backward([out, h_n], [g_out, g_hn if g_hn is not None else torch.zeros_like(h_n)])
    grads = {"input": enc(x.grad)}
    if hx is not None:
        grads["hx"] = enc(hx.grad)
    for k, v in m.named_parameters():
        grads[k] = enc(v.grad)
    return {"output": enc(out), "h_n": enc(h_n), "grads": grads}


def run(c):
    try:
        if c.get("op") == "capability":
            return {"capability": torch.backends.cpu.get_cpu_capability()}
        if c.get("op") == "sum0":
            return {"sum": enc(torch.sum(dec(c["input"]), 0))}
        state = {k: dec(v) for k, v in c["state"].items()}
        res = forward_backward(c, None, state)
        wide = WIDE.get(getattr(torch, c["config"]["dtype"]))
        if c.get("oracle") and wide is not None:
            res["oracle"] = forward_backward(c, wide, state)
        return res
    except Exception as e:  # noqa: BLE001 -- a refusal is data
        return {"error": {"type": type(e).__name__, "message": str(e)}}


if __name__ == "__main__":
    json.dump([run(c) for c in json.load(sys.stdin)], sys.stdout)
