"""The torch reference sidecar: one persistent process, torch imported once, frames on stdin/stdout.

Protocol: python/README.md (mirrored in harness/sidecar/protocol.ts). It runs torch's public API
only -- torch.manual_seed, nn.RNN(**config), load_state_dict, train, forward -- and never executes
code from its inputs (no eval, no pickle, no torch.load).
"""
import contextlib
import copy
import math
import os
import platform
import sys
import time
import warnings

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from frames import ALIGN, BlobWriter, ProtocolError, read_frame, write_frame  # noqa: E402

PROTOCOL_VERSION = 1
ITEMSIZE = {"float16": 2, "bfloat16": 2, "float32": 4, "float64": 8, "complex64": 8, "complex128": 16}
# numpy's name for each dtype's elements, and whether torch must reinterpret them (bfloat16's bits)
NUMPY_DTYPES = {"float16": ("<f2", False), "bfloat16": ("<u2", True), "float32": ("<f4", False), "float64": ("<f8", False),
                "complex64": ("<c8", False), "complex128": ("<c16", False)}

torch = None  # imported in main(), after stdout is secured
np = None  # numpy, likewise (torch's own tensor <-> bytes bridge)
TORCH_DTYPES = {}  # protocol name -> torch.dtype, and back (set_modules)
DTYPE_NAMES = {}
RNN_TO_LOAD = None  # nn.RNN without its init draws, for modules a state dict overwrites (set_modules)
FRAMES = None  # the real stdout, for frames only


class BadCase(Exception):
    """A case the sidecar cannot even hand to torch (bad tensor descriptor): not torch's refusal."""


# ---- tensors: raw little-endian bytes <-> torch -------------------------------------------------

def set_modules(torch_module, numpy_module):
    """torch and numpy for the helpers here (imported by main(), or by a script reusing them)."""
    global torch, np, RNN_TO_LOAD
    torch, np = torch_module, numpy_module
    TORCH_DTYPES.update((name, getattr(torch, name)) for name in ITEMSIZE)
    DTYPE_NAMES.update((d, name) for name, d in TORCH_DTYPES.items())

    class RNN(torch.nn.RNN):  # noqa: D401 -- named as torch's, should a message ever name the class
        """torch.nn.RNN, reset_parameters (the init's draws) skipped: see construct()."""

        def reset_parameters(self):
            pass

    RNN_TO_LOAD = RNN


def decode_tensor(desc, blob):
    dtype_name = desc.get("dtype")
    if dtype_name not in ITEMSIZE:
        raise BadCase("unknown tensor dtype %r" % (dtype_name,))
    shape = [int(s) for s in desc["shape"]]
    offset, nbytes = int(desc["offset"]), int(desc["nbytes"])
    itemsize = ITEMSIZE[dtype_name]
    numel = math.prod(shape)
    if min(shape + [0]) < 0 or nbytes != numel * itemsize or offset < 0 or offset + nbytes > len(blob):
        raise BadCase("tensor descriptor %r does not fit a blob of %d bytes" % (desc, len(blob)))
    dtype = TORCH_DTYPES[dtype_name]
    if numel == 0:
        return torch.empty(shape, dtype=dtype)
    if isinstance(blob, np.ndarray):
        # A view into the request's one aligned copy (aligned_blob): no copy per tensor. An offset
        # off the element size (the protocol says 64-aligned; a peer may not) gets its own copy.
        if offset % itemsize:
            return torch.from_numpy(blob[offset:offset + nbytes]).clone().view(dtype).reshape(shape)
        np_dtype, bits = NUMPY_DTYPES[dtype_name]
        t = torch.from_numpy(np.ndarray(shape, np_dtype, blob, offset))
        return t.view(dtype) if bits else t  # bfloat16: numpy has none, its 16-bit patterns
    # Bytes first, reinterpreted only after clone(): a complex128 tensor at an 8-byte boundary
    # (what frombuffer at an odd offset gives) crashes torch 2.13, so none ever exists here.
    raw = torch.frombuffer(bytearray(blob[offset:offset + nbytes]), dtype=torch.uint8).clone()
    return raw.view(dtype).reshape(shape)


def encode_tensor(writer, t):
    if t.requires_grad:
        t = t.detach()
    name = DTYPE_NAMES.get(t.dtype)
    if name is None:
        raise BadCase("torch returned a %s tensor, outside the six dtypes the protocol carries" % str(t.dtype).replace("torch.", ""))
    # numpy's tobytes() is the row-major bytes whatever the strides (numpy has no bfloat16: its bits)
    data = (t.view(torch.int16) if name == "bfloat16" else t).numpy().tobytes()
    return {"dtype": name, "shape": list(t.shape), "offset": writer.add(data), "nbytes": len(data)}


