// safetensors files on disk: size checked before reading, decoded by the engine, and any fault turned
// into a BadInputError naming the file (exit 2).
import type { DType } from '../../engine/dtype.js';
import { decodeSafetensors, SafetensorsError, type Decoded } from '../../engine/safetensors.js';
import {
  decodeInputFile, decodeOutputFile, decodeStateDict, decodeUpstreamGradFile, encodeBackwardFile, encodeOutputFile, encodeStateDict,
  type InputFile, type OutputFile, type UpstreamGradFile,
} from '../../engine/state-dict-file.js';
import type { Tensor } from '../../engine/tensor.js';
import { BadInputError } from './errors.js';
import { MiB, readFileLimited } from './read-file.js';
import { writeFileAtomic } from './write-atomic.js';

/** Larger files are refused before a byte is read (an RNN snapshot is far smaller). */
export const MAX_SAFETENSORS_BYTES = 1024 * MiB;

export interface ReadOptions {
  maxBytes?: number;
}

export function readSafetensorsFile(path: string, opts: ReadOptions = {}): Decoded {
  return decodeFile(path, opts, (bytes) => decodeSafetensors(bytes));
}

export function readStateDictFile(path: string, dtype: DType, opts: ReadOptions = {}): Record<string, Tensor> {
  return decodeFile(path, opts, (bytes) => decodeStateDict(bytes, dtype));
}

export function readInputFile(path: string, dtype: DType, opts: ReadOptions = {}): InputFile {
  return decodeFile(path, opts, (bytes) => decodeInputFile(bytes, dtype));
}

export function readOutputFile(path: string, dtype: DType, opts: ReadOptions = {}): OutputFile {
  return decodeFile(path, opts, (bytes) => decodeOutputFile(bytes, dtype));
}

export function readUpstreamGradFile(path: string, dtype: DType, opts: ReadOptions = {}): UpstreamGradFile {
  return decodeFile(path, opts, (bytes) => decodeUpstreamGradFile(bytes, dtype));
}

export function writeBackwardFile(path: string, out: OutputFile, grads: Record<string, Tensor>): void {
  writeFileAtomic(path, encodeBackwardFile(out, grads));
}

export function writeStateDictFile(path: string, sd: Record<string, Tensor>): void {
  writeFileAtomic(path, encodeStateDict(sd));
}

export function writeOutputFile(path: string, out: OutputFile): void {
  writeFileAtomic(path, encodeOutputFile(out));
}

function decodeFile<T>(path: string, opts: ReadOptions, decode: (bytes: Uint8Array) => T): T {
  const bytes = readFileLimited(path, opts.maxBytes ?? MAX_SAFETENSORS_BYTES);
  try {
    return decode(bytes);
  } catch (err) {
    if (err instanceof SafetensorsError) throw new BadInputError(path, err.message);
    throw err;
  }
}
