"""Torch 2.13's gradients for engine/kernels/bptt-complex.spec.ts (Stryker survivors of engine/kernels/bptt-complex.ts).

One-layer complex128 nn.RNN, backward through torch.autograd.backward([output, h_n], [grad_output, grad_h_n]);
prints every gradient as view_as_real float reprs (a zero's sign kept, nan for NaN):
  - 'k1_one_row': T = N = H = 1, I = 2, zero upstream gradients. input.grad = gS·conj(W_ih) and
    weight_ih.grad = gSᵀ·conj(x) are products with K = 1 but one side of 1: MKL sums them from +0 (+0 everywhere),
    where the K = 1 rule for both other sides >= 2 would keep a -0.
  - 'first_step_w_hh': T = 1, N = 1, H = 2, hx given, zero upstream gradients: weight_hh.grad is one step's
    K = 1 product gsᵀ·conj(hx) stored as it is (its -0s stay), not 0 + (1 + 0i)·it.
  - 'packed_inf': pack_sequence(enforce_sorted=False), lengths 3, 2, 1, H = 2, I = 2, one grad_output element
    0.375 + inf i: the steps' slices of the input projection come back padded with +0 and summed, as
    0 + (1 + 0i)·x, where an infinite imaginary part makes a NaN.
  - 'packed_inf_hn': enforce_sorted=True, h_n's gradient 1 + inf i: the step processed first gives NaN too, so its
    rows come out 0 + (1 + 0i)·x as well, not x + 0 (the same for every finite value).
  - 'k1_rounding_c128' / 'k1_rounding_c64', 'tanh_backward_c64_h9': random values (6 decimals), where the
    rounding of MKL's K = 1 product and of tanh_backward's vector / scalar paths shows in the last bits.
"""
import torch
from torch.nn.utils.rnn import PackedSequence, pack_sequence