def encode_tree(writer, value):
    """Replaces every tensor in nested dicts/lists by its blob descriptor."""
    if torch.is_tensor(value):
        return encode_tensor(writer, value)
    if isinstance(value, dict):
        return {k: encode_tree(writer, v) for k, v in value.items()}
    if isinstance(value, list):
        return [encode_tree(writer, v) for v in value]
    return value


# ---- configs: JSON values as given, with two escapes ----------------------------------------------

def decode_value(v):
    if isinstance(v, dict):
        if set(v) == {"$float"}:
            return float(v["$float"])  # NaN, inf, or a float that JSON would print as an int
        return {k: decode_value(x) for k, x in v.items()}
    if isinstance(v, list):
        return [decode_value(x) for x in v]
    return v


def decode_config(config):
    kwargs = {k: decode_value(v) for k, v in config.items()}
    name = kwargs.get("dtype")
    # Only a string naming a torch.dtype becomes one; anything else reaches torch as is, to be refused.
    if isinstance(name, str) and isinstance(getattr(torch, name, None), torch.dtype):
        kwargs["dtype"] = getattr(torch, name)
    return kwargs


# ---- one case ---------------------------------------------------------------------------------------

def refusal(stage, e, rec, **extra):
    return dict(kind="refused", stage=stage, type=type(e).__name__, message=str(e), warnings=texts(rec), **extra)


def texts(rec):
    return [str(w.message) for w in rec]


class StageError(Exception):
    """torch refused at one stage of the call: `pack`, `forward` or `backward`."""

    def __init__(self, stage, error):
        super().__init__(str(error))
        self.stage, self.error = stage, error


# nn.RNN's keywords whose values, once the constructor accepts them, leave reset_parameters nothing to
# refuse or warn about (device: only the default, CPU)
PLAIN_KEYS = frozenset(("input_size", "hidden_size", "num_layers", "nonlinearity", "bias", "batch_first", "dropout", "bidirectional", "dtype"))


def construct(kwargs, overwritten):
    """nn.RNN(**kwargs). `overwritten`: a strict load_state_dict follows, and nothing draws from the
    generator after it (eval mode). Then the init's values are never seen: load_state_dict copies every
    parameter (or refuses, naming keys and shapes, never values), and the generator is re-seeded by every
    case that draws. So for a plain config (PLAIN_KEYS, one of the protocol's dtypes: init.uniform_ can
    neither fail nor warn) the constructor runs without reset_parameters -- a third of its time -- and
    the module becomes a torch.nn.RNN again at once: same checks, refusals, warnings, parameters."""
    dtype = kwargs.get("dtype", torch.float32)
    if overwritten and kwargs.keys() <= PLAIN_KEYS and isinstance(dtype, torch.dtype) and dtype in DTYPE_NAMES:
        rnn = RNN_TO_LOAD(**kwargs)
        rnn.__class__ = torch.nn.RNN
        return rnn
    return torch.nn.RNN(**kwargs)


def load(rnn, sd):
    """rnn.load_state_dict(sd) (strict). When sd holds exactly the module's parameters, each of its own
    shape and dtype, and nothing else takes part (no hooks, buffers, submodules or swap_tensors mode),
    torch's load does nothing but param.copy_(sd[name]) under no_grad for each (no check can refuse, no
    copy can fail or warn): the sidecar then does just that, in under half the time. Anything else goes
    through load_state_dict, which refuses or warns as torch does."""
    params = rnn._parameters
    if (type(rnn) is torch.nn.RNN and sd.keys() == params.keys() and not rnn._buffers and not rnn._modules
            and not rnn._load_state_dict_pre_hooks and not rnn._load_state_dict_post_hooks
            and not torch.__future__.get_swap_module_params_on_conversion()
            and all(p is not None and sd[k].shape == p.shape and sd[k].dtype == p.dtype for k, p in params.items())):
        with torch.no_grad():
            for k, p in params.items():
                p.copy_(sd[k])
        return
    rnn.load_state_dict(sd)


@contextlib.contextmanager
def recording(rec=None):
    """warnings.catch_warnings(record=True) with simplefilter("always"); or `rec`, the list of one
    already open (handle() opens one per run request: entering one per case costs ~20 µs), emptied."""
    if rec is not None:
        del rec[:]
        yield rec
        return
    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always")
        yield rec


