"""The python side of test/safetensors-interop.test.ts: the `safetensors` library (0.8.0) and torch,
writing files for the engine to read and reading the engine's. usage: safetensors_interop.py COMMAND ARGS
  python-writes SEED DIR   py.safetensors: all six dtypes (every float16/bfloat16 bit pattern, random
                           bits for the wide ones, specials, empty, 0-d), each tensor's values as
                           <name>.bin (float16/bfloat16 through torch's .float()), shapes.json
  read-back DIR            load_file(DIR/ts.safetensors) (F64 [..., 2] named c128 is complex128):
                           back-<name>.bin with each tensor's values; prints {name: [dtype, shape]}
  rnn-state-dicts SEED DIR save_file of torch.manual_seed(SEED); nn.RNN(3, 5, 2 layers, bidirectional)'s
                           state dict per dtype (rnn-<dtype>.safetensors), and a bias-free one
  mixed DIR                save_file of mixed dtypes, odd names, zero-size and 0-d tensors, with and
                           without metadata; an empty file; empty metadata
  verdicts DIR PREFIX N    safetensors.deserialize (the format layer alone, no torch) of
                           DIR/PREFIX<i>.safetensors: prints per file its tensors {name: [dtype, shape,
                           data hex]} or its error `Type: message`
"""
import json
import sys


def value_bytes(t):
    import torch  # noqa: PLC0415 -- `verdicts` runs without torch

    if t.dtype in (torch.float16, torch.bfloat16):
        t = t.float()
    return t.contiguous().reshape(-1).view(torch.uint8).numpy().tobytes()


def python_writes(seed, out):
    import torch  # noqa: PLC0415
    from safetensors.torch import save_file  # noqa: PLC0415

    seed = int(seed)
    g = torch.Generator().manual_seed(seed)

    def rand_bits(n, width):
        return torch.randint(0, 256, (n * width,), dtype=torch.uint8, generator=g)

    every16 = torch.arange(65536, dtype=torch.int32).to(torch.uint16)
    special = torch.tensor([0.0, -0.0, float('inf'), float('-inf'), float('nan'), 1e-45, 3.4e38])
    t = {
        'f16': every16.view(torch.float16).reshape(256, 256),
        'bf16': every16.clone().view(torch.bfloat16).reshape(16, 4096),
        'f32': torch.cat([rand_bits(993, 4).view(torch.float32), special]).reshape(10, 100),
        'f64': torch.cat([rand_bits(992, 8).view(torch.float64), special.double()]).reshape(3, 333),
        'c64': rand_bits(500, 8).view(torch.complex64).reshape(5, 100),
        'c128': torch.view_as_real(rand_bits(300, 16).view(torch.complex128).reshape(3, 100)),
        'empty': torch.zeros(0, 3),
        'scalar': torch.tensor(2.5, dtype=torch.float64),
    }
    save_file(t, out + '/py.safetensors')
    for k, v in t.items():
        open(out + '/' + k + '.bin', 'wb').write(value_bytes(v))
    json.dump({k: list(v.shape) for k, v in t.items()}, open(out + '/shapes.json', 'w'))


def read_back(out):
    import torch  # noqa: PLC0415
    from safetensors.torch import load_file  # noqa: PLC0415

    t = load_file(out + '/ts.safetensors')
    t['c128'] = torch.view_as_complex(t['c128'])  # the contract: F64 [..., 2] is complex128
    for k, v in t.items():
        open(out + '/back-' + k + '.bin', 'wb').write(value_bytes(torch.view_as_real(v) if v.is_complex() else v))
    print(json.dumps({k: [str(v.dtype), list(v.shape)] for k, v in t.items()}))


def rnn_state_dicts(seed, out):
    import torch  # noqa: PLC0415
    from safetensors.torch import save_file  # noqa: PLC0415

    seed = int(seed)
    for dt in ["float16", "bfloat16", "float32", "float64", "complex64", "complex128"]:
        torch.manual_seed(seed)
        rnn = torch.nn.RNN(3, 5, num_layers=2, bidirectional=True, dtype=getattr(torch, dt))
        sd = rnn.state_dict()
        if dt == 'complex128':
            sd = {k: torch.view_as_real(v) for k, v in sd.items()}
        save_file(sd, out + '/rnn-' + dt + '.safetensors')
    torch.manual_seed(seed)
    save_file(torch.nn.RNN(2, 3, bias=False).state_dict(), out + '/rnn-nobias.safetensors')


def mixed(out):
    import torch  # noqa: PLC0415
    from safetensors.torch import save_file  # noqa: PLC0415

    torch.manual_seed(0)
    t = {
        'b': torch.randn(3, dtype=torch.float16), 'a': torch.randn(2, 2, dtype=torch.bfloat16),
        'z': torch.tensor([1.0, float('inf'), -0.0, float('nan')], dtype=torch.float64), 'c': torch.randn(2, dtype=torch.complex64),
        'w': torch.view_as_real(torch.randn(2, dtype=torch.complex128)), 'e': torch.zeros(0, 4), 's': torch.tensor(-1.5),
        '\u00e9': torch.ones(1), '\uff00': torch.ones(1), '\U0001F600': torch.ones(1), 'Z': torch.ones(1),
        'quote"back\\slash\nnew': torch.ones(1), 'weight_ih_l0': torch.randn(4, 3),
    }
    save_file(t, out + '/mixed.safetensors', metadata={'format': 'pt', 'z': '\u2028 \x01', 'a': 'é'})
    save_file(t, out + '/mixed-nometa.safetensors')
    save_file({}, out + '/none.safetensors')
    save_file({'x': torch.ones(1)}, out + '/empty-meta.safetensors', metadata={})


def verdicts(out, prefix, n):
    from safetensors import deserialize  # noqa: PLC0415 -- no torch import: the format layer alone

    res = []
    for i in range(int(n)):
        try:
            d = deserialize(open(out + '/' + prefix + str(i) + '.safetensors', 'rb').read())
            res.append({k: [v['dtype'], list(v['shape']), bytes(v['data']).hex()] for k, v in d})
        except Exception as e:  # noqa: BLE001 -- the library's refusal is the answer
            res.append(type(e).__name__ + ': ' + str(e))
    print(json.dumps(res))


COMMANDS = {'python-writes': python_writes, 'read-back': read_back, 'rnn-state-dicts': rnn_state_dicts, 'mixed': mixed, 'verdicts': verdicts}

if __name__ == '__main__':
    COMMANDS[sys.argv[1]](*sys.argv[2:])
