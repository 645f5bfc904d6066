// The sidecar wire protocol, version 1 (python/README.md says the same from the Python side).
//
// Frame (both directions): "RNC1" | u32 LE header bytes | u32 LE blob bytes | UTF-8 JSON header | blob.
// Tensors live in the blob as raw little-endian bytes at 64-byte aligned offsets; the header refers
// to them as {dtype, shape, offset, nbytes} (../case/codec.ts). float16/bfloat16 travel as their 16-bit
// patterns, complex64/complex128 as interleaved (re, im) float32/float64 — the engine's own layout.
// A case and its result on the wire are ../case/wire.ts; this file frames requests and replies.
// Sidecar -> harness: a `hello` (or `fatal`) frame first, then one reply per request, in order.
// Harness -> sidecar: `run` {id, cases} -> `run-result` {id, results}; `init` {id, config, seed} ->
// `init-result` {id, result}; `layers` {id, case} -> `layers-result` {id, result} (layers.ts). A case
// may be packed (`lengths`, `enforce_sorted`) and carry upstream gradients (`grad_output`,
// `grad_h_n`): its result then holds `grads`. A malformed request gets `error`; broken framing ends
// with `fatal`.
import { z } from 'zod';
import { CaseResultSchema, RefusedSchema, StateDictSchema, UnavailableSchema } from '../case/wire.js';
import type { Handshake } from './types.js';

export const PROTOCOL_VERSION = 1;
export const MAGIC = Buffer.from('RNC1', 'latin1');
export const PREFIX_BYTES = 12;
export const MAX_HEADER_BYTES = 64 << 20;
export const MAX_BLOB_BYTES = 0xffff_ffff;

// ---- schemas of what the sidecar sends ---------------------------------------------------------

export const HelloSchema = z.strictObject({
  type: z.literal('hello'),
  protocol: z.number().int(),
  torch: z.string(),
  git_version: z.string(),
  build: z.array(z.string()),
  cpu_capability: z.string(),
  num_threads: z.number().int(),
  num_interop_threads: z.number().int(),
  cpu_model: z.string(),
  python: z.string(),
  platform: z.string(),
  pid: z.number().int(),
  dropout_probe: z.strictObject({ seed: z.number().int(), p: z.number(), n: z.number().int().positive(), masks: z.record(z.string(), z.string().regex(/^[01]*$/)) }).optional(),
});

export const FatalSchema = z.strictObject({ type: z.literal('fatal'), reason: z.string(), message: z.string() });
export const ErrorSchema = z.strictObject({ type: z.literal('error'), id: z.unknown(), message: z.string() });

export const RunResultSchema = z.strictObject({ type: z.literal('run-result'), id: z.number().int(), results: z.array(CaseResultSchema) });

const InitOk = z.strictObject({ kind: z.literal('ok'), state_dict: StateDictSchema.nullable(), warnings: z.array(z.string()), id: z.null() });
const InitRefused = RefusedSchema.extend({ id: z.null() });
const InitUnavailable = UnavailableSchema.extend({ id: z.null() });
export const InitResultSchema = z.strictObject({
  type: z.literal('init-result'),
  id: z.number().int(),
  result: z.discriminatedUnion('kind', [InitOk, InitRefused, InitUnavailable]),
});

export const ReplySchema = z.discriminatedUnion('type', [HelloSchema, FatalSchema, ErrorSchema, RunResultSchema, InitResultSchema]);
export type Reply = z.infer<typeof ReplySchema>;

export function handshakeFrom(h: z.infer<typeof HelloSchema>): Handshake {
  return {
    protocol: h.protocol,
    torch: h.torch,
    gitVersion: h.git_version,
    build: h.build,
    cpuCapability: h.cpu_capability,
    numThreads: h.num_threads,
    numInteropThreads: h.num_interop_threads,
    cpuModel: h.cpu_model,
    python: h.python,
    platform: h.platform,
    pid: h.pid,
    ...(h.dropout_probe ? { dropoutProbe: h.dropout_probe } : {}),
  };
}

// ---- JSON the way Python reads it ------------------------------------------------------------------

/** JSON for Python: integer numbers and bigints as int digits, other finite numbers as floats,
 * NaN/±inf (which JSON cannot say) as {"$float": "nan"}, undefined members dropped. */
export function pyJson(v: unknown): string {
  // Fast path: JSON.stringify already says what Python reads, unless a value needs the slow path
  // (bigint, non-finite, a number beyond 2^53 whose exact integer digits JSON would not print,
  // toJSON or a boxed primitive, a function or symbol). A walk decides (a replacer would slow
  // JSON.stringify down for every request); past its depth, the replacer decides.
  const walked = plainWalk(v, 0);
  if (walked === false) return pyJsonSlow(v);
  if (walked === true) return JSON.stringify(v) ?? pyJsonSlow(v);
  let plain = true;
  const fast = JSON.stringify(v, function (this: Record<string, unknown>, k: string, x: unknown) {
    if (!plain) return null;
    const t = typeof x;
    const orig = this[k]; // before toJSON, which the replacer sees applied
    if (t === 'bigint' || t === 'function' || t === 'symbol' || (t === 'number' && !(Math.abs(x as number) <= 2 ** 53))) plain = false;
    else if (x !== orig || (t === 'object' && x !== null && (x instanceof Number || x instanceof String || x instanceof Boolean))) plain = false;
    return plain ? x : null;
  }) as string | undefined;
  return plain && fast !== undefined ? fast : pyJsonSlow(v);
}

