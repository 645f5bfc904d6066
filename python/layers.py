"""Per-layer, per-direction hidden sequences of one nn.RNN case, for `rnn-conformance explain`.

torch's fused RNN returns only the last layer's outputs and each direction's final state. To see where
an implementation parts from torch, explain needs every layer's and direction's whole hidden sequence.
They come from torch itself: single-layer, single-direction nn.RNN modules built from slices of the
same state dict (the reverse direction runs on the time-flipped layer input), chained layer by layer
exactly as the full module chains them. The chain is trusted only after checking that it reproduces
the full module's output and h_n (`chain` in the reply says how closely).

The oracle per layer: for float32/float16/bfloat16/complex64 the same chain in float64/complex128;
for float64/complex128 the recurrence in 40-digit mpmath (oracle_mp's arithmetic) with no rounding
between layers, rounded to the dtype only at the end.
"""
import copy
import warnings

import torch

ORACLE_DIGITS = 40


def to_tnf(x, batch_first, unbatched):
    """Any accepted input layout -> (T, N, F)."""
    if unbatched:
        return x.unsqueeze(1)
    return x.transpose(0, 1) if batch_first else x


def slice_module(rnn, layer, reverse, in_size):
    """A 1-layer forward nn.RNN holding the weights of (layer, direction) of `rnn`."""
    p = rnn.state_dict()
    sfx = "_l%d%s" % (layer, "_reverse" if reverse else "")
    one = torch.nn.RNN(in_size, rnn.hidden_size, num_layers=1, nonlinearity=rnn.nonlinearity, bias=rnn.bias, dtype=next(rnn.parameters()).dtype)
    sd = {"weight_ih_l0": p["weight_ih" + sfx], "weight_hh_l0": p["weight_hh" + sfx]}
    if rnn.bias:
        sd["bias_ih_l0"] = p["bias_ih" + sfx]
        sd["bias_hh_l0"] = p["bias_hh" + sfx]
    one.load_state_dict(sd)
    return one.eval()


def chain(rnn, x, h0):
    """x (T, N, F), h0 (L*D, N, H) -> list of (layer, direction, hidden (T, N, H)), layer-major."""
    D = 2 if rnn.bidirectional else 1
    seqs = []
    layer_in = x
    for layer in range(rnn.num_layers):
        outs = []
        for d in range(D):
            one = slice_module(rnn, layer, d == 1, layer_in.shape[-1])
            xin = torch.flip(layer_in, [0]) if d else layer_in
            out, _ = one(xin, h0[layer * D + d].unsqueeze(0).contiguous())
            out = torch.flip(out, [0]) if d else out
            seqs.append((layer, "reverse" if d else "forward", out))
            outs.append(out)
        layer_in = torch.cat(outs, dim=-1)
    return seqs


def assemble(rnn, seqs, batch_first, unbatched):
    """What the full module would return from the chain: (output, h_n) in its layout."""
    D = 2 if rnn.bidirectional else 1
    last = [s for (layer, _, s) in seqs if layer == rnn.num_layers - 1]
    out = torch.cat(last, dim=-1)
    finals = [s[0] if d == "reverse" else s[-1] for (_, d, s) in seqs]
    h_n = torch.stack(finals)
    assert h_n.shape[0] == rnn.num_layers * D
    if unbatched:
        return out.squeeze(1), h_n.squeeze(1)
    return (out.transpose(0, 1) if batch_first else out), h_n


def max_diff(a, b):
    """Greatest |a - b| in double; None when not finite (JSON cannot say NaN)."""
    if a.numel() == 0:
        return 0.0
    v = float((a.to(torch.complex128 if a.is_complex() else torch.float64) - b.to(torch.complex128 if b.is_complex() else torch.float64)).abs().max())
    return v if v == v and abs(v) != float("inf") else None


def same_bits(a, b):
    """Bit for bit (NaN payloads and signed zeros included)."""
    if a.shape != b.shape or a.dtype != b.dtype:
        return False
    return bool(torch.equal(a.contiguous().reshape(-1).view(torch.uint8), b.contiguous().reshape(-1).view(torch.uint8))) if a.numel() else True


