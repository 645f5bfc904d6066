"""torch.tanh on complex64 and complex128 for test/ctanh-vs-torch.test.ts: fixed random values and the
hard ones (huge |re|, where the naive formula gives NaN; poles, zeros, infinities, NaN). Writes JSON
{dtype: {z, t}}: the inputs and torch's answers as view_as_real float reprs (exact).
"""
import torch, numpy as np, json
rng = np.random.default_rng(0)
re = np.concatenate([rng.uniform(-5,5,2000), rng.uniform(-100,100,300), rng.uniform(-1000,1000,100), [0, -0.0, 1e-30, 20, 44.5, 300, 354.5, 400, 800, -800, 1e30, np.inf, -np.inf, np.nan, 0, np.inf, 5, np.nan, 1, -1, 0, 2]])
im = np.concatenate([rng.uniform(-5,5,2000), rng.uniform(-100,100,300), rng.uniform(-3,3,100), [1.5707963, 2, 1e-30, 3, 1e10, 0, 2, 1e-300, 0, 2, 1, 3, np.inf, np.nan, 0, np.inf, np.inf, np.nan, np.inf, 0, np.nan, 0]])
out = {}
for name, dt in [('complex64', torch.complex64), ('complex128', torch.complex128)]:
    z = torch.complex(torch.tensor(re), torch.tensor(im)).to(dt)
    t = torch.tanh(z)
    out[name] = {'z': [repr(x) for x in torch.view_as_real(z).double().flatten().tolist()], 't': [repr(x) for x in torch.view_as_real(t).double().flatten().tolist()]}
print(json.dumps(out))
