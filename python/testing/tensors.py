"""Tensors between a test and a python/testing tool: one safetensors file (the `safetensors` library
here, engine/safetensors.ts over engine/tensor-bytes.ts on the TypeScript side, test/python-tools.ts).

The metadata's `dtypes` (JSON: name -> torch dtype name) says what each tensor is: complex128, which
safetensors cannot store, travels as its torch.view_as_real float64 tensor (as in the CLI's files and
the case file). Every other metadata entry is a JSON value: the tool's arguments or answers.
"""
import json

import torch
from safetensors.torch import load, save


def read(raw):
    """(tensors by name, metadata) of a safetensors file's bytes; complex128 restored."""
    tensors = load(raw)
    # the metadata is the header's __metadata__ (an 8-byte little-endian length, then the JSON header)
    meta = dict(json.loads(raw[8:8 + int.from_bytes(raw[:8], "little")]).get("__metadata__") or {}) if raw else {}
    meta = {k: json.loads(v) for k, v in meta.items()}
    dtypes = meta.pop("dtypes", {})
    for k, dt in dtypes.items():
        if dt == "complex128":
            tensors[k] = torch.view_as_complex(tensors[k].contiguous())
    return tensors, meta


def write(tensors, meta=None):
    """The bytes of a safetensors file holding `tensors` (any of the six dtypes) and `meta` (JSON values)."""
    dtypes = {k: str(t.dtype).replace("torch.", "") for k, t in tensors.items()}
    plain = {k: (torch.view_as_real(t) if t.dtype == torch.complex128 else t).detach().contiguous() for k, t in tensors.items()}
    return save(plain, metadata={k: json.dumps(v) for k, v in dict(meta or {}, dtypes=dtypes).items()})
