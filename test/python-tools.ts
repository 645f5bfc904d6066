// The Python a test needs beyond the sidecar protocol: the tools under python/testing/, run by the one
// interpreter resolution ($RNN_CONFORMANCE_PYTHON, else the repository's .venv: scripts/python-path.mjs).
// Tensors go both ways as one safetensors file (engine/safetensors.ts over engine/tensor-bytes.ts, the
// one codec; python/testing/tensors.py), with the dtypes and the tool's JSON in its metadata.
// A missing Python or torch throws: the test fails, never skips.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { DType } from '../engine/dtype.js';
import { decodeSafetensors, encodeSafetensors, fromRaw, toRaw } from '../engine/safetensors.js';
import type { Tensor } from '../engine/tensor.js';
import { defaultPython, repoRoot } from '../harness/sidecar/paths.js';

export const PYTHON = defaultPython();

/** The path of python/testing/<name>. */
export function toolPath(name: string): string {
  return join(repoRoot(), 'python', 'testing', name);
}

/** Runs python/testing/<name> with `args` and `input` on stdin; its stdout, or a thrown error naming
 * the interpreter and stderr. */
export function runTool(name: string, args: readonly string[] = [], input?: string | Uint8Array): Buffer {
  const r = spawnSync(PYTHON, [toolPath(name), ...args], { input, maxBuffer: 1 << 30 });
  if (r.error) throw new Error(`cannot run ${PYTHON} (python/testing/${name}): ${r.error.message}`);
  if (r.status !== 0) throw new Error(`python/testing/${name} failed (${r.status}, ${PYTHON}): ${r.stderr.toString()}`);
  return r.stdout;
}

/** The runTool output as JSON. */
export function runToolJson<T>(name: string, args: readonly string[] = [], input?: unknown): T {
  return JSON.parse(runTool(name, args, input === undefined ? undefined : JSON.stringify(input)).toString('utf8')) as T;
}

/** Tensors and JSON-valued metadata as one safetensors file (python/testing/tensors.py reads it). */
export function encodeTensors(tensors: Record<string, Tensor>, meta: Record<string, unknown> = {}): Uint8Array {
  const dtypes = Object.fromEntries(Object.entries(tensors).map(([k, t]) => [k, t.dtype]));
  const metadata = Object.fromEntries(Object.entries(meta).map(([k, v]) => [k, JSON.stringify(v)]));
  return encodeSafetensors(Object.entries(tensors).map(([k, t]) => [k, toRaw(t)] as const), { ...metadata, dtypes: JSON.stringify(dtypes) });
}

/** A file python/testing/tensors.py wrote: the tensors by name and the metadata's JSON values. */
export function decodeTensors(bytes: Uint8Array): { tensors: Record<string, Tensor>; meta: Record<string, unknown> } {
  const { tensors, metadata } = decodeSafetensors(bytes);
  const { dtypes = '{}', ...rest } = metadata ?? {};
  const types = JSON.parse(dtypes) as Record<string, DType>;
  const out: Record<string, Tensor> = {};
  for (const [k, raw] of tensors) out[k] = fromRaw(raw, types[k] ?? 'float32');
  return { tensors: out, meta: Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, JSON.parse(v)])) };
}

/** runTool with tensors in and tensors out. */
export function runTensorTool(name: string, tensors: Record<string, Tensor>, meta: Record<string, unknown> = {}, args: readonly string[] = []) {
  return decodeTensors(runTool(name, args, encodeTensors(tensors, meta)));
}
