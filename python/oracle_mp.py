"""A high-precision oracle for float64 and complex128 cases: the RNN recurrence
h_t = tanh(x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh) (or relu) evaluated with mpmath (40 significant digits) from the module's own
parameters, and (backward) its backpropagation through time, rounded to float64/complex128 at the end. It is not a reference (torch is): it only tells
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


def backward(rnn, args, grad_output, grad_h_n, lengths=None):
    """The case's forward and torch.autograd.backward([output, h_n], [grad_output, grad_h_n or zeros])
    in 40 digits: (output, h_n, grads) with grads as .grad holds them -- input, hx (when given), every
    parameter by name -- rounded to the module's dtype (float64/complex128). Complex gradients in torch's
    convention (the conjugate Wirtinger derivative of a real loss: each product with a conjugate). With
    lengths, what pack_padded_sequence -> rnn -> pad_packed_sequence gives: each sequence runs alone over
    its own steps (padded steps get no gradient); the padded output is as long as the longest."""
    with mpmath.workdps(DIGITS):
        return _backward(rnn, args, grad_output, grad_h_n, lengths)


class _Params:
    """One layer/direction's parameters in mp numbers, and their gradients (zeros to start)."""

    def __init__(self, rnn, sfx, is_complex):
        get = lambda name: getattr(rnn, name + sfx).detach()  # noqa: E731
        self.w_ih, self.w_hh = _matrix(get("weight_ih"), is_complex), _matrix(get("weight_hh"), is_complex)
        zero = _num(0, is_complex)
        H = len(self.w_hh)
        self.b_ih = _vector(get("bias_ih"), is_complex) if rnn.bias else [zero] * H
        self.b_hh = _vector(get("bias_hh"), is_complex) if rnn.bias else [zero] * H
        self.g_w_ih = [[zero] * len(row) for row in self.w_ih]
        self.g_w_hh = [[zero] * H for _ in range(H)]
        self.g_b = [zero] * H  # b_ih's and b_hh's gradients are equal: both are sum(gs)


def _seq_first(t, unbatched, batch_first):
    """(T, N, F) view of a padded tensor: unbatched (T, F) gets N = 1, batch_first is transposed."""
    return t.unsqueeze(1) if unbatched else t.transpose(0, 1) if batch_first else t


