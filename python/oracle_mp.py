"""A high-precision oracle for float64 and complex128 cases: the RNN recurrence of
TORCH_RNN_SPEC.md section 3 evaluated with mpmath (40 significant digits) from the module's own
parameters, rounded to float64/complex128 at the end. It is not a reference (torch is): it only tells
the comparator how far torch and the engine each are from the exact answer when rounding is amplified
(chaotic relu, tanh near saturation or near complex tanh's poles, long sequences)."""

import mpmath
import torch

DIGITS = 40


def _num(x, is_complex):
    return mpmath.mpc(x.real, x.imag) if is_complex else mpmath.mpf(x)


def _matrix(t, is_complex):
    return [[_num(v, is_complex) for v in row] for row in t.tolist()]


def _vector(t, is_complex):
    return [_num(v, is_complex) for v in t.tolist()]


def forward(rnn, args):
    """(output, h_n) of `rnn` (an eval-mode nn.RNN of dtype float64/complex128) for args = [input, hx?]."""
    with mpmath.workdps(DIGITS):
        return _forward(rnn, args)


def forward_packed(rnn, args, lengths, batch_first):
    """What nn.RNN on pack_padded_sequence(input, lengths) gives once padded back (padding 0): each
    sequence run alone over its own steps, from its own row of hx."""
    x, hx = args[0], (args[1] if len(args) > 1 else None)
    lengths = [int(v) for v in lengths]
    T = max(lengths)
    outs, finals = [], []
    for n, steps in enumerate(lengths):
        seq = x[n, :steps] if batch_first else x[:steps, n]
        o, h = forward(rnn, [seq] + ([hx[:, n]] if hx is not None else []))
        outs.append(torch.cat([o, o.new_zeros(T - steps, o.shape[1])]))
        finals.append(h)
    return torch.stack(outs, 0 if batch_first else 1), torch.stack(finals, 1)


def _forward(rnn, args):
    x = args[0]
    dtype = x.dtype
    is_complex = dtype.is_complex
    unbatched = x.dim() == 2
    if unbatched:
        x = x.unsqueeze(1)
    elif rnn.batch_first:
        x = x.transpose(0, 1)
    T, N, _ = x.shape
    H, L, D = rnn.hidden_size, rnn.num_layers, 2 if rnn.bidirectional else 1
    hx = args[1] if len(args) > 1 else None
    if hx is not None and unbatched:
        hx = hx.unsqueeze(1)
    act = (lambda v: mpmath.tanh(v)) if rnn.nonlinearity == "tanh" else (lambda v: v if v > 0 else mpmath.mpf(0))
    zero = _num(0, is_complex)
    layer_in = [[_vector(x[t, n], is_complex) for n in range(N)] for t in range(T)]
    finals = []
    for layer in range(L):
        outs = [[[] for _ in range(N)] for _ in range(T)]
        for d in range(D):
            sfx = "_l%d%s" % (layer, "_reverse" if d else "")
            w_ih = _matrix(getattr(rnn, "weight_ih" + sfx).detach(), is_complex)
            w_hh = _matrix(getattr(rnn, "weight_hh" + sfx).detach(), is_complex)
            if rnn.bias:
                b_ih = _vector(getattr(rnn, "bias_ih" + sfx).detach(), is_complex)
                b_hh = _vector(getattr(rnn, "bias_hh" + sfx).detach(), is_complex)
            else:
                b_ih = b_hh = [zero] * H
            h = [(_vector(hx[layer * D + d, n], is_complex) if hx is not None else [zero] * H) for n in range(N)]
            steps = range(T - 1, -1, -1) if d else range(T)
            for t in steps:
                for n in range(N):
                    xi, hp = layer_in[t][n], h[n]
                    h[n] = [
                        act(mpmath.fsum(w * v for w, v in zip(w_ih[j], xi)) + b_ih[j] + mpmath.fsum(w * v for w, v in zip(w_hh[j], hp)) + b_hh[j])
                        for j in range(H)
                    ]
                    outs[t][n].append(h[n])
            finals.append(h)
        layer_in = [[[v for part in outs[t][n] for v in part] for n in range(N)] for t in range(T)]
        if rnn.training and rnn.dropout == 1 and layer < L - 1:
            # Training-mode dropout with p = 1 is x * 0 (NaN and inf stay NaN); other p never get here.
            layer_in = [[[v * 0 for v in vec] for vec in row] for row in layer_in]

    def tensor(nested):
        vals = torch.tensor(
            [[[complex(v) if is_complex else float(v) for v in row] for row in plane] for plane in nested],
            dtype=dtype,
        )
        return vals

    output = tensor(layer_in)  # (T, N, D*H)
    h_n = tensor(finals)  # (L*D, N, H)
    if unbatched:
        return output.squeeze(1), h_n.squeeze(1)
    if rnn.batch_first:
        output = output.transpose(0, 1).contiguous()
    return output, h_n
