// safetensors, bytes in and bytes out: an 8-byte little-endian header length, a JSON header, then the
// tensors' bytes back to back. Encoding writes exactly what `safetensors.torch.save_file` (0.8.0)
// writes; decoding refuses every malformed file with a SafetensorsError naming the fault, before it
// allocates anything bigger than the file.
import { isComplex, type DType } from './dtype.js';
import { numel, shapeList, type Tensor } from './tensor.js';
import { LITTLE_ENDIAN, swapBytes, tensorBytes, tensorFromBytes } from './tensor-bytes.js';
import { jsonKind, jsonText, parseJson, JsonNumber, JsonSyntaxError, type Json } from './json.js';

// Web-platform globals (browsers, Node, Deno); declared here because engine/ compiles without DOM types.
declare const TextEncoder: new () => { encode(s: string): Uint8Array };
declare const TextDecoder: new (label: 'utf-8', opts: { fatal: boolean; ignoreBOM: boolean }) => { decode(b: Uint8Array): string };

export class SafetensorsError extends Error {
  override name = 'SafetensorsError';
}

// Every dtype the format defines, in the Rust crate's declaration order: save_file sorts tensors by
// this order, descending, then by name (so wide dtypes come first and stay aligned).
const DTYPE_BITS = {
  BOOL: 8, F4: 4, F6_E2M3: 6, F6_E3M2: 6, U8: 8, I8: 8, F8_E5M2: 8, F8_E4M3: 8, F8_E8M0: 8, F8_E4M3FNUZ: 8,
  F8_E5M2FNUZ: 8, I16: 16, U16: 16, F16: 16, BF16: 16, I32: 32, U32: 32, F32: 32, C64: 64, F64: 64, I64: 64, U64: 64,
} as const;
export type SafeDType = keyof typeof DTYPE_BITS;
const SAFE_DTYPES = Object.keys(DTYPE_BITS) as SafeDType[];

export function isSafeDType(s: unknown): s is SafeDType {
  return typeof s === 'string' && (SAFE_DTYPES as string[]).includes(s);
}

/** One tensor as the file holds it: little-endian bytes, shape and dtype. */
export interface RawTensor {
  readonly dtype: SafeDType;
  readonly shape: readonly number[];
  readonly bytes: Uint8Array;
}

export interface Decoded {
  /** In header order. `bytes` are views into the decoded buffer, not copies. */
  tensors: Map<string, RawTensor>;
  metadata: Record<string, string> | null;
}

/** The Rust crate's limit: larger headers are refused before they are read. */
export const MAX_HEADER_BYTES = 100_000_000;

// ---------------------------------------------------------------------------------------------------
// Encoding

export function encodeSafetensors(
  tensors: Iterable<readonly [string, RawTensor]>,
  metadata?: Record<string, string> | Map<string, string> | null,
): Uint8Array {
  const list = [...tensors].map(([name, t]) => ({ name, t, key: utf8(name) }));
  const seen = new Set<string>();
  for (const { name, t } of list) {
    checkName(name);
    if (seen.has(name)) throw new SafetensorsError(`tensor \`${name}\` appears twice`);
    seen.add(name);
    if (!isSafeDType(t.dtype)) throw new SafetensorsError(`tensor \`${name}\`: unknown dtype ${String(t.dtype)}`);
    const want = byteSize(t.dtype, t.shape, name);
    if (want !== BigInt(t.bytes.length)) {
      throw new SafetensorsError(`tensor \`${name}\`: shape ${shapeList(t.shape)} of ${t.dtype} needs ${want} bytes, got ${t.bytes.length}`);
    }
  }
  list.sort((a, b) => dtypeRank(b.t.dtype) - dtypeRank(a.t.dtype) || compareBytes(a.key, b.key));

  const parts: string[] = [];
  if (metadata) {
    const entries = metadata instanceof Map ? [...metadata] : Object.entries(metadata);
    for (const [k, v] of entries) {
      checkName(k);
      if (typeof v !== 'string') throw new SafetensorsError(`metadata \`${k}\` must be a string`);
    }
    parts.push(`"__metadata__":{${entries.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(',')}}`);
  }
  let offset = 0;
  for (const { name, t } of list) {
    const end = offset + t.bytes.length;
    parts.push(`${JSON.stringify(name)}:{"dtype":"${t.dtype}","shape":[${t.shape.join(',')}],"data_offsets":[${offset},${end}]}`);
    offset = end;
  }
  const json = utf8(`{${parts.join(',')}}`);
  const headerLen = json.length + ((8 - (json.length % 8)) % 8); // pad with spaces so data starts 8-aligned
  const out = new Uint8Array(8 + headerLen + offset);
  const view = new DataView(out.buffer);
  view.setUint32(0, headerLen % 2 ** 32, true);
  view.setUint32(4, Math.floor(headerLen / 2 ** 32), true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + headerLen);
  let at = 8 + headerLen;
  for (const { t } of list) {
    out.set(t.bytes, at);
    at += t.bytes.length;
  }
  return out;
}

