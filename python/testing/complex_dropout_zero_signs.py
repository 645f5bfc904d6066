"""Zero signs of gradients (complex: the lower layer under dropout p = 1; also real K = 1 products), for engine/tape.spec.ts.

torch.nn.RNN(I, H, num_layers=2, dropout=1.0, dtype=torch.complex128 or complex64) in training: the upper layer's
input is the lower one's output times 0 + 0i, so every gradient of the lower layer is a zero, and only
its sign carries information. torch 2.13 (CPU, MKL; both dtypes give the same signs) gets -0 in some of them from:
  - MulBackward0: grad * conj(0 + 0i), a complex product;
  - autograd's sum of two gradients of one tensor: old + alpha * new (add with alpha = 1 + 0i, a complex
    product): h_n's gradient arrives before the output's, the output's before the next step's;
  - MKL's zgemm / cgemm with K = 1 and both other sides >= 2: (alpha * x) * y written as is (other shapes
    sum from +0), which is where a -0 reaches input.grad and weight_ih_l0.grad.
Packed input (pack_sequence, enforce_sorted=False; the packed data is the leaf) adds: h_n's index_select
backward (0 + g), the hidden state's slices for sequences that end (padded with +0), and the steps' slices
of the input projection (padded with +0, summed): most zeros come back +0 there, but K = 1 products of a +0
with conj(weight_ih) still give -0s.
Prints each case's input, layer-0 and weight_ih_l1 gradients as view_as_real float reprs (the sign of a zero kept).
"""
import torch
from torch.nn.utils.rnn import PackedSequence, pack_sequence