inf = float('inf')
CASES = {
    'k1_one_row': dict(I=2, H=1, T=1, N=1,
                       params={'weight_ih_l0': [0.75j, -1.875 + 1.625j], 'weight_hh_l0': [-0.125 - 1.625j],
                               'bias_ih_l0': [-0.75 - 1.125j], 'bias_hh_l0': [0.875 + 1.75j]},
                       x=[-0.125 + 1j, -1.25 - 0.125j], g=[complex(0.0, 0.0)], ghn=[complex(-0.0, -0.0)]),
    'first_step_w_hh': dict(I=2, H=2, T=1, N=1,
                            params={'weight_ih_l0': [-0.25 + 0.875j, 1 - 1j, -0.5 - 1.75j, -1.375 - 1j],
                                    'weight_hh_l0': [-0.125 + 2j, -0.375 + 1.125j, -1.875 + 1.625j, 1.875 + 1.625j],
                                    'bias_ih_l0': [1 + 1.875j, -0.5 + 1.125j], 'bias_hh_l0': [-1.375 + 1.875j, -0.25 - 1.875j]},
                            x=[0.125 + 1.25j, 1.75 + 1j], g=[complex(0.0, -0.0), complex(0.0, 0.0)],
                            ghn=[complex(-0.0, -0.0), complex(0.0, 0.0)], hx=[0.625 - 0.125j, -1.375 + 1.875j]),
    'packed_inf': dict(I=2, H=2, lens=[3, 2, 1],
                       params={'weight_ih_l0': [-2 + 0.875j, 0.875 + 1.625j, -1 + 1.75j, -1 + 1j],
                               'weight_hh_l0': [-0.625 - 0.875j, 0.375 - 0.25j, -0.125 - 0.5j, -0.75 - 0.5j],
                               'bias_ih_l0': [1 + 1.75j, -1.375 + 1.25j], 'bias_hh_l0': [-1.625 - 1.25j, -1.25 - 1.75j]},
                       seqs=[[2 + 0j, -0.125 + 1.125j, 1.25j, 1.875 + 0.25j, -0.625 - 1.5j, -1 - 0.25j],
                             [1.75 - 1.5j, 0.125 - 0.375j, -0.375 - 1.875j, -1.5 + 0.125j], [1.25 + 1.5j, -0.125 - 1.625j]],
                       g=[-1.125 + 1.125j, 1.25 - 0.375j, -2 + 0.125j, complex(0.375, inf), -0.375 - 0.625j, 1.125 - 1.25j,
                          -1.75 - 0.875j, -0.375 + 1.5j, -2j, 0.625 + 0.25j, 1 - 1.5j, -1.5 - 1.375j],
                       ghn=[-1.75 - 0.625j, 0.25 + 0.875j, -1 - 1.375j, 0.875 - 1j, 1.5 + 0.625j, -1 - 1.75j]),
    # the same lengths, enforce_sorted=True (no index_select), h_n's gradient 1 + inf i for the longest sequence:
    # the step processed first (its last) gives NaN too, as 0 + (1 + 0i)·x (x + 0 would keep the infinities)
    'packed_inf_hn': dict(I=2, H=2, lens=[3, 2, 1], sorted=True,
        params={'weight_ih_l0': [complex(0.25, 1.375), complex(-0.375, 0.75), complex(1.375, -1.75), complex(0.5, 1.125)], 'weight_hh_l0': [complex(1.625, -1.375), complex(-1.5, -1.75), complex(-2.0, 0.375), complex(-0.5, 1.5)], 'bias_ih_l0': [complex(1.75, 1.0), complex(0.625, -1.625)], 'bias_hh_l0': [complex(0.25, 1.375), complex(-1.0, -0.875)]},
        seqs=[[complex(-1.625, -1.125), complex(0.875, -0.75), complex(-0.375, 0.375), complex(0.375, 1.0), complex(0.25, -1.75), complex(0.75, -1.0)], [complex(-1.25, 0.875), complex(1.875, 1.5), complex(1.375, -1.75), complex(0.75, 0.25)], [complex(-1.0, -1.625), complex(0.5, -0.75)]],
        g=[complex(-1.5, 1.375), complex(-1.75, 1.5), complex(0.625, -1.375), complex(-2.0, -1.0), complex(0.375, -1.125), complex(1.25, 0.375), complex(0.125, -1.5), complex(1.75, 0.875), complex(-1.75, -2.0), complex(0.5, 0.625), complex(-0.875, 0.75), complex(1.75, -0.25)],
        ghn=[complex(0.25, -1.75), complex(1.0, inf), complex(-0.75, -0.875), complex(0.0, 1.375), complex(-0.375, 0.0), complex(1.375, -0.125)]),
    # T = 1, N = 3, H = 1, I = 2: input.grad = gS·conj(W_ih) with K = 1 is (1 + 0i)·gS times conj(W_ih), complex128's
    # products rounded to double, complex64's each rounded to float then summed
    'k1_rounding_c128': dict(dtype=torch.complex128, I=2, H=1, T=1, N=3,
        params={'weight_ih_l0': [complex(1.347995, -1.791305), complex(-0.968094, -0.840501)], 'weight_hh_l0': [complex(-0.321795, -1.317481)], 'bias_ih_l0': [complex(-1.722195, -0.64767)], 'bias_hh_l0': [complex(1.596581, 1.933788)]},
        x=[complex(0.983391, -0.084107), complex(-0.991141, 1.83551), complex(0.102511, 0.914434), complex(-1.886802, -1.151634), complex(1.353055, 1.180873), complex(1.525811, 0.405423)], g=[complex(-0.29567, 0.324558), complex(1.397368, -0.768091), complex(0.137339, -0.896073)], ghn=[complex(1.073023, -1.959066), complex(0.741195, 1.815898), complex(-1.905997, 0.374746)]),
    'k1_rounding_c64': dict(dtype=torch.complex64, I=2, H=1, T=1, N=3,
        params={'weight_ih_l0': [complex(0.280848, -0.342537), complex(-1.658235, 0.414156)], 'weight_hh_l0': [complex(1.514842, 0.617446)], 'bias_ih_l0': [complex(1.69654, 0.580087)], 'bias_hh_l0': [complex(-1.447234, 1.708868)]},
        x=[complex(-1.000866, -1.065839), complex(-1.201047, 0.268741), complex(-0.3507, -0.947324), complex(-1.555111, -1.456008), complex(-0.599359, -1.272899), complex(-1.854704, -0.296)], g=[complex(0.276627, 0.356564), complex(1.593329, -1.301207), complex(0.721353, -0.201835)], ghn=[complex(-0.599557, -1.542037), complex(-1.707412, -1.757761), complex(-1.181734, 1.467011)]),
    # T = 1, N = 1, H = 9 (complex64): tanh_backward's first 8 elements go 2 registers at a time (rounded products),
    # the 9th, an odd one left, through scalar code that rounds g·c's products (the fused pairs need 2); W_hh unused
    'tanh_backward_c64_h9': dict(dtype=torch.complex64, I=1, H=9, T=1, N=1,
        params={'weight_ih_l0': [complex(-0.828982, 0.094234), complex(-0.779162, 0.15996), complex(1.790235, 0.534189), complex(0.754683, 1.172422), complex(0.885538, 1.959997), complex(1.80732, 1.757212), complex(-0.932654, -0.789992), complex(-0.418203, -1.001765), complex(1.633299, 1.505504)], 'weight_hh_l0': [complex(0.0, 0.0), complex(0.0, 0.0), complex(0.0, 0.0), complex(0.0, 0.0), complex(0.0, 0.0), complex(0.0, 0.0), complex(0.0, 0.0), complex(0.0, 0.0), complex(0.0, 0.0), complex(0.0, 0.0), complex(0.0, 0.0), complex(0.0, 0.0), complex(0.0, 0.0), complex(0.0, 0.0), complex(0.0, 0.0), complex(0.0, 0.0), complex(0.0, 0.0), complex(0.0, 0.0), complex(0.0, 0.0), complex(0.0, 0.0), complex(0.0, 0.0), complex(0.0, 0.0), complex(0.0, 0.0), complex(0.0, 0.0), complex(0.0, 0.0), complex(0.0, 0.0), complex(0.0, 0.0), complex(0.0, 0.0), complex(0.0, 0.0), complex(0.0, 0.0), complex(0.0, 0.0), complex(0.0, 0.0), complex(0.0, 0.0), complex(0.0, 0.0), complex(0.0, 0.0), complex(0.0, 0.0), complex(0.0, 0.0), complex(0.0, 0.0), complex(0.0, 0.0), complex(0.0, 0.0), complex(0.0, 0.0), complex(0.0, 0.0), complex(0.0, 0.0), complex(0.0, 0.0), complex(0.0, 0.0), complex(0.0, 0.0), complex(0.0, 0.0), complex(0.0, 0.0), complex(0.0, 0.0), complex(0.0, 0.0), complex(0.0, 0.0), complex(0.0, 0.0), complex(0.0, 0.0), complex(0.0, 0.0), complex(0.0, 0.0), complex(0.0, 0.0), complex(0.0, 0.0), complex(0.0, 0.0), complex(0.0, 0.0), complex(0.0, 0.0), complex(0.0, 0.0), complex(0.0, 0.0), complex(0.0, 0.0), complex(0.0, 0.0), complex(0.0, 0.0), complex(0.0, 0.0), complex(0.0, 0.0), complex(0.0, 0.0), complex(0.0, 0.0), complex(0.0, 0.0), complex(0.0, 0.0), complex(0.0, 0.0), complex(0.0, 0.0), complex(0.0, 0.0), complex(0.0, 0.0), complex(0.0, 0.0), complex(0.0, 0.0), complex(0.0, 0.0), complex(0.0, 0.0), complex(0.0, 0.0), complex(0.0, 0.0)], 'bias_ih_l0': [complex(-0.279592, 1.480824), complex(1.878949, 1.193289), complex(-1.241166, 0.656455), complex(1.076999, 1.460269), complex(-1.451545, -0.947386), complex(1.765429, 1.195796), complex(-0.814271, 0.219955), complex(0.562358, -1.859595), complex(1.758393, -1.989197)], 'bias_hh_l0': [complex(1.689649, 1.132587), complex(-1.727462, 0.632336), complex(1.523367, 0.819195), complex(1.502326, -0.889919), complex(-0.485297, -0.289592), complex(1.877489, -1.807483), complex(-0.635255, 1.915405), complex(1.999535, 0.367317), complex(1.793099, -1.228579)]},
        x=[complex(0.022423, 1.682215)], g=[complex(-1.982324, 1.645759), complex(1.409127, 0.345282), complex(-1.062052, 0.40477), complex(-1.260667, 1.807645), complex(0.957537, 1.939032), complex(0.87604, -1.0918), complex(-0.577586, 1.28159), complex(1.68477, -0.704614), complex(-1.310419, 1.814292)], ghn=[complex(1.226663, 1.302675), complex(-1.549701, -0.762961), complex(1.91575, 1.952732), complex(0.02339, 1.602919), complex(1.615461, 1.348085), complex(-0.158568, -1.373245), complex(0.507563, -1.167471), complex(-1.064842, 1.734456), complex(-0.206471, -1.506317)]),
}