function checkName(name: string): void {
  if (typeof name !== 'string') throw new SafetensorsError(`names must be strings, got ${typeof name}`);
  // A lone surrogate has no UTF-8 form; __proto__ is refused on decode, so never write it either.
  if (/\p{Cs}/u.test(name)) throw new SafetensorsError(`name ${JSON.stringify(name)} is not valid Unicode`);
  if (name === '__proto__' || name === '__metadata__') throw new SafetensorsError(`\`${name}\` is not allowed as a name`);
}

const dtypeRank = (d: SafeDType): number => SAFE_DTYPES.indexOf(d);

/** Rust compares names as UTF-8 bytes; JS `<` compares UTF-16 units, which differs above U+FFFF. */
function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return (a[i] ?? 0) - (b[i] ?? 0);
  return a.length - b.length;
}

const U64 = 2n ** 64n;

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

/** Bytes a tensor of this shape needs, exactly (BigInt: a hostile shape must not overflow silently). As
 * the Rust crate (u64 checked_mul), every running product of the dimensions and the bit count must stay
 * under 2^64: [2^32, 2^32, 0] is refused although it holds no element. */
function byteSize(dtype: SafeDType, shape: readonly number[], name: string): bigint {
  let n = 1n;
  for (const d of shape) {
    if (!Number.isSafeInteger(d) || d < 0) throw new SafetensorsError(`tensor \`${name}\`: shape ${shapeList(shape)} must hold non-negative integers`);
    n *= BigInt(d);
    if (n >= U64) throw new SafetensorsError(`tensor \`${name}\`: shape ${shapeList(shape)} overflows (2^64 elements or more)`);
  }
  const bits = n * BigInt(DTYPE_BITS[dtype]);
  if (bits >= U64) throw new SafetensorsError(`tensor \`${name}\`: shape ${shapeList(shape)} of ${dtype} overflows (2^64 bits or more)`);
  if (bits % 8n !== 0n) throw new SafetensorsError(`tensor \`${name}\`: shape ${shapeList(shape)} of ${dtype} does not fill whole bytes`);
  return bits / 8n;
}

// ---------------------------------------------------------------------------------------------------
// Decoding