CASES = {
    # T = 2, N = 1, H = 1, I = 2: input.grad = (alpha * grad) @ conj(weight_ih) with K = H = 1
    'input': dict(I=2, H=1, T=2, N=1,
                  params={'weight_ih_l0': [-1 - 0.25j, 0.875 - 0.625j], 'weight_hh_l0': [0.5 + 0.125j],
                          'bias_ih_l0': [-1 - 0.125j], 'bias_hh_l0': [-0.625 - 0.375j],
                          'weight_ih_l1': [0.375 - 0.625j], 'weight_hh_l1': [0.625 + 0.375j],
                          'bias_ih_l1': [1 + 0.25j], 'bias_hh_l1': [-0.875 - 0.625j]},
                  x=[-0.25 - 0.25j, 0.75 - 1.5j, 1.75 + 1.5j, -0.5 + 2j], g=[1.25 + 1.5j, 0.5 + 1.75j],
                  ghn=[complex(-0.0, -0.0)] * 2),
    # T = 1, N = 1, H = 2, I = 2: weight_ih_l0.grad = ((alpha * grad.t()) @ conj(x)).t() with K = T*N = 1
    'weight_ih': dict(I=2, H=2, T=1, N=1,
                      params={'weight_ih_l0': [-0.75 - 0.125j, 0.75 + 0.125j, 0.625 + 0.375j, -0.5 + 0.125j],
                              'weight_hh_l0': [0.875 + 1j, 0.125 + 0.75j, -0.125 + 0.125j, 0.75 + 0.375j],
                              'bias_ih_l0': [-0.375 - 0.75j, 1 - 0.125j], 'bias_hh_l0': [-1 + 0.25j, -0.25 + 0.625j],
                              'weight_ih_l1': [0.375 + 0.5j, -0.5 - 0.5j, 0.625 + 0.875j, -0.25 - 0.375j],
                              'weight_hh_l1': [-0.25 - 0.75j, -0.75 + 0.5j, -0.375 + 0.25j, 0.625 - 0.375j],
                              'bias_ih_l1': [-0.5 - 0.375j, -0.125 - 0.875j], 'bias_hh_l1': [-0.875 - 0.25j, 0.625 - 0.375j]},
                      x=[-1.25 + 0.5j, 0.75 + 1.25j], g=[2 - 0.25j, -2 - 2j],
                      ghn=[complex(-0.0, 0.0), complex(-0.0, 0.0), complex(0.0, -0.0), complex(-0.0, 0.0)]),
    # T = 3, N = 1, H = 1, I = 2: unbind gives each step its projection gradient as is (a -0 stays)
    'three_steps': dict(I=2, H=1, T=3, N=1,
                        params={'weight_ih_l0': [0.875 + 0.25j, -0.25 + 0.375j], 'weight_hh_l0': [-0.25 + 1j],
                                'bias_ih_l0': [-0.5 + 0.875j], 'bias_hh_l0': [-0.25 + 0.625j],
                                'weight_ih_l1': [-0.75 + 0.625j], 'weight_hh_l1': [-0.75 - 0.5j],
                                'bias_ih_l1': [0.75 + 0.75j], 'bias_hh_l1': [0.875 - 0.125j]},
                        x=[2 - 2j, 0.75 - 1.5j, 1 - 0.25j, 1 - 1j, -1.5 - 0.75j, -0.25 - 1.75j],
                        g=[-1.5 + 0.25j, -0.25 + 2j, 1.25 + 1.75j], ghn=[complex(-0.0, 0.0), complex(0.0, 0.0)]),
    # T = 3, N = 2, H = 1, I = 3: where h_t's gradients meet, h_n's arrives first, then (1 + 0i)·the output's
    'two_rows': dict(I=3, H=1, T=3, N=2,
                     params={'weight_ih_l0': [-0.75 - 0.25j, 0.625 - 0.25j, 0.25 + 0.875j], 'weight_hh_l0': [1 + 0.125j],
                             'bias_ih_l0': [-0.25 + 0.5j], 'bias_hh_l0': [0.875 - 0.875j],
                             'weight_ih_l1': [-0.875 + 0.75j], 'weight_hh_l1': [1 - 0.625j],
                             'bias_ih_l1': [-0.375 + 1j], 'bias_hh_l1': [0.5 - 0.625j]},
                     x=[-0.5 + 1j, 0.75 - 1.75j, -0.25 + 1.5j, 0.25 + 1.75j, -1.75 - 1.25j, -1.5 - 0.5j, -0.5 - 1j, 1.75 - 0.75j, -1.25 + 1.5j,
                        1.75 + 0.75j, -0.5 + 1.5j, -1 + 1j, 1.5 - 0.5j, 1 + 1.25j, -1 - 1.25j, -1 + 0.25j, -0.5 + 0.5j, 1.5 - 0.75j],
                     g=[0.75 - 2j, -2 + 1.25j, 0.75 + 0.25j, -0.5 - 1.25j, 0.25 + 0.25j, 2 + 1.25j],
                     ghn=[complex(-0.0, -0.0), complex(-0.0, -0.0), complex(-0.0, -0.0), complex(0.0, -0.0)]),
    # one layer (no dropout), T = 1, N = 2, H = 1, I = 2, zero upstream gradients: h_n's -0 + (1+0i)·(-0 - 0i) = +0
    'one_layer': dict(L=1, I=2, H=1, T=1, N=2,
                      params={'weight_ih_l0': [0.25 - 0.25j, -0.75 + 0.75j], 'weight_hh_l0': [-0.25 - 0.75j],
                              'bias_ih_l0': [-0.125 + 0.75j], 'bias_hh_l0': [-0.375 + 0.375j]},
                      x=[-0.25 + 1.75j, 2 + 0.25j, -2 - 1j, -1.75 - 1j], g=[complex(-0.0, -0.0), complex(-0.0, 0.0)],
                      ghn=[complex(-0.0, 0.0), complex(0.0, 0.0)]),
    # packed: lengths 1, 1, 3 (H = 1, I = 2): the projection's gradient is +0 everywhere, input.grad takes
    # conj(weight_ih)'s signs through the K = 1 product
    'packed': dict(I=2, H=1, lens=[1, 1, 3],
                   params={'weight_ih_l0': [-0.5 - 0.625j, -0.375 + 0.875j], 'weight_hh_l0': [-0.5 - 1j],
                           'bias_ih_l0': [-0.625 + 0.25j], 'bias_hh_l0': [0.5 + 0.5j],
                           'weight_ih_l1': [0.25 - 0.875j], 'weight_hh_l1': [0.75 + 0.5j],
                           'bias_ih_l1': [-0.375 - 0.5j], 'bias_hh_l1': [0.625 + 0.625j]},
                   seqs=[[2 - 0.75j, -1 + 1.25j], [-0.75 - 1j, 0.25 - 0.25j],
                         [-0.75 + 1.5j, 0.75 + 1.75j, 2 - 1.75j, -2 - 1.5j, 0.75 + 1.75j, -1.25 + 1j]],
                   g=[-0.25 + 1.5j, 1 + 0.25j, 1.75 + 1.25j, 0.5 - 0.5j, 0.5 - 0.5j],
                   ghn=[complex(0.0, -0.0), complex(0.0, 0.0), complex(0.0, -0.0), complex(0.0, -0.0), complex(0.0, -0.0), complex(-0.0, 0.0)]),
    # packed, one step (lengths 1, 1): nothing is sliced, so h_n's index_select (0 + g) is what shows
    'packed_one_step': dict(I=2, H=1, lens=[1, 1],
                            params={'weight_ih_l0': [0.625 - 0.25j, 1 + 0.25j], 'weight_hh_l0': [0.5 - 0.875j],
                                    'bias_ih_l0': [-0.125 + 0.25j], 'bias_hh_l0': [0.75 + 1j],
                                    'weight_ih_l1': [1 - 1j], 'weight_hh_l1': [0.75 - 0.875j],
                                    'bias_ih_l1': [-0.125 + 0.875j], 'bias_hh_l1': [-0.25 + 0.625j]},
                            seqs=[[0.5 - 1.5j, 1 + 1j], [-0.75 - 1.75j, 1.75 + 1j]], g=[0.5 - 0.5j, -1.25 + 1.75j],
                            ghn=[complex(-0.0, 0.0), complex(0.0, -0.0), complex(-0.0, -0.0), complex(0.0, -0.0)]),
    # packed, lengths 1, 2, 1: the last step's rows of the projection gradient come out x + 0
    'packed_two_steps': dict(I=2, H=1, lens=[1, 2, 1],
                             params={'weight_ih_l0': [-0.25 + 0.75j, 0.75 - 0.125j], 'weight_hh_l0': [-0.375 - 0.875j],
                                     'bias_ih_l0': [-0.5 + 0.875j], 'bias_hh_l0': [-0.75 - 0.125j],
                                     'weight_ih_l1': [-0.25 + 0.375j], 'weight_hh_l1': [-0.375 - 0.375j],
                                     'bias_ih_l1': [0.5 + 0.75j], 'bias_hh_l1': [1 - 0.375j]},
                             seqs=[[0.5 - 0.5j, 1.5 - 0.75j], [-0.5 - 1.25j, 0.5 - 1j, -1.25 + 0.5j, 1 - 1j], [2 - 1.5j, 0.5 + 1.5j]],
                             g=[0.25 - 0.25j, 1.5 + 1.25j, -1 - 0.5j, -2 - 1.5j],
                             ghn=[complex(0.0, -0.0), complex(-0.0, -0.0), complex(0.0, 0.0), complex(0.0, 0.0), complex(-0.0, 0.0), complex(0.0, -0.0)]),
}