def run_case(case, blob, forward=True, extra=None, rec=None):
    """The exact torch sequence for one case; torch's exceptions come back as data with their stage.
    `extra(rnn, args, out, h_n, train)` adds members to an ok result (the `layers` request); `rec`: the
    warnings list of an open recording() (default: its own)."""
    try:
        kwargs = decode_config(case["config"])
        sd = {k: decode_tensor(d, blob) for k, d in case["state_dict"].items()} if case.get("state_dict") is not None else None
        args = [decode_tensor(case["input"], blob)] if case.get("input") is not None else []
        if case.get("hx") is not None:
            args.append(decode_tensor(case["hx"], blob))
        seed, train = case.get("seed"), bool(case.get("train", False))
        packing = packing_of(case)
        upstream = None
        if case.get("grad_output") is not None:
            g_hn = case.get("grad_h_n")
            upstream = (decode_tensor(case["grad_output"], blob), decode_tensor(g_hn, blob) if g_hn is not None else None)
    except (BadCase, AttributeError, KeyError, TypeError, ValueError) as e:
        return {"kind": "unavailable", "reason": "sidecar could not decode the case: %s" % e}

    with recording(rec) as rec:
        try:
            if seed is not None:
                torch.manual_seed(seed)
            rnn = construct(kwargs, sd is not None and forward and not train)
        except Exception as e:  # noqa: BLE001 -- any refusal is data
            return refusal("config", e, rec)
        built = None if sd is not None else rnn.state_dict()
        try:
            if sd is not None:
                load(rnn, sd)
        except Exception as e:  # noqa: BLE001
            return refusal("load", e, rec)
        if not forward:
            return {"kind": "ok", "state_dict": built, "warnings": texts(rec)}
        rnn.train(train)
        try:
            out, h_n, grads = call(rnn, args, packing, upstream)
        except StageError as e:
            extra_sd = {"state_dict": built} if built is not None else {}
            return refusal(e.stage, e.error, rec, **extra_sd)
        except BadCase as e:
            return {"kind": "unavailable", "reason": str(e)}
        result = {"kind": "ok", "output": out, "h_n": h_n, "warnings": texts(rec), "repr": repr(rnn)}
        if grads is not None:
            result["grads"] = grads
    if built is not None:
        result["state_dict"] = built
    if case.get("oracle"):
        result.update(oracle(rnn, args, train, seed, kwargs, packing, upstream))
    if extra is not None:
        result.update(extra(rnn, args, out, h_n, train))
    return result


def packing_of(case):
    """(lengths, enforce_sorted) of a variable-length case, or None. lengths: a JSON list of ints
    (nested lists make a tensor of more dimensions, for torch to refuse)."""
    if case.get("lengths") is None:
        return None
    return case["lengths"], bool(case.get("enforce_sorted", True))


def call(rnn, args, packing, upstream):
    """rnn(*args) as the case asks: the input packed first (pack_padded_sequence with the module's
    batch_first) and the output padded back (pad_packed_sequence, padding 0); with upstream gradients
    (grad_output, grad_h_n or None), input and hx require grad and torch.autograd.backward runs.
    Returns (output, h_n, grads or None); raises StageError."""
    from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence  # noqa: PLC0415

    args = [a.detach().requires_grad_(True) for a in args] if upstream is not None else list(args)
    leaves = list(args)
    if packing is not None:
        lengths, enforce_sorted = packing
        try:
            args[0] = pack_padded_sequence(args[0], torch.tensor(lengths, dtype=torch.int64), batch_first=rnn.batch_first, enforce_sorted=enforce_sorted)
        except Exception as e:  # noqa: BLE001
            raise StageError("pack", e) from e
    try:
        with torch.set_grad_enabled(upstream is not None):
            out, h_n = rnn(*args)
            if packing is not None:
                out = pad_packed_sequence(out, batch_first=rnn.batch_first)[0]
    except Exception as e:  # noqa: BLE001
        raise StageError("forward", e) from e
    if upstream is None:
        return out, h_n, None
    g_out, g_hn = upstream
    try:
        torch.autograd.backward([out, h_n], [g_out, g_hn if g_hn is not None else torch.zeros_like(h_n)])
    except Exception as e:  # noqa: BLE001
        raise StageError("backward", e) from e
    # .grad is None only for a tensor the outputs do not depend on; none such here (zeros would hide it)
    grads = {"input": leaves[0].grad}
    if len(leaves) > 1:
        grads["hx"] = leaves[1].grad
    for k, v in rnn.named_parameters():
        grads[k] = v.grad
    missing = [k for k, g in grads.items() if g is None]
    if missing:
        raise BadCase("torch left .grad None for %s" % ", ".join(missing))
    return out.detach(), h_n.detach(), grads