/** Whether JSON.stringify prints v as Python must read it; 'deep' beyond 64 levels (or a cycle). */
function plainWalk(v: unknown, depth: number): boolean | 'deep' {
  switch (typeof v) {
    case 'number':
      return Math.abs(v) <= 2 ** 53;
    case 'string':
    case 'boolean':
    case 'undefined':
      return true;
    case 'object':
      break;
    default:
      return false; // bigint, function, symbol
  }
  if (v === null) return true;
  if (depth > 64) return 'deep';
  if (typeof (v as { toJSON?: unknown }).toJSON === 'function' || v instanceof Number || v instanceof String || v instanceof Boolean) return false;
  const items = Array.isArray(v) ? (v as unknown[]) : Object.values(v);
  let deep = false;
  for (const x of items) {
    const r = plainWalk(x, depth + 1);
    if (r === false) return false;
    if (r === 'deep') deep = true;
  }
  return deep ? 'deep' : true;
}

function pyJsonSlow(v: unknown): string {
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return `{"$float":"${Number.isNaN(v) ? 'nan' : v > 0 ? 'inf' : '-inf'}"}`;
    return Number.isInteger(v) ? BigInt(v).toString() : JSON.stringify(v);
  }
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map((x) => (x === undefined ? 'null' : pyJsonSlow(x))).join(',')}]`;
  if (typeof v === 'object') {
    const members = Object.keys(v)
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${pyJsonSlow((v as Record<string, unknown>)[k])}`);
    return `{${members.join(',')}}`;
  }
  throw new TypeError(`cannot send a ${typeof v} to Python`);
}

export function encodeFrame(headerJson: string, blob: Uint8Array): Buffer {
  const header = Buffer.from(headerJson, 'utf8');
  if (blob.length > MAX_BLOB_BYTES) throw new RangeError(`request blob of ${blob.length} bytes exceeds the protocol's 4 GiB`);
  const prefix = Buffer.alloc(PREFIX_BYTES);
  MAGIC.copy(prefix, 0);
  prefix.writeUInt32LE(header.length, 4);
  prefix.writeUInt32LE(blob.length, 8);
  return Buffer.concat([prefix, header, blob]);
}

// ---- incremental frame reader ------------------------------------------------------------------------

export class FrameError extends Error {}

export interface RawFrame {
  header: unknown;
  blob: Buffer;
}

/** Splits the sidecar's stdout into frames; throws FrameError on anything that is not one. */
export class FrameReader {
  private chunks: Buffer[] = [];
  private buffered = 0;

  get pendingBytes(): number {
    return this.buffered;
  }

  push(chunk: Buffer): RawFrame[] {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    const frames: RawFrame[] = [];
    for (;;) {
      if (this.buffered < PREFIX_BYTES) return frames;
      const head = this.peek(PREFIX_BYTES);
      if (!head.subarray(0, 4).equals(MAGIC)) {
        throw new FrameError(`garbage on stdout where a frame should start: ${describeBytes(this.peek(Math.min(this.buffered, 64)))}`);
      }
      const headerLen = head.readUInt32LE(4);
      const blobLen = head.readUInt32LE(8);
      if (headerLen > MAX_HEADER_BYTES) throw new FrameError(`frame header of ${headerLen} bytes exceeds ${MAX_HEADER_BYTES}`);
      const total = PREFIX_BYTES + headerLen + blobLen;
      if (this.buffered < total) return frames;
      const all = this.take(total);
      const text = all.subarray(PREFIX_BYTES, PREFIX_BYTES + headerLen).toString('utf8');
      let header: unknown;
      try {
        header = JSON.parse(text);
      } catch (e) {
        throw new FrameError(`frame header is not JSON (${(e as Error).message}): ${JSON.stringify(text.slice(0, 120))}`);
      }
      frames.push({ header, blob: all.subarray(PREFIX_BYTES + headerLen) });
    }
  }

  /** Why the stream cannot end here, or null when it ends between frames. */
  endProblem(): string | null {
    if (this.buffered === 0) return null;
    const head = this.peek(Math.min(this.buffered, PREFIX_BYTES));
    if (head.length === PREFIX_BYTES && head.subarray(0, 4).equals(MAGIC)) {
      const want = PREFIX_BYTES + head.readUInt32LE(4) + head.readUInt32LE(8);
      return `truncated frame on stdout: ${this.buffered} of ${want} bytes`;
    }
    return `truncated frame on stdout: ${this.buffered} stray bytes ${describeBytes(this.peek(Math.min(this.buffered, 64)))}`;
  }

  private peek(n: number): Buffer {
    if (this.chunks[0].length < n) this.chunks = [Buffer.concat(this.chunks)];
    return this.chunks[0].subarray(0, n);
  }

  private take(n: number): Buffer {
    const joined = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks);
    const out = joined.subarray(0, n);
    const rest = joined.subarray(n);
    this.chunks = rest.length ? [rest] : [];
    this.buffered -= n;
    return out;
  }
}

function describeBytes(b: Buffer): string {
  const printable = /^[\x20-\x7e\r\n\t]*$/.test(b.toString('latin1'));
  return printable ? JSON.stringify(b.toString('latin1')) : `0x${b.toString('hex')}`;
}