for (name, c), dt in [(nc, dt) for dt in (torch.complex128, torch.complex64) for nc in CASES.items()]:
    L = c.get('L', 2)
    rnn = torch.nn.RNN(c['I'], c['H'], num_layers=L, dropout=1.0 if L > 1 else 0.0, dtype=dt)
    with torch.no_grad():
        for n, p in rnn.named_parameters():
            p.copy_(torch.tensor(c['params'][n], dtype=dt).reshape(p.shape))
    rnn.train()
    if 'lens' in c:
        p0 = pack_sequence([torch.tensor(q, dtype=dt).reshape(n, c['I']) for q, n in zip(c['seqs'], c['lens'])], enforce_sorted=False)
        x = p0.data.clone().requires_grad_()
        out, hn = rnn(PackedSequence(x, p0.batch_sizes, p0.sorted_indices, p0.unsorted_indices))
        out, N = out.data, len(c['lens'])
        g = torch.tensor(c['g'], dtype=dt).reshape(out.shape)
    else:
        x = torch.tensor(c['x'], dtype=dt).reshape(c['T'], c['N'], c['I']).requires_grad_()
        out, hn = rnn(x)
        N = c['N']
        g = torch.tensor(c['g'], dtype=dt).reshape(c['T'], c['N'], c['H'])
    ghn = torch.tensor(c['ghn'], dtype=dt).reshape(L, N, c['H'])
    torch.autograd.backward([out, hn], [g, ghn])
    print(name, dt)
    for n, t in [('input', x.grad)] + [(n, p.grad) for n, p in rnn.named_parameters() if n.endswith('l0') or n == 'weight_ih_l1']:
        print(' ', n, ', '.join(repr(v) for v in torch.view_as_real(t).flatten().tolist()))