def oracle(rnn, args, train, seed=None, kwargs=None, packing=None, upstream=None):
    """The same module and inputs in float64 (complex128): the exact-as-possible answer."""
    dtype = next(rnn.parameters()).dtype
    wide = torch.complex128 if dtype.is_complex else torch.float64
    # Train mode draws dropout masks only for 0 < p < 1 between layers. torch's masks do not depend on
    # the dtype (one random64 per element, the same comparison), so the widened copy draws the very same
    # masks when the generator is where it was: re-seed, and let a throwaway module of the case's own
    # config consume the init draws, as the case's constructor did.
    draws = train and 0 < rnn.dropout < 1 and rnn.num_layers > 1
    if draws and (seed is None or dtype == wide):
        why = "no seed" if seed is None else "the 40-digit oracle has no dropout masks"
        return {"oracle_unavailable": "no oracle in train mode with 0 < dropout < 1 (%s)" % why}
    if dtype == wide:
        # Already double precision: the oracle is the recurrence in 40-digit arithmetic (oracle_mp.py),
        # and with upstream gradients its backpropagation through time, in 40 digits too.
        try:
            import oracle_mp  # noqa: PLC0415 -- imports torch, which main() loads after securing stdout

            args = [a.detach().to(wide) for a in args]
            if upstream is not None:
                out, h_n, grads = oracle_mp.backward(rnn, args, upstream[0], upstream[1], packing[0] if packing else None)
                return {"oracle": {"output": out, "h_n": h_n, "grads": grads, "same_precision": False}}
            out, h_n = oracle_mp.forward_packed(rnn, args, packing[0], rnn.batch_first) if packing else oracle_mp.forward(rnn, args)
        except Exception as e:  # noqa: BLE001
            return {"oracle_unavailable": "high-precision oracle: %s: %s" % (type(e).__name__, e)}
        return {"oracle": {"output": out, "h_n": h_n, "same_precision": False}}
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ref = copy.deepcopy(rnn).to(wide)
            ref.zero_grad(set_to_none=True)  # the case's own backward left .grad on the copy
            if draws:
                torch.manual_seed(seed)
                torch.nn.RNN(**kwargs)
            up = tuple(g.to(wide) if g is not None else None for g in upstream) if upstream is not None else None
            out, h_n, grads = call(ref, [a.to(wide) for a in args], packing, up)
    except (StageError, BadCase) as e:
        return {"oracle_unavailable": "%s: %s" % (type(getattr(e, "error", e)).__name__, e)}
    res = {"output": out, "h_n": h_n, "same_precision": dtype == wide}
    if grads is not None:
        res["grads"] = grads
    return {"oracle": res}


def timed(f, *args):
    """f(*args) and the seconds it took: a case's own time in torch (JUnit reports it per case)."""
    t0 = time.perf_counter()
    r = f(*args)
    return r, time.perf_counter() - t0


def encode_result(writer, case_id, result):
    mark = (writer.size, len(writer.parts))
    try:
        return dict(encode_tree(writer, result), id=case_id)
    except BadCase as e:
        writer.size, writer.parts = mark[0], writer.parts[: mark[1]]
        return {"id": case_id, "kind": "unavailable", "reason": str(e)}


# ---- process ------------------------------------------------------------------------------------

