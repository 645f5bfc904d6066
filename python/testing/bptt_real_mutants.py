"""Torch 2.13's gradients for engine/tape.spec.ts's cases on Stryker survivors of engine/kernels/bptt-real.ts and
engine/tape.ts (one-layer nn.RNN, tanh, backward through torch.autograd.backward([output, h_n], [g, g_h_n])).
Prints every gradient's values as float reprs (a zero's sign kept; complex as view_as_real):
  - 'one_row' (T = N = H = 1, I = 2, upstream gradients -0): gS = -0; weight_ih.grad = gSᵀ·x and input.grad =
    gS·W_ih are K = 1 products with one side of 1: MKL sums them from +0 (+0), no -0 kept.
  - 'one_col' (T = N = 1, I = 1, H = 2, upstream gradients -0): weight_ih.grad = gSᵀ·x (2 × 1, K = 1): +0 too.
  - 'unpacked_t2' (T = 2, N = 1, H = 1, I = 2, last step's upstream gradients -0): no slice of the projection,
    so the last step's gS stays -0 and input.grad's K = 1 products keep the sign (-0·W).
  - 'packed_t1' (pack_sequence, lengths 1, 1, H = 1, I = 2, upstream gradients -0): one step, its gS -0 kept.
  - 'c128_isel' (complex128, pack_sequence(enforce_sorted=False), lengths 1, 2, zero weights so h = 0):
    h_n's index_select gives back 0 + (1 + 0i)·g in complex128 (0.1 + 0.2i not rounded to float32).
"""
import torch
from torch.nn.utils.rnn import PackedSequence, pack_sequence

z = -0.0
CASES = {
    'one_row': dict(I=2, H=1, T=1, params=[[0.75, -0.5], [0.625], [0.25], [-0.375]], x=[[0.5, -1.25]], g=[z], ghn=[z]),
    'one_col': dict(I=1, H=2, T=1, params=[[0.75, -0.5], [0.625, 0.25, -0.125, 0.5], [0.25, -0.75], [-0.375, 0.125]],
                    x=[[1.5]], g=[z, z], ghn=[z, z]),
    'unpacked_t2': dict(I=2, H=1, T=2, params=[[0.75, -0.5], [0.625], [0.25], [-0.375]], x=[[0.5, -1.25], [-1, 0.25]],
                        g=[0.0, z], ghn=[z]),
}


def fmt(t):
    t = torch.view_as_real(t) if t.is_complex() else t
    return [repr(v) for v in t.flatten().tolist()]


def show(name, rnn, inp, g, ghn, dt):
    out, hn = rnn(inp)
    gout = torch.tensor(g, dtype=dt).reshape(out.data.shape if hasattr(out, 'data') and not isinstance(out, torch.Tensor) else out.shape)
    torch.autograd.backward([out.data if not isinstance(out, torch.Tensor) else out, hn], [gout, torch.tensor(ghn, dtype=dt).reshape(hn.shape)])
    x = inp.data if not isinstance(inp, torch.Tensor) else inp
    print(name, dt, 'input', fmt(x.grad if x.grad is not None else inp.grad))
    for k, p in rnn.named_parameters():
        print(name, dt, k, fmt(p.grad))


def set_params(rnn, params, dt):
    with torch.no_grad():
        for p, v in zip(rnn.parameters(), params):
            p.copy_(torch.tensor(v, dtype=dt).reshape(p.shape))


for dt in (torch.float64, torch.float32):
    for name, c in CASES.items():
        rnn = torch.nn.RNN(c['I'], c['H'], dtype=dt)
        set_params(rnn, c['params'], dt)
        x = torch.tensor(c['x'], dtype=dt).reshape(c['T'], 1, c['I']).requires_grad_()
        show(name, rnn, x, c['g'], c['ghn'], dt)
    rnn = torch.nn.RNN(2, 1, dtype=dt)
    set_params(rnn, [[0.75, -0.5], [0.625], [0.25], [-0.375]], dt)
    p0 = pack_sequence([torch.tensor([[0.5, -1.25]], dtype=dt), torch.tensor([[-1, 0.25]], dtype=dt)])
    data = p0.data.clone().requires_grad_()  # the packed data the leaf
    packed = PackedSequence(data, p0.batch_sizes, p0.sorted_indices, p0.unsorted_indices)
    out, hn = rnn(packed)
    torch.autograd.backward([out.data, hn], [torch.tensor([[z], [z]], dtype=dt), torch.tensor([[[z], [z]]], dtype=dt)])
    print('packed_t1', dt, 'input', fmt(data.grad))

dt = torch.complex128
rnn = torch.nn.RNN(1, 2, dtype=dt)
set_params(rnn, [[0, 0], [0, 0, 0, 0], [0, 0], [0, 0]], dt)
p0 = pack_sequence([torch.tensor([[1 + 0j]], dtype=dt), torch.tensor([[0.5 - 1j], [-2 + 0.25j]], dtype=dt)], enforce_sorted=False)
data = p0.data.clone().requires_grad_()  # the packed data the leaf
packed = PackedSequence(data, p0.batch_sizes, p0.sorted_indices, p0.unsorted_indices)
out, hn = rnn(packed)
torch.autograd.backward([out.data, hn], [torch.zeros(out.data.shape, dtype=dt), torch.tensor([[[0.1 + 0.2j, -0.3 + 0.7j], [0.9 - 0.1j, 0.6 + 0.3j]]], dtype=dt)])
print('c128_isel', 'input', fmt(data.grad))
for k, p in rnn.named_parameters():
    print('c128_isel', k, fmt(p.grad))
