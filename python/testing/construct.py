"""nn.RNN(**config) for each config on stdin (a JSON list), for test/rnn-vs-torch.test.ts: the
constructor's checks, their order and words, its warnings, repr and parameter shapes (the sidecar's
`init` answers with weights, not repr). Writes a JSON list: {repr, params: [[name, shape]], warnings}
or {error: {type, message}, warnings}. A config's dtype becomes torch.<name> only when it is a string
naming a torch.dtype (as the sidecar does); anything else goes to torch as is.
"""
import json
import sys
import warnings

import torch


def construct(config):
    res = {}
    with warnings.catch_warnings(record=True) as ws:
        warnings.simplefilter("always")
        try:
            cfg = dict(config)
            if isinstance(cfg.get("dtype"), str) and isinstance(getattr(torch, cfg["dtype"], None), torch.dtype):
                cfg["dtype"] = getattr(torch, cfg["dtype"])
            m = torch.nn.RNN(**cfg)
            res["repr"] = repr(m)
            res["params"] = [[k, list(v.shape)] for k, v in m.state_dict().items()]
        except Exception as e:  # noqa: BLE001 -- torch's refusal is the answer
            res["error"] = {"type": type(e).__name__, "message": str(e)}
    res["warnings"] = [str(w.message) for w in ws]
    return res


if __name__ == "__main__":
    json.dump([construct(c) for c in json.load(sys.stdin)], sys.stdout)