# p.grad across two backward calls (AccumulateGrad: variable_grad += new_grad, i.e. old + (1+0i)·new): the case
# 'weight_ih' run twice, fresh forward each time
for dt in (torch.complex128, torch.complex64):
    c = CASES['weight_ih']
    rnn = torch.nn.RNN(c['I'], c['H'], num_layers=2, dropout=1.0, dtype=dt)
    with torch.no_grad():
        for n, p in rnn.named_parameters():
            p.copy_(torch.tensor(c['params'][n], dtype=dt).reshape(p.shape))
    rnn.train()
    for _ in range(2):
        x = torch.tensor(c['x'], dtype=dt).reshape(c['T'], c['N'], c['I'])
        out, hn = rnn(x)
        torch.autograd.backward([out, hn], [torch.tensor(c['g'], dtype=dt).reshape(out.shape), torch.tensor(c['ghn'], dtype=dt).reshape(hn.shape)])
    print('weight_ih twice', dt)
    print('  weight_ih_l0', ', '.join(repr(v) for v in torch.view_as_real(rnn.weight_ih_l0.grad).flatten().tolist()))

# an infinite upstream gradient (1 layer, bidirectional, T = 2, N = 2, H = 2, I = 1): (1+0i)·(inf + yi) = inf + NaN i
# shows which gradient autograd treats as the new one: the carry (after the output's), each later step's b_hh
# gradient, the forward direction's input gradient (after the reverse's)
INF = dict(params={'weight_ih_l0': [-0.5 - 0.875j, -0.625 + 0.625j], 'weight_hh_l0': [-1 - 0.5j, -0.125 + 0.5j, -1 + 0.875j, 0.125 + 0.125j],
                   'bias_ih_l0': [-0.875 - 0.75j, 0.75 - 0.875j], 'bias_hh_l0': [0.25 - 0.5j, -0.125 + 0.375j],
                   'weight_ih_l0_reverse': [0.25 - 0.375j, -0.5 + 0.625j],
                   'weight_hh_l0_reverse': [0.875 - 0.5j, 0.5 + 0.75j, 0.875 - 0.125j, 0.5 - 1j],
                   'bias_ih_l0_reverse': [-0.5 + 0.375j, 0.75 - 0.75j], 'bias_hh_l0_reverse': [-1 + 0.625j, 0.625 + 0.125j]},
           x=[1.25 - 2j, -2 + 0.5j, 1.75 - 0.5j, 0.5 + 0.75j],
           g=[complex(2, float('inf')), -1.5 - 1.5j, -2 - 1.75j, -0.25 + 1.5j, -2 + 1j, -1.5 + 1j, -1.75 + 0.75j, -0.5 + 1.25j,
              -0.5 - 0.75j, -0.75 - 1.25j, 1.75 + 0.25j, -1 + 2j, -0.75 + 0.5j, 1.25 - 1.5j, 1.5 + 0.25j, 1.75 - 1.75j],
           ghn=[1.25 - 1.75j, 1.25 - 0.75j, 1.25 - 0.75j, -0.75 + 0.75j, 1.75 + 1.25j, 0.75 + 1.75j, 1 + 0.25j, -1 - 1.75j])
rnn = torch.nn.RNN(1, 2, bidirectional=True, dtype=torch.complex128)
with torch.no_grad():
    for n, p in rnn.named_parameters():
        p.copy_(torch.tensor(INF['params'][n], dtype=torch.complex128).reshape(p.shape))
x = torch.tensor(INF['x'], dtype=torch.complex128).reshape(2, 2, 1).requires_grad_()
out, hn = rnn(x)
torch.autograd.backward([out, hn], [torch.tensor(INF['g'], dtype=torch.complex128).reshape(2, 2, 4), torch.tensor(INF['ghn'], dtype=torch.complex128).reshape(2, 2, 2)])
print('infinite upstream gradient, complex128')
for n, t in [('input', x.grad)] + [(n, p.grad) for n, p in rnn.named_parameters() if n.endswith('l0')]:
    print(' ', n, ', '.join(repr(v) for v in torch.view_as_real(t).flatten().tolist()))