def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def hello():
    config = torch.__config__.show()
    return {
        "type": "hello",
        "protocol": PROTOCOL_VERSION,
        "torch": torch.__version__,
        "git_version": torch.version.git_version,
        "build": [line.strip(" -") for line in config.splitlines() if line.strip() and "Build settings" not in line],
        "cpu_capability": torch.backends.cpu.get_cpu_capability(),
        "num_threads": torch.get_num_threads(),
        "num_interop_threads": torch.get_num_interop_threads(),
        "cpu_model": cpu_model(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "pid": os.getpid(),
        "dropout_probe": dropout_probe(),
    }


PROBE = {"seed": 20261129, "p": 0.5, "n": 256}


def dropout_probe():
    """Training-mode dropout masks this torch draws after manual_seed (bernoulli_ may take another
    path on other CPUs): the harness compares them with the engine's."""
    masks = {}
    for name in ("float32", "float64"):
        torch.manual_seed(PROBE["seed"])
        kept = torch.nn.functional.dropout(torch.ones(PROBE["n"], dtype=getattr(torch, name)), PROBE["p"], True) != 0
        masks[name] = "".join("1" if k else "0" for k in kept.tolist())
    return dict(PROBE, masks=masks)


def secure_stdout():
    """Frames own the real stdout; everything else printed (Python or C) goes to stderr."""
    frames = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    return frames


def aligned_blob(blob):
    """The request's blob copied once into a 64-byte aligned, writable numpy buffer: tensors are
    views of it at their 64-byte aligned offsets, so none sits at an odd boundary (the complex128
    crash, see decode_tensor), and none is copied again."""
    if not len(blob):
        return blob
    base = np.empty(len(blob) + ALIGN, np.uint8)
    start = -base.ctypes.data % ALIGN
    buf = base[start:start + len(blob)]
    buf[:] = np.frombuffer(blob, np.uint8)
    return buf


def handle(header, blob):
    kind, req = header.get("type"), header.get("id")
    blob = aligned_blob(blob)
    writer = BlobWriter()
    if kind == "run":
        results = []
        with recording() as rec:
            for c in header["cases"]:
                result, seconds = timed(run_case, c, blob, True, None, rec)
                results.append(dict(encode_result(writer, c.get("id"), result), elapsed_s=seconds))
        return {"type": "run-result", "id": req, "results": results}, writer.bytes()
    if kind == "init":
        case = {"config": header["config"], "seed": header.get("seed")}
        return {"type": "init-result", "id": req, "result": encode_result(writer, None, run_case(case, blob, forward=False))}, writer.bytes()
    if kind == "layers":
        case = header["case"]
        # The full-module oracle is not needed: the per-layer one covers it.
        result = run_case(dict(case, oracle=False), blob, extra=lambda *a: layers_extra(*a, want_oracle=bool(case.get("oracle")), packed=case.get("lengths") is not None))
        return {"type": "layers-result", "id": req, "result": encode_result(writer, case.get("id"), result)}, writer.bytes()
    return {"type": "error", "id": req, "message": "unknown request type %r" % (kind,)}, b""


def layers_extra(rnn, args, out, h_n, train, want_oracle, packed=False):
    """Every layer's and direction's hidden sequence (python/layers.py), eval mode, padded input only."""
    if packed:
        return {"layers_unavailable": "packed input: the per-layer chain runs padded input only"}
    if train and rnn.dropout > 0 and rnn.num_layers > 1:
        return {"layers_unavailable": "train mode with dropout: the chain would need torch's dropout masks"}
    if not args:
        return {"layers_unavailable": "no input"}
    try:
        import layers  # noqa: PLC0415 -- imports torch, which main() loads after securing stdout

        return layers.layers(rnn, args, out, h_n, want_oracle)
    except Exception as e:  # noqa: BLE001
        return {"layers_unavailable": "%s: %s" % (type(e).__name__, e)}


def main(handler=handle):
    global FRAMES
    frames = FRAMES = secure_stdout()
    if sys.byteorder != "little":
        write_frame(frames, {"type": "fatal", "reason": "big-endian host", "message": "the protocol carries little-endian bytes"})
        return 3
    try:
        import torch as _torch
        import numpy as _np
    except ImportError as e:
        write_frame(frames, {"type": "fatal", "reason": "torch-missing", "message": "%s (python %s at %s)" % (e, platform.python_version(), sys.executable)})
        return 3
    set_modules(_torch, _np)
    threads = int(os.environ.get("RNN_CONFORMANCE_TORCH_THREADS", "1"))
    torch.set_num_threads(threads)
    torch.set_num_interop_threads(1)
    write_frame(frames, hello())
    try:
        return serve(frames, handler)
    finally:
        frames.close()


def serve(frames, handler):
    stdin = sys.stdin.buffer
    while True:
        try:
            frame = read_frame(stdin)
        except (ProtocolError, ValueError) as e:
            write_frame(frames, {"type": "fatal", "reason": "protocol", "message": str(e)})
            return 2
        if frame is None:
            return 0
        try:
            header, blob = handler(*frame)
        except Exception as e:  # noqa: BLE001 -- a malformed request, not a torch refusal
            header, blob = {"type": "error", "id": frame[0].get("id"), "message": "%s: %s" % (type(e).__name__, e)}, b""
        write_frame(frames, header, blob)


if __name__ == "__main__":
    sys.exit(main())