for name, c in CASES.items():
    dt = c.get('dtype', torch.complex128)
    rnn = torch.nn.RNN(c['I'], c['H'], dtype=dt)
    with torch.no_grad():
        for n, p in rnn.named_parameters():
            p.copy_(torch.tensor(c['params'][n], dtype=dt).reshape(p.shape))
    hx = torch.tensor(c['hx'], dtype=dt).reshape(1, 1, c['H']).requires_grad_() if 'hx' in c else None
    if 'lens' in c:
        p0 = pack_sequence([torch.tensor(q, dtype=dt).reshape(n, c['I']) for q, n in zip(c['seqs'], c['lens'])], enforce_sorted=c.get('sorted', False))
        x = p0.data.clone().requires_grad_()
        out, hn = rnn(PackedSequence(x, p0.batch_sizes, p0.sorted_indices, p0.unsorted_indices), hx)
        out = out.data
    else:
        x = torch.tensor(c['x'], dtype=dt).reshape(c['T'], c['N'], c['I']).requires_grad_()
        out, hn = rnn(x, hx)
    torch.autograd.backward([out, hn], [torch.tensor(c['g'], dtype=dt).reshape(out.shape), torch.tensor(c['ghn'], dtype=dt).reshape(hn.shape)])
    print(name)
    for n, t in [('input', x.grad)] + ([('hx', hx.grad)] if hx is not None else []) + [(n, p.grad) for n, p in rnn.named_parameters()]:
        print(' ', n, ', '.join(repr(v) for v in torch.view_as_real(t).flatten().tolist()))
