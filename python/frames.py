"""Frames of the sidecar protocol: magic, lengths, a JSON header, a binary blob (see README.md).

Standard library only, so a Python without torch can still say so in a proper frame.
"""
import json
import struct

MAGIC = b"RNC1"
PREFIX = struct.Struct("<4sII")  # magic, header bytes, blob bytes
ALIGN = 64  # tensor offsets in a blob are multiples of this
MAX_HEADER = 64 << 20


class ProtocolError(Exception):
    """The peer broke framing; the stream cannot be trusted any more."""


def read_exact(stream, n):
    chunks = []
    got = 0
    while got < n:
        chunk = stream.read(n - got)
        if not chunk:
            if got == 0 and not chunks:
                return None
            raise ProtocolError("truncated frame: stdin closed after %d of %d bytes" % (got, n))
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)


def read_frame(stream):
    """(header dict, blob memoryview), or None at a clean end of input."""
    prefix = read_exact(stream, PREFIX.size)
    if prefix is None:
        return None
    magic, header_len, blob_len = PREFIX.unpack(prefix)
    if magic != MAGIC:
        raise ProtocolError("bad magic %r" % (magic,))
    if header_len > MAX_HEADER:
        raise ProtocolError("header of %d bytes is too large" % header_len)
    header = json.loads(read_exact(stream, header_len) or b"", parse_constant=_no_constants)
    blob = read_exact(stream, blob_len) if blob_len else b""
    return header, memoryview(blob or b"")


def _no_constants(name):
    raise ProtocolError("bare %s in JSON; non-finite floats travel as {\"$float\": ...}" % name)


class BlobWriter:
    """Collects byte strings at 64-byte aligned offsets; returns their descriptors."""

    def __init__(self):
        self.parts = []
        self.size = 0

    def add(self, data):
        pad = -self.size % ALIGN
        if pad:
            self.parts.append(b"\0" * pad)
            self.size += pad
        offset = self.size
        self.parts.append(data)
        self.size += len(data)
        return offset

    def bytes(self):
        return b"".join(self.parts)


def write_frame(out, header, blob=b""):
    data = json.dumps(header, allow_nan=False, separators=(",", ":")).encode("utf-8")
    out.write(PREFIX.pack(MAGIC, len(data), len(blob)) + data)
    if blob:
        out.write(blob)
    out.flush()
