// The project's three safetensors files (README: the CLI): a weight snapshot (exactly what
// `save_file(rnn.state_dict())` writes), an input file (`input`, optional `hx`, optional int64
// `lengths` for a padded batch of sequences of different lengths) and an output file
// (`output`, `h_n`). A tensor that does not fit is a bad file (SafetensorsError), not a torch refusal.
import type { DType } from './dtype.js';
import type { LengthsTensor } from './packed.js';
import { decodeSafetensors, encodeSafetensors, fromRaw, int64FromRaw, int64ToRaw, safeDTypeOf, SafetensorsError, toRaw, type RawTensor } from './safetensors.js';
import type { Tensor } from './tensor.js';

export interface DecodeOptions {
  /** Refuse files larger than this many bytes. */
  maxBytes?: number;
}

export function encodeStateDict(sd: Record<string, Tensor>): Uint8Array {
  return encodeSafetensors(Object.entries(sd).map(([name, t]) => [name, toRaw(t)] as const));
}

/**
 * Every tensor must be stored as `dtype` is (float32 as F32, complex128 as F64 [..., 2]): a snapshot is
 * what save_file wrote for a module of that dtype, so a float64 file for a float32 config is refused,
 * although torch's load_state_dict would cast it. Names and shapes are load_state_dict's to judge.
 */
export function decodeStateDict(bytes: Uint8Array, dtype: DType, opts: DecodeOptions = {}): Record<string, Tensor> {
  const entries: [string, Tensor][] = [];
  for (const [name, raw] of decodeSafetensors(bytes, opts).tensors) {
    const want = safeDTypeOf(dtype);
    if (raw.dtype !== want) throw new SafetensorsError(`tensor \`${name}\` is ${raw.dtype}, but a ${dtype} state dict stores ${want}`);
    entries.push([name, convert(name, raw, dtype)]);
  }
  return Object.fromEntries(entries); // own data properties only, whatever the names
}

export interface InputFile {
  input: Tensor;
  hx?: Tensor;
  lengths?: InputLengths;
}

/** `lengths` as the file holds it: int64 values of any shape (torch judges the shape). */
export interface InputLengths extends LengthsTensor {
  readonly data: BigInt64Array;
}

export interface OutputFile {
  output: Tensor;
  h_n: Tensor;
}

export function encodeInputFile(f: InputFile): Uint8Array {
  const list: [string, RawTensor][] = [['input', toRaw(f.input)]];
  if (f.hx) list.push(['hx', toRaw(f.hx)]);
  if (f.lengths) list.push(['lengths', int64ToRaw(f.lengths.shape, f.lengths.data)]);
  return encodeSafetensors(list);
}

export function encodeOutputFile(f: OutputFile): Uint8Array {
  return encodeSafetensors([['output', toRaw(f.output)], ['h_n', toRaw(f.h_n)]]);
}

/**
 * Inputs keep the dtype their file gives them: an input of another dtype than the module is a case
 * torch refuses in its own words, so it must reach the engine. `dtype` (the config's) only settles
 * whether an F64 tensor with a trailing 2 is complex128.
 */
export function decodeInputFile(bytes: Uint8Array, dtype: DType, opts: DecodeOptions = {}): InputFile {
  const t = readNamed(bytes, ['input'], ['hx', 'lengths'], 'an input file', opts);
  const f: InputFile = { input: tensorOf('input', t, dtype) };
  if (t.has('hx')) f.hx = tensorOf('hx', t, dtype);
  const lengths = t.get('lengths');
  if (lengths) f.lengths = named('lengths', () => int64FromRaw(lengths));
  return f;
}

/** The upstream gradients of a backward: `output` and optionally `h_n` (zeros when absent). */
export interface UpstreamGradFile {
  output: Tensor;
  h_n?: Tensor;
}

/** Like input files, gradients keep their file's dtype: torch casts a real one, refuses a complex/real mix. */
export function decodeUpstreamGradFile(bytes: Uint8Array, dtype: DType, opts: DecodeOptions = {}): UpstreamGradFile {
  const t = readNamed(bytes, ['output'], ['h_n'], 'a gradient file', opts);
  const f: UpstreamGradFile = { output: tensorOf('output', t, dtype) };
  if (t.has('h_n')) f.h_n = tensorOf('h_n', t, dtype);
  return f;
}

export function encodeUpstreamGradFile(f: UpstreamGradFile): Uint8Array {
  const list: [string, RawTensor][] = [['output', toRaw(f.output)]];
  if (f.h_n) list.push(['h_n', toRaw(f.h_n)]);
  return encodeSafetensors(list);
}

/** A backward's results: `output`, `h_n`, and `grad.<name>` for `input`, `hx` and every parameter. */
export function encodeBackwardFile(f: OutputFile, grads: Record<string, Tensor>): Uint8Array {
  const list: [string, RawTensor][] = [['output', toRaw(f.output)], ['h_n', toRaw(f.h_n)]];
  for (const [name, g] of Object.entries(grads)) list.push([`grad.${name}`, toRaw(g)]);
  return encodeSafetensors(list);
}

export function decodeOutputFile(bytes: Uint8Array, dtype: DType, opts: DecodeOptions = {}): OutputFile {
  const t = readNamed(bytes, ['output', 'h_n'], [], 'an output file', opts);
  return { output: tensorOf('output', t, dtype), h_n: tensorOf('h_n', t, dtype) };
}

/** The engine dtype a file's tensor has, given the config's dtype (see decodeInputFile). */
export function fileDType(raw: RawTensor, configDType: DType): DType {
  switch (raw.dtype) {
    case 'F16':
      return 'float16';
    case 'BF16':
      return 'bfloat16';
    case 'F32':
      return 'float32';
    case 'C64':
      return 'complex64';
    case 'F64':
      return configDType === 'complex128' && raw.shape[raw.shape.length - 1] === 2 ? 'complex128' : 'float64';
    default:
      throw new SafetensorsError(`dtype ${raw.dtype} is not one an RNN takes (F16, BF16, F32, F64, C64)`);
  }
}

/** The file's tensors by name, after checking the names: the required ones and no unknown one. */
function readNamed(bytes: Uint8Array, required: string[], optional: string[], what: string, opts: DecodeOptions): Map<string, RawTensor> {
  const known = [...required, ...optional];
  const q = (k: string): string => `\`${k}\``;
  const list = required.map(q).join(' and ') + (optional.length ? ` and optionally ${optional.map(q).join(', ')}` : '');
  const raws = decodeSafetensors(bytes, opts).tensors;
  for (const name of raws.keys()) if (!known.includes(name)) throw new SafetensorsError(`unexpected tensor \`${name}\`: ${what} holds ${list}`);
  for (const k of required) if (!raws.has(k)) throw new SafetensorsError(`missing tensor \`${k}\`: ${what} holds ${list}`);
  return raws;
}

/** A float or complex tensor of the file, in the dtype its bytes say (see decodeInputFile). */
function tensorOf(name: string, raws: Map<string, RawTensor>, configDType: DType): Tensor {
  const raw = raws.get(name) as RawTensor;
  return named(name, () => fromRaw(raw, fileDType(raw, configDType)));
}

function convert(name: string, raw: RawTensor, dtype: DType): Tensor {
  return named(name, () => fromRaw(raw, dtype));
}

/** Runs f; a SafetensorsError it throws names the tensor. */
function named<T>(name: string, f: () => T): T {
  try {
    return f();
  } catch (err) {
    throw err instanceof SafetensorsError ? new SafetensorsError(`tensor \`${name}\`: ${err.message}`) : err;
  }
}