export function decodeSafetensors(buf: Uint8Array, opts: { maxBytes?: number } = {}): Decoded {
  if (opts.maxBytes !== undefined && buf.length > opts.maxBytes) {
    throw new SafetensorsError(`file is ${buf.length} bytes, over the ${opts.maxBytes}-byte limit`);
  }
  if (buf.length < 8) throw new SafetensorsError(`file is ${buf.length} bytes, too short for the 8-byte header length`);
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  // A u64: BigInt until it is known to be small, so a hostile length is echoed exactly (2^62, not 4611686018427388000).
  const rawLen = view.getBigUint64(0, true);
  if (rawLen > BigInt(MAX_HEADER_BYTES)) throw new SafetensorsError(`header length ${rawLen} is over the ${MAX_HEADER_BYTES}-byte limit`);
  const headerLen = Number(rawLen);
  if (8 + headerLen > buf.length) {
    throw new SafetensorsError(`header length ${headerLen} reaches beyond the end of the file (${buf.length - 8} bytes follow the length)`);
  }
  let text: string;
  try {
    // fatal: invalid UTF-8 is an error; ignoreBOM: keep a BOM so the JSON parser refuses it, as Rust does.
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(buf.subarray(8, 8 + headerLen));
  } catch {
    throw new SafetensorsError('header is not valid UTF-8');
  }
  let root: Json;
  try {
    root = parseJson(text);
  } catch (err) {
    throw err instanceof JsonSyntaxError ? new SafetensorsError(`header JSON: ${err.message}`) : err;
  }
  if (!(root instanceof Map)) throw new SafetensorsError(`header is not a JSON object (it is ${jsonKind(root)})`);

  const dataStart = 8 + headerLen;
  const dataLen = buf.length - dataStart;
  let metadata: Record<string, string> | null = null;
  const infos: { name: string; dtype: SafeDType; shape: number[]; begin: number; end: number }[] = [];
  for (const [name, value] of root) {
    if (name === '__metadata__') {
      metadata = readMetadata(value);
      continue;
    }
    if (!(value instanceof Map)) throw new SafetensorsError(`tensor \`${name}\`: entry is ${jsonKind(value)}, not an object`);
    const dtype = value.get('dtype');
    if (dtype === undefined) throw new SafetensorsError(`tensor \`${name}\`: missing "dtype"`);
    if (!isSafeDType(dtype)) throw new SafetensorsError(`tensor \`${name}\`: unknown dtype ${jsonText(dtype)} (known: ${SAFE_DTYPES.join(', ')})`);
    const shape = readInts(value.get('shape'), name, 'shape', null);
    const [begin, end] = readInts(value.get('data_offsets'), name, 'data_offsets', 2) as [number, number];
    if (begin > end) throw new SafetensorsError(`tensor \`${name}\`: data_offsets [${begin}, ${end}] are reversed`);
    if (end > dataLen) {
      throw new SafetensorsError(`tensor \`${name}\`: data_offsets [${begin}, ${end}] reach beyond the data (${dataLen} bytes after the header)`);
    }
    const want = byteSize(dtype, shape, name);
    if (want !== BigInt(end - begin)) {
      throw new SafetensorsError(`tensor \`${name}\`: shape ${shapeList(shape)} of ${dtype} needs ${want} bytes but data_offsets [${begin}, ${end}] hold ${end - begin}`);
    }
    infos.push({ name, dtype, shape, begin, end });
  }

  // The format requires the tensors to tile the data section exactly: no gaps, no overlaps, nothing after.
  const byOffset = [...infos].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let covered = 0;
  for (const t of byOffset) {
    if (t.begin !== covered) {
      const fault = t.begin > covered ? `leaves a gap (bytes ${covered}..${t.begin} belong to no tensor)` : `overlaps another tensor (which ends at ${covered})`;
      throw new SafetensorsError(`tensor \`${t.name}\`: data_offsets [${t.begin}, ${t.end}] ${fault}`);
    }
    covered = t.end;
  }
  if (covered !== dataLen) throw new SafetensorsError(`${dataLen - covered} bytes of trailing data after the last tensor`);

  const tensors = new Map<string, RawTensor>();
  for (const t of infos) tensors.set(t.name, { dtype: t.dtype, shape: t.shape, bytes: buf.subarray(dataStart + t.begin, dataStart + t.end) });
  return { tensors, metadata };
}

function readMetadata(value: Json): Record<string, string> | null {
  if (value === null) return null;
  if (!(value instanceof Map)) throw new SafetensorsError(`"__metadata__" is ${jsonKind(value)}, not an object of strings`);
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [k, v] of value) {
    if (typeof v !== 'string') throw new SafetensorsError(`"__metadata__" value of \`${k}\` is ${jsonKind(v)}, not a string`);
    out[k] = v;
  }
  return out;
}