def layers(rnn, args, out, h_n, want_oracle):
    """The reply's body for an eval-mode module `rnn` and its full-module answer (out, h_n)."""
    x = args[0]
    unbatched = x.dim() == 2
    D = 2 if rnn.bidirectional else 1
    xt = to_tnf(x, rnn.batch_first, unbatched)
    N = xt.shape[1]
    dtype = x.dtype
    if len(args) > 1:
        h0 = args[1].unsqueeze(1) if unbatched else args[1]
    else:
        h0 = torch.zeros(rnn.num_layers * D, N, rnn.hidden_size, dtype=dtype)
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        seqs = chain(rnn, xt, h0)
        c_out, c_hn = assemble(rnn, seqs, rnn.batch_first, unbatched)
    result = {
        "layers": [{"layer": layer, "direction": d, "hidden": s} for (layer, d, s) in seqs],
        "chain": {
            "exact": same_bits(c_out, out) and same_bits(c_hn, h_n),
            "output_max_diff": max_diff(c_out, out),
            "h_n_max_diff": max_diff(c_hn, h_n),
        },
    }
    if want_oracle:
        try:
            result["oracle"] = oracle_layers(rnn, xt, h0)
        except Exception as e:  # noqa: BLE001
            result["oracle_unavailable"] = "%s: %s" % (type(e).__name__, e)
    return result


def oracle_layers(rnn, xt, h0):
    dtype = xt.dtype
    wide = torch.complex128 if dtype.is_complex else torch.float64
    if dtype == wide:
        seqs, kind = mp_chain(rnn, xt, h0), "mpmath"
    else:
        with torch.no_grad(), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            seqs, kind = chain(copy.deepcopy(rnn).to(wide), xt.to(wide), h0.to(wide)), wide_name(wide)
    return {"kind": kind, "layers": [{"layer": layer, "direction": d, "hidden": s} for (layer, d, s) in seqs]}


def wide_name(dtype):
    return str(dtype).replace("torch.", "")


def mp_chain(rnn, xt, h0):
    """The recurrence in 40-digit arithmetic, every layer and direction, no rounding between layers."""
    import mpmath  # noqa: PLC0415

    is_complex = xt.dtype.is_complex
    num = (lambda v: mpmath.mpc(v.real, v.imag)) if is_complex else mpmath.mpf
    mat = lambda t: [[num(v) for v in row] for row in t.tolist()]  # noqa: E731
    vec = lambda t: [num(v) for v in t.tolist()]  # noqa: E731
    T, N, _ = xt.shape
    H, L, D = rnn.hidden_size, rnn.num_layers, 2 if rnn.bidirectional else 1
    zero = num(0)
    act = mpmath.tanh if rnn.nonlinearity == "tanh" else (lambda v: v if v > 0 else mpmath.mpf(0))
    seqs = []
    with mpmath.workdps(ORACLE_DIGITS):
        layer_in = [[vec(xt[t, n]) for n in range(N)] for t in range(T)]
        for layer in range(L):
            outs = [[[] for _ in range(N)] for _ in range(T)]
            for d in range(D):
                sfx = "_l%d%s" % (layer, "_reverse" if d else "")
                w_ih, w_hh = mat(getattr(rnn, "weight_ih" + sfx).detach()), mat(getattr(rnn, "weight_hh" + sfx).detach())
                if rnn.bias:
                    b = [x + y for x, y in zip(vec(getattr(rnn, "bias_ih" + sfx).detach()), vec(getattr(rnn, "bias_hh" + sfx).detach()))]
                else:
                    b = [zero] * H
                h = [vec(h0[layer * D + d, n]) for n in range(N)]
                seq = [[None] * N for _ in range(T)]
                for t in (range(T - 1, -1, -1) if d else range(T)):
                    for n in range(N):
                        xi, hp = layer_in[t][n], h[n]
                        h[n] = [act(mpmath.fsum(w * v for w, v in zip(w_ih[j], xi)) + mpmath.fsum(w * v for w, v in zip(w_hh[j], hp)) + b[j]) for j in range(H)]
                        seq[t][n] = h[n]
                        outs[t][n].extend(h[n])
                seqs.append((layer, "reverse" if d else "forward", seq))
            layer_in = outs
    conv = complex if is_complex else float
    return [(layer, d, torch.tensor([[[conv(v) for v in row] for row in plane] for plane in seq], dtype=xt.dtype).reshape(T, N, H)) for (layer, d, seq) in seqs]
