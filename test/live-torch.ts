// Runs real torch (the project's .venv) on a batch of cases, for tests: nn.RNN(**config),
// load_state_dict, forward. Tensors travel as raw little-endian bytes in base64, never as decimal text.
import { spawnSync } from 'node:child_process';
import { isComplex, type DType } from '../engine/dtype.js';
import { bf16Bits, bf16FromBits, f16Bits, f16FromBits } from '../engine/half.js';
import { zeros, type Tensor } from '../engine/tensor.js';
import { defaultPython } from '../harness/sidecar/paths.js';

export const PYTHON = defaultPython();

export interface WireTensor {
  dtype: DType;
  shape: number[];
  b64: string;
}

export interface TorchCase {
  config: Record<string, unknown>;
  state?: Record<string, WireTensor>;
  input?: WireTensor;
  hx?: WireTensor | null;
  train?: boolean;
  /** torch.manual_seed(seed) right before forward (dropout draws). */
  seed?: number;
  /** Variable-length batch: pack_padded_sequence(input, lengths, batch_first as configured,
   * enforce_sorted) before forward, the output padded back with pad_packed_sequence. */
  lengths?: { shape: number[]; values: number[] };
  enforceSorted?: boolean;
}

export interface TorchResult {
  error?: { type: string; message: string };
  warnings: string[];
  repr?: string;
  params?: [string, number[]][];
  output?: WireTensor;
  h_n?: WireTensor;
}

const SCRIPT = String.raw`
import sys, json, base64, warnings, torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence
def dec(w):
    b = bytearray(base64.b64decode(w['b64']))
    dt = getattr(torch, w['dtype'])
    t = torch.frombuffer(b, dtype=dt) if len(b) else torch.empty(0, dtype=dt)
    return t.clone().reshape(w['shape'])
def enc(t):
    t = t.detach().contiguous()
    return {'dtype': str(t.dtype).replace('torch.', ''), 'shape': list(t.shape), 'b64': base64.b64encode(t.numpy().tobytes() if t.dtype not in (torch.bfloat16,) else t.view(torch.int16).numpy().tobytes()).decode()}
def run(c):
    res = {'warnings': []}
    with warnings.catch_warnings(record=True) as ws:
        warnings.simplefilter('always')
        try:
            cfg = dict(c['config'])
            if isinstance(cfg.get('dtype'), str) and isinstance(getattr(torch, cfg['dtype'], None), torch.dtype):
                cfg['dtype'] = getattr(torch, cfg['dtype'])
            m = nn.RNN(**cfg)
            res['repr'] = repr(m)
            res['params'] = [[k, list(v.shape)] for k, v in m.state_dict().items()]
            if c.get('state') is not None:
                m.load_state_dict({k: dec(v) for k, v in c['state'].items()})
            m.train(bool(c.get('train', False)))
            if c.get('input') is not None:
                x = dec(c['input'])
                hx = dec(c['hx']) if c.get('hx') else None
                hx0 = hx.clone() if hx is not None else None
                packed = c.get('lengths') is not None
                bf = cfg.get('batch_first', False)
                if packed:
                    lengths = torch.tensor(c['lengths']['values'], dtype=torch.int64).reshape(c['lengths']['shape'])
                    x = pack_padded_sequence(x, lengths, batch_first=bf, enforce_sorted=c.get('enforceSorted', True))
                if c.get('seed') is not None: torch.manual_seed(c['seed'])
                with torch.no_grad():
                    out, hn = m(x, hx)
                if packed: out = pad_packed_sequence(out, batch_first=bf)[0]
                if hx is not None: assert torch.equal(hx, hx0) or (hx.isnan() == hx0.isnan()).all()
                res['output'] = enc(out); res['h_n'] = enc(hn)
        except Exception as e:
            res['error'] = {'type': type(e).__name__, 'message': str(e)}
        res['warnings'] = [str(w.message) for w in ws]
    return res
cases = json.load(sys.stdin)
json.dump([run(c) for c in cases], sys.stdout)
`;

/** Runs the cases through torch; throws (so the test fails, never skips) when torch is missing. */
export function runTorch(cases: TorchCase[]): TorchResult[] {
  const r = spawnSync(PYTHON, ['-c', SCRIPT], { input: JSON.stringify(cases), maxBuffer: 1 << 30, encoding: 'utf8' });
  if (r.error) throw new Error(`cannot run torch at ${PYTHON}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`torch script failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout) as TorchResult[];
}

/** Exact bytes of an engine tensor in torch's memory layout. */
export function toWire(t: Tensor): WireTensor {
  let bytes: Uint8Array;
  if (t.dtype === 'float16' || t.dtype === 'bfloat16') {
    const bits = t.dtype === 'float16' ? f16Bits : bf16Bits;
    const u = new Uint16Array(t.data.length);
    t.data.forEach((v, i) => (u[i] = bits(v)));
    bytes = new Uint8Array(u.buffer);
  } else {
    bytes = new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength);
  }
  return { dtype: t.dtype, shape: [...t.shape], b64: Buffer.from(bytes).toString('base64') };
}

export function fromWire(w: WireTensor): Tensor {
  const t = zeros(w.dtype, w.shape);
  const buf = Buffer.from(w.b64, 'base64');
  const ab = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
  if (w.dtype === 'float16' || w.dtype === 'bfloat16') {
    const from = w.dtype === 'float16' ? f16FromBits : bf16FromBits;
    new Uint16Array(ab).forEach((b, i) => (t.data[i] = from(b)));
  } else if (w.dtype === 'float64' || w.dtype === 'complex128') {
    t.data.set(new Float64Array(ab));
  } else {
    t.data.set(new Float32Array(ab));
  }
  if (t.data.length !== (isComplex(w.dtype) ? 2 : 1) * w.shape.reduce((a, b) => a * b, 1)) throw new Error('wire size');
  return t;
}

/** The same case in a wider dtype: every tensor converted exactly (float32 and 16-bit values fit in float64). */
export function widenCase(c: TorchCase, wide: 'float64' | 'complex128'): TorchCase {
  const widen = (w: WireTensor): WireTensor => {
    const t = fromWire(w);
    const out = zeros(wide, t.shape);
    out.data.set(t.data);
    return toWire(out);
  };
  return {
    ...c,
    config: { ...c.config, dtype: wide },
    state: c.state ? Object.fromEntries(Object.entries(c.state).map(([k, v]) => [k, widen(v)])) : undefined,
    input: c.input ? widen(c.input) : undefined,
    hx: c.hx ? widen(c.hx) : null,
  };
}