function readInts(value: Json | undefined, name: string, field: string, length: number | null): number[] {
  if (value === undefined) throw new SafetensorsError(`tensor \`${name}\`: missing "${field}"`);
  const bad = (): SafetensorsError =>
    new SafetensorsError(`tensor \`${name}\`: "${field}" must be ${length === null ? 'an array' : `an array of ${length}`} of non-negative integers, got ${jsonText(value)}`);
  if (!Array.isArray(value) || (length !== null && value.length !== length)) throw bad();
  return value.map((v) => {
    if (!(v instanceof JsonNumber) || !/^(0|[1-9][0-9]*)$/.test(v.text)) throw bad();
    const n = Number(v.text);
    if (!Number.isSafeInteger(n)) throw new SafetensorsError(`tensor \`${name}\`: "${field}" value ${v.text} is too large`);
    return n;
  });
}

// ---------------------------------------------------------------------------------------------------
// Tensors <-> raw bytes. float32/float64/complex64 are copied byte for byte (NaN payloads survive);
// float16/bfloat16 go through their bit patterns (the codec is tensor-bytes.ts). complex128 has no
// safetensors dtype: it travels as its torch.view_as_real F64 tensor, shape [...shape, 2].

/** The safetensors dtype a tensor of this dtype is stored as. */
export function safeDTypeOf(d: DType): SafeDType {
  return ({ float16: 'F16', bfloat16: 'BF16', float32: 'F32', float64: 'F64', complex64: 'C64', complex128: 'F64' } as const)[d];
}

export function toRaw(t: Tensor): RawTensor {
  const dtype = safeDTypeOf(t.dtype);
  const shape = t.dtype === 'complex128' ? [...t.shape, 2] : [...t.shape];
  return { dtype, shape, bytes: tensorBytes(t) };
}

/** The tensor of `dtype` a raw tensor holds; a raw dtype that does not fit is a SafetensorsError. */
export function fromRaw(r: RawTensor, dtype: DType): Tensor {
  const want = safeDTypeOf(dtype);
  if (r.dtype !== want) throw new SafetensorsError(`dtype ${r.dtype} does not fit ${dtype}, which is stored as ${want}`);
  let shape = [...r.shape];
  if (dtype === 'complex128') {
    if (shape[shape.length - 1] !== 2) {
      throw new SafetensorsError(`complex128 is stored as F64 with a trailing dimension of 2 (torch.view_as_real), got shape ${shapeList(shape)}`);
    }
    shape = shape.slice(0, -1);
  }
  const n = numel(shape) * (isComplex(dtype) ? 2 : 1);
  const width = DTYPE_BITS[want] / 8 / (want === 'C64' ? 2 : 1);
  if (r.bytes.length !== n * width) throw new SafetensorsError(`shape ${shapeList(r.shape)} of ${r.dtype} needs ${n * width} bytes, got ${r.bytes.length}`);
  return tensorFromBytes(dtype, shape, r.bytes);
}

/** An int64 tensor (sequence lengths) as I64 bytes. */
export function int64ToRaw(shape: readonly number[], data: BigInt64Array): RawTensor {
  const bytes = new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
  if (!LITTLE_ENDIAN) swapBytes(bytes, 8);
  return { dtype: 'I64', shape: [...shape], bytes };
}

/** An I64 tensor's shape and values; any other dtype is a SafetensorsError. */
export function int64FromRaw(r: RawTensor): { shape: number[]; data: BigInt64Array } {
  if (r.dtype !== 'I64') throw new SafetensorsError(`dtype ${r.dtype} is not int64 (I64)`);
  const n = numel(r.shape);
  if (r.bytes.length !== n * 8) throw new SafetensorsError(`shape ${shapeList(r.shape)} of I64 needs ${n * 8} bytes, got ${r.bytes.length}`);
  const bytes = Uint8Array.prototype.slice.call(r.bytes);
  if (!LITTLE_ENDIAN) swapBytes(bytes, 8);
  return { shape: [...r.shape], data: new BigInt64Array(bytes.buffer, 0, n) };
}
