"""The sidecar's documented sequence (python/README.md, `run`), written out directly and not through
the sidecar's code, for test/sidecar.test.ts to hold the sidecar to. Reads JSON {name: spec} on stdin
(as the sidecar gets values: {"$float": "nan"} a float, integers ints), values as flat float64 lists;
writes JSON {meta: {torch, git, cap, py}, results: {name: {output, h_n, sd, oracle?} or {stage, type,
message}}}.
"""
import json, platform, sys, warnings, torch
torch.set_num_threads(1)
flat = lambda t: (torch.view_as_real(t) if t.is_complex() else t).to(torch.float64).flatten().tolist()
def py(v):
    if isinstance(v, dict):
        return float(v['$float']) if set(v) == {'$float'} else {k: py(x) for k, x in v.items()}
    return [py(x) for x in v] if isinstance(v, list) else v
out = {}
specs = py(json.load(sys.stdin))
for name, c in specs.items():
    cfg = dict(c['config'])
    if isinstance(cfg.get('dtype'), str) and isinstance(getattr(torch, cfg['dtype'], None), torch.dtype):
        cfg['dtype'] = getattr(torch, cfg['dtype'])
    stage = 'config'
    try:
        if c.get('seed') is not None:
            torch.manual_seed(c['seed'])
        rnn = torch.nn.RNN(**cfg)
        stage = 'forward'
        rnn.train(False)
        args = []
        if c.get('x') is not None:
            dt = getattr(torch, c['dtype'])
            x = torch.tensor(c['x'], dtype=torch.float64)
            x = torch.view_as_complex(x.reshape(*c['shape'], 2)).to(dt) if dt.is_complex else x.reshape(c['shape']).to(dt)
            args.append(x)
        if c.get('h') is not None:
            h = torch.tensor(c['h'], dtype=torch.float64)
            args.append(torch.view_as_complex(h.reshape(*c['hshape'], 2)).to(dt) if dt.is_complex else h.reshape(c['hshape']).to(dt))
        sd = {k: flat(v) for k, v in rnn.state_dict().items()}
        with torch.no_grad():
            o, h = rnn(*args)
        r = {'output': flat(o), 'h_n': flat(h), 'sd': sd}
        if c.get('oracle'):
            with torch.no_grad():
                wide = torch.complex128 if o.is_complex() else torch.float64
                o2, h2 = rnn.to(wide)(*[a.to(wide) for a in args])
            r['oracle'] = flat(o2)
        out[name] = r
    except Exception as e:
        out[name] = {'stage': stage, 'type': type(e).__name__, 'message': str(e)}
meta = {'torch': torch.__version__, 'git': torch.version.git_version, 'cap': torch.backends.cpu.get_cpu_capability(), 'py': platform.python_version()}
print(json.dumps({'meta': meta, 'results': out}))