def _backward(rnn, args, grad_output, grad_h_n, lengths):
    x = args[0]
    dtype = x.dtype
    cx = dtype.is_complex
    conj = (lambda v: v.conjugate()) if cx else (lambda v: v)
    unbatched = x.dim() == 2
    bf = rnn.batch_first and not unbatched
    xs = _seq_first(x, unbatched, bf)
    g_out = _seq_first(grad_output, unbatched, bf)
    T, N, _ = xs.shape
    H, L, D = rnn.hidden_size, rnn.num_layers, 2 if rnn.bidirectional else 1
    hx = args[1] if len(args) > 1 else None
    if hx is not None and unbatched:
        hx = hx.unsqueeze(1)
    g_hn = grad_h_n.unsqueeze(1) if grad_h_n is not None and unbatched else grad_h_n
    tanh = rnn.nonlinearity == "tanh"
    zero = _num(0, cx)
    params = [[_Params(rnn, "_l%d%s" % (layer, "_reverse" if d else ""), cx) for d in range(D)] for layer in range(L)]
    drop = 0 if rnn.training and rnn.dropout == 1 else 1  # training-mode p = 1 multiplies by 0; other p never get here
    steps_of = [int(v) for v in lengths] if lengths is not None else [T] * N
    Tout = max(steps_of) if steps_of else T
    out = [[[zero] * (D * H) for _ in range(N)] for _ in range(Tout)]
    h_n = [[[zero] * H for _ in range(N)] for _ in range(L * D)]
    g_x = [[[zero] * xs.shape[2] for _ in range(N)] for _ in range(T)]
    g_hx = [[[zero] * H for _ in range(N)] for _ in range(L * D)]
    for n in range(N):
        Tn = steps_of[n]
        layer_in = [_vector(xs[t, n], cx) for t in range(Tn)]
        inputs, states, h0s = [], [], []  # per layer: its input; per layer/direction: h after each step, h0
        for layer in range(L):
            inputs.append(layer_in)
            outs = [[] for _ in range(Tn)]
            for d in range(D):
                p = params[layer][d]
                h = _vector(hx[layer * D + d, n], cx) if hx is not None else [zero] * H
                h0s.append(h)
                hs = [None] * Tn
                for t in (range(Tn - 1, -1, -1) if d else range(Tn)):
                    xi = layer_in[t]
                    pre = [mpmath.fsum(w * v for w, v in zip(p.w_ih[j], xi)) + p.b_ih[j] + mpmath.fsum(w * v for w, v in zip(p.w_hh[j], h)) + p.b_hh[j] for j in range(H)]
                    h = [mpmath.tanh(v) for v in pre] if tanh else [v if v > 0 else mpmath.mpf(0) for v in pre]
                    hs[t] = h
                states.append(hs)
                h_n[layer * D + d][n] = h
                for t in range(Tn):
                    outs[t] = outs[t] + hs[t]
            layer_in = [[v * drop for v in row] for row in outs] if layer < L - 1 else outs
        for t in range(Tn):
            out[t][n] = layer_in[t]
        # backward: the last layer's output gradient, then down the layers
        g_layer = [_vector(g_out[t, n], cx) for t in range(Tn)]
        for layer in range(L - 1, -1, -1):
            xin = inputs[layer]
            g_in = [[zero] * len(xin[0]) for _ in range(Tn)] if Tn else []
            for d in range(D):
                p, hs, h0 = params[layer][d], states[layer * D + d], h0s[layer * D + d]
                g = _vector(g_hn[layer * D + d, n], cx) if g_hn is not None else [zero] * H
                order = range(Tn) if d else range(Tn - 1, -1, -1)  # the forward's steps, last first
                for t in order:
                    h = hs[t]
                    prev = t + 1 if d else t - 1
                    hp = hs[prev] if 0 <= prev < Tn else h0
                    gh = [g_layer[t][d * H + j] + g[j] for j in range(H)]
                    gs = [gh[j] * conj(1 - h[j] * h[j]) for j in range(H)] if tanh else [gh[j] if not h[j] <= 0 else zero for j in range(H)]
                    for j in range(H):
                        p.g_b[j] += gs[j]
                        row_hh, row_ih = p.g_w_hh[j], p.g_w_ih[j]
                        for k in range(H):
                            row_hh[k] += gs[j] * conj(hp[k])
                        for k in range(len(xin[t])):
                            row_ih[k] += gs[j] * conj(xin[t][k])
                    for k in range(len(xin[t])):
                        g_in[t][k] += mpmath.fsum(gs[j] * conj(p.w_ih[j][k]) for j in range(H))
                    g = [mpmath.fsum(gs[j] * conj(p.w_hh[j][k]) for j in range(H)) for k in range(H)]
                g_hx[layer * D + d][n] = g
            g_layer = [[v * drop for v in row] for row in g_in] if layer > 0 else g_in
        for t in range(Tn):
            g_x[t][n] = g_layer[t]

    def tensor(nested, F):
        return torch.tensor([[[complex(v) if cx else float(v) for v in row] for row in plane] for plane in nested], dtype=dtype).reshape(len(nested), N, F)

    def padded(t):
        return t.squeeze(1) if unbatched else t.transpose(0, 1).contiguous() if bf else t

    grads = {"input": padded(tensor(g_x, xs.shape[2]))}
    if hx is not None:
        grads["hx"] = tensor(g_hx, H).squeeze(1) if unbatched else tensor(g_hx, H)
    for layer in range(L):
        for d in range(D):
            p, sfx = params[layer][d], "_l%d%s" % (layer, "_reverse" if d else "")
            as_t = lambda rows: torch.tensor([[complex(v) if cx else float(v) for v in r] for r in rows], dtype=dtype)  # noqa: E731
            grads["weight_ih" + sfx] = as_t(p.g_w_ih).reshape(getattr(rnn, "weight_ih" + sfx).shape)
            grads["weight_hh" + sfx] = as_t(p.g_w_hh)
            if rnn.bias:
                grads["bias_ih" + sfx] = as_t([p.g_b])[0]
                grads["bias_hh" + sfx] = as_t([p.g_b])[0]
    named = [k for k, _ in rnn.named_parameters()]
    grads = {k: grads[k] for k in ["input", "hx"] + named if k in grads}
    h_n_t = tensor(h_n, H)
    return padded(tensor(out, D * H)), (h_n_t.squeeze(1) if unbatched else h_n_t), grads
