"""torch.manual_seed's draws for test/random-vs-torch.test.ts. Reads a JSON list of jobs on stdin and
writes a JSON list of answers, tensors as their raw bytes in base64 (the test reads them with
engine/tensor-bytes.ts). Jobs: `info` (torch version, CPU capability, CPU model); `uniform` (seed,
dtype, draws of uniform_(a, b) in order); `uniform_error` (torch's refusal of a range); `bits64` (the
generator's raw 64-bit draws via random_); `dropout` (F.dropout in training mode on the given values,
then the next uniform_ draws); `rnn` (the state dict of torch.manual_seed(seed); nn.RNN(**cfg)).
"""
import sys, json, base64, torch, platform
def raw(t):
    return base64.b64encode(t.detach().contiguous().reshape(-1).view(torch.uint8).numpy().tobytes()).decode()
def dt(name):
    return getattr(torch, name)
out = []
for job in json.load(sys.stdin):
    k = job['kind']
    if k == 'info':
        cpu = [l.split(':', 1)[1].strip() for l in open('/proc/cpuinfo') if l.startswith('model name')][:1]
        out.append({'torch': torch.__version__, 'capability': torch.backends.cpu.get_cpu_capability(), 'cpu': cpu[0] if cpu else platform.processor()})
    elif k == 'uniform':
        torch.manual_seed(int(job['seed']))
        out.append({'tensors': [raw(torch.empty(d['shape'], dtype=dt(job['dtype'])).uniform_(d['a'], d['b'])) for d in job['draws']], 'initial_seed': str(torch.initial_seed())})
    elif k == 'uniform_error':
        try:
            torch.empty(2, dtype=dt(job['dtype'])).uniform_(float(job['a']), float(job['b']))
            out.append({'error': ''})
        except Exception as e:
            out.append({'error': type(e).__name__ + ': ' + str(e)})
    elif k == 'bits64':
        torch.manual_seed(int(job['seed']))
        out.append({'values': [str(v & (2**64 - 1)) for v in torch.empty(job['n'], dtype=torch.int64).random_(-2**63, None).tolist()]})
    elif k == 'dropout':
        xf = torch.frombuffer(bytearray(base64.b64decode(job['x'])), dtype=torch.float64)
        if job['dtype'].startswith('complex'):  # the reals are interleaved re, im
            x = torch.view_as_complex(xf.reshape(job['shape'] + [2])).to(dt(job['dtype']))
        else:
            x = xf.reshape(job['shape']).to(dt(job['dtype']))
        torch.manual_seed(int(job['seed']))
        try:
            y = torch.nn.functional.dropout(x, job['p'], training=True)
            after = torch.empty(4, dtype=torch.float64).uniform_()
            out.append({'x': raw(x), 'y': raw(y), 'after': raw(after)})
        except Exception as e:
            out.append({'error': type(e).__name__ + ': ' + str(e)})
    elif k == 'rnn':
        cfg = dict(job['cfg'])
        cfg['dtype'] = dt(cfg['dtype'])
        torch.manual_seed(int(job['seed']))
        sd = torch.nn.RNN(**cfg).state_dict()
        out.append({'params': [[name, list(t.shape), raw(t)] for name, t in sd.items()]})
json.dump(out, sys.stdout)