# real dtypes: MKL's sgemm/dgemm with K = 1 (both other sides >= 2) also writes the products as they are
# (1 layer, T = 3, N = 1, H = 1, I = 3, zero upstream gradients: input.grad = gS·W_ih with K = H = 1)
for dt in (torch.float64, torch.float32):
    rnn = torch.nn.RNN(3, 1, dtype=dt)
    with torch.no_grad():
        for n, v in {'weight_ih_l0': [-0.75, 0.875, -0.875], 'weight_hh_l0': [0.625], 'bias_ih_l0': [1.0], 'bias_hh_l0': [0.375]}.items():
            getattr(rnn, n).copy_(torch.tensor(v, dtype=dt).reshape(getattr(rnn, n).shape))
    x = torch.tensor([2.0, 0.5, 1.25, -1.25, -0.5, -0.25, -1.5, 0.25, -1.75], dtype=dt).reshape(3, 1, 3).requires_grad_()
    out, hn = rnn(x)
    torch.autograd.backward([out, hn], [torch.tensor([0.0, -0.0, -0.0], dtype=dt).reshape(3, 1, 1), torch.zeros(1, 1, 1, dtype=dt)])
    print('real K = 1', dt)
    for n, t in [('input', x.grad)] + [(n, p.grad) for n, p in rnn.named_parameters()]:
        print(' ', n, ', '.join(repr(v) for v in t.flatten().tolist()))

# real, weight_hh.grad = gSᵀ·h0 with K = N = 1, H = 3: h0 is zeros, so its signs are gS's
for dt in (torch.float64, torch.float32):
    rnn = torch.nn.RNN(2, 3, dtype=dt)
    with torch.no_grad():
        for n, v in {'weight_ih_l0': [0.75, -0.625, -0.375, -0.375, -0.5, -0.5], 'weight_hh_l0': [1, 1, 0.125, 0.5, 0.625, -0.75, -0.5, 0.625, -1],
                     'bias_ih_l0': [0.625, -0.25, 0.875], 'bias_hh_l0': [0.75, 1, 0.875]}.items():
            getattr(rnn, n).copy_(torch.tensor(v, dtype=dt).reshape(getattr(rnn, n).shape))
    x = torch.tensor([-0.25, 1.5], dtype=dt).reshape(1, 1, 2)
    out, hn = rnn(x)
    torch.autograd.backward([out, hn], [torch.tensor([-0.25, 0.5, -2], dtype=dt).reshape(1, 1, 3), torch.zeros(1, 1, 3, dtype=dt)])
    print('real K = 1, weight_hh', dt, ', '.join(repr(v) for v in rnn.weight_hh_l0.grad.flatten().tolist()))

# real, packed (the packed data the leaf): lengths 2, 1, 1 sorted (the projection's slices padded with +0 and
# summed: gS comes back +0 everywhere) and lengths 1, 1 unsorted (h_n's index_select gives back 0 + g)
for dt in (torch.float64, torch.float32):
    for lens, srt, pr, seqs, g, ghn in [
        ([2, 1, 1], True, {'weight_ih_l0': [-0.875, -0.625], 'weight_hh_l0': [-0.25], 'bias_ih_l0': [-0.125], 'bias_hh_l0': [0.75]},
         [[2.0, -0.5, 0.5, -0.75], [-0.75, 1.25], [-1.25, -1.0]], [0.0, -0.0, 0.0, 0.0], [-0.0, -0.0, 0.0]),
        ([1, 1], False, {'weight_ih_l0': [0.75, -0.25], 'weight_hh_l0': [0.125], 'bias_ih_l0': [-0.625], 'bias_hh_l0': [-0.5]},
         [[1.75, 0.5], [-2.0, 1.25]], [0.0, -0.0], [-0.0, -0.0])]:
        rnn = torch.nn.RNN(2, 1, dtype=dt)
        with torch.no_grad():
            for n, v in pr.items():
                getattr(rnn, n).copy_(torch.tensor(v, dtype=dt).reshape(getattr(rnn, n).shape))
        p0 = pack_sequence([torch.tensor(q, dtype=dt).reshape(n, 2) for q, n in zip(seqs, lens)], enforce_sorted=srt)
        x = p0.data.clone().requires_grad_()
        out, hn = rnn(PackedSequence(x, p0.batch_sizes, p0.sorted_indices, p0.unsorted_indices))
        torch.autograd.backward([out.data, hn], [torch.tensor(g, dtype=dt).reshape(out.data.shape), torch.tensor(ghn, dtype=dt).reshape(hn.shape)])
        print('real packed', lens, dt, 'input', ', '.join(repr(v) for v in x.grad.flatten().tolist()))

