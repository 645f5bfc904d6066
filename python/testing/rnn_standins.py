"""Stand-ins for test/comparator-vs-torch.test.ts: for each case (JSON list as argv[1]) torch's
nn.RNN in float32 and four other engines built from torch ops (see the test's header: honest,
perm, exact, f64). Writes one safetensors file (tensors.py): `<case>.<stand-in>` and
`<case>.<stand-in>_hn` for each.
"""
import copy, json, sys
import torch
from tensors import write
torch.set_num_threads(1)
cases = json.loads(sys.argv[1])
answers = {}
def honest(rnn, x):
    g = torch.Generator().manual_seed(12345)
    L, H, D = rnn.num_layers, rnn.hidden_size, 2 if rnn.bidirectional else 1
    inp, hs = x, []
    for l in range(L):
        outs = []
        for d in range(D):
            s = "_reverse" if d else ""
            Wih, Whh = getattr(rnn, f"weight_ih_l{l}{s}"), getattr(rnn, f"weight_hh_l{l}{s}")
            bih, bhh = getattr(rnn, f"bias_ih_l{l}{s}"), getattr(rnn, f"bias_hh_l{l}{s}")
            pi, ph = torch.randperm(inp.shape[-1], generator=g), torch.randperm(H, generator=g)
            h = torch.zeros(inp.shape[1], H, dtype=x.dtype)
            ys = [None] * inp.shape[0]
            for t in (range(inp.shape[0] - 1, -1, -1) if d else range(inp.shape[0])):
                a = (inp[t][:, pi] @ Wih[:, pi].T + bhh) + (h[:, ph] @ Whh[:, ph].T + bih)
                h = torch.tanh(a) if rnn.nonlinearity == "tanh" else torch.relu(a)
                ys[t] = h
            outs.append(torch.stack(ys)); hs.append(h)
        inp = torch.cat(outs, -1)
    return inp, torch.stack(hs)
def permuted(rnn, x):
    g = torch.Generator().manual_seed(777)
    L, H, D = rnn.num_layers, rnn.hidden_size, 2 if rnn.bidirectional else 1
    P = [[torch.randperm(H, generator=g) for d in range(D)] for l in range(L)]
    sd, old = {}, rnn.state_dict()
    for l in range(L):
        for d in range(D):
            s, p = ("_reverse" if d else ""), P[l][d]
            Wih = old[f"weight_ih_l{l}{s}"]
            if l > 0:
                Wih = Wih[:, torch.cat([P[l - 1][k] + k * H for k in range(D)])]
            sd[f"weight_ih_l{l}{s}"] = Wih[p]
            sd[f"weight_hh_l{l}{s}"] = old[f"weight_hh_l{l}{s}"][p][:, p]
            sd[f"bias_ih_l{l}{s}"] = old[f"bias_ih_l{l}{s}"][p]
            sd[f"bias_hh_l{l}{s}"] = old[f"bias_hh_l{l}{s}"][p]
    r2 = copy.deepcopy(rnn)
    r2.load_state_dict(sd)
    out, hn = r2(x)
    inv = [[torch.argsort(P[l][d]) for d in range(D)] for l in range(L)]
    out = out[..., torch.cat([inv[L - 1][k] + k * H for k in range(D)])]
    return out, torch.stack([hn[l * D + d][..., inv[l][d]] for l in range(L) for d in range(D)])
with torch.no_grad():
    for c in cases:
        torch.manual_seed(c["seed"])
        rnn = torch.nn.RNN(c["I"], c["H"], c["L"], nonlinearity=c["nl"], bidirectional=c["bi"])
        for p in rnn.parameters():
            p.mul_(c["scale"])
        x = torch.randn(c["T"], c["N"], c["I"])
        out, hn = rnn(x)
        hout, hhn = honest(rnn, x)
        pout, phn = permuted(rnn, x)
        ex, exh = copy.deepcopy(rnn).double()(x.double())
        i = len(answers) // 10
        answers.update({"%d.%s" % (i, k): v for k, v in dict(torch=out, torch_hn=hn, honest=hout, honest_hn=hhn, perm=pout, perm_hn=phn, exact=ex, exact_hn=exh, f64=ex.float(), f64_hn=exh.float()).items()})
sys.stdout.buffer.write(write(answers))
