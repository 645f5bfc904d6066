"""torch's side of one rnn-conformance case, standalone: torch and safetensors only, no harness.

`rnn-conformance replay CASE.safetensors --emit-python FILE` writes this script with CASE set to the
case file; `python FILE [CASE.safetensors]` runs it. It does what the harness's sidecar does:

    torch.manual_seed(seed)
    rnn = nn.RNN(**config)
    rnn.load_state_dict(weights)      # when the case holds weights
    rnn.train(train)
    with torch.no_grad(): output, h_n = rnn(input, hx)

and prints torch's output and h_n (torch's repr, then every value exactly as a `json:` line), or
torch's refusal as `TypeName: message` (exit 1).
"""
import json
import math
import sys

import torch
from safetensors import safe_open

CASE = None  # set by --emit-python


def value(v):
    """A config value as the sidecar passes it: {"$float": "nan"} is a Python float (JSON cannot say it)."""
    if isinstance(v, dict) and set(v) == {"$float"}:
        return float(v["$float"])
    return v


def exact(t):
    """Every value of a tensor as JSON can carry it exactly: floats (complex as [re, im] pairs)."""
    t = t.detach()
    flat = (torch.view_as_real(t) if t.is_complex() else t).double().flatten().tolist()
    data = [x if math.isfinite(x) else str(x) for x in flat]
    return {"dtype": str(t.dtype).replace("torch.", ""), "shape": list(t.shape), "data": data}


def main(path):
    with safe_open(path, framework="pt") as f:
        header = json.loads(f.metadata()["case"])
        tensors = {k: f.get_tensor(k) for k in f.keys()}
    dtypes = header["dtypes"]

    def tensor(name):
        t = tensors[name]
        # complex128 travels as its view_as_real float64 tensor (safetensors has no complex128)
        return torch.view_as_complex(t) if dtypes[name] == "complex128" else t

    config = {k: value(v) for k, v in header["config"].items()}
    if isinstance(config.get("dtype"), str) and isinstance(getattr(torch, config["dtype"], None), torch.dtype):
        config["dtype"] = getattr(torch, config["dtype"])
    weights = {k[len("weights."):]: tensor(k) for k in dtypes if k.startswith("weights.")}
    args = [tensor("input")] + ([tensor("hx")] if "hx" in dtypes else [])

    torch.set_num_threads(1)  # as the harness's sidecar runs
    print("case %s against torch %s" % (header["id"], torch.__version__))
    try:
        torch.manual_seed(header["seed"])
        rnn = torch.nn.RNN(**config)
        if weights:
            rnn.load_state_dict(weights)
        rnn.train(header["train"])
        with torch.no_grad():
            output, h_n = rnn(*args)
    except Exception as e:  # noqa: BLE001 -- torch's refusal is the answer
        print("%s: %s" % (type(e).__name__, e))
        return 1
    torch.set_printoptions(precision=8)
    print("output =", output)
    print("h_n =", h_n)
    print("json:", json.dumps({"side": "torch", "torch": torch.__version__, "case": header["id"], "output": exact(output), "h_n": exact(h_n)}))
    return 0


if __name__ == "__main__":
    path = sys.argv[1] if len(sys.argv) > 1 else CASE
    if path is None:
        sys.exit("usage: python %s CASE.safetensors" % sys.argv[0])
    sys.exit(main(path))
