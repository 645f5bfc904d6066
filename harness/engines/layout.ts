// Layout plumbing shared by the bundled adapters: torch's (T, N, F) / (N, T, F) / unbatched (T, F)
// against a runtime's own layout, over flat arrays.

/** [A, B, C] -> [B, A, C]: swaps the two outer dimensions of a flat row-major array. */
export function swapOuter<T extends Float32Array | Float64Array | Uint16Array>(src: T, A: number, B: number, C: number): T {
  const out = new (src.constructor as new (n: number) => T)(src.length);
  for (let a = 0; a < A; a++) for (let b = 0; b < B; b++) out.set(src.subarray((a * B + b) * C, (a * B + b + 1) * C), (b * A + a) * C);
  return out;
}

/** (T, N, I) sizes of torch's input for this config, and whether it is unbatched. */
export function inputDims(shape: readonly number[], batchFirst: boolean): { T: number; N: number; I: number; unbatched: boolean } {
  if (shape.length === 2) return { T: shape[0] as number, N: 1, I: shape[1] as number, unbatched: true };
  const [a, b, I] = shape as [number, number, number];
  return batchFirst ? { T: b, N: a, I, unbatched: false } : { T: a, N: b, I, unbatched: false };
}

/** Output shape as torch gives it: (T, N, F), (N, T, F) with batch_first, (T, F) unbatched. */
export function outputShape(d: { T: number; N: number; unbatched: boolean }, F: number, batchFirst: boolean): number[] {
  return d.unbatched ? [d.T, F] : batchFirst ? [d.N, d.T, F] : [d.T, d.N, F];
}

/** Reads nn.RNN's keyword arguments with torch's defaults. */
export function rnnConfig(c: Record<string, unknown>) {
  return {
    inputSize: c.input_size as number,
    hiddenSize: c.hidden_size as number,
    numLayers: (c.num_layers as number | undefined) ?? 1,
    relu: c.nonlinearity === 'relu',
    bias: c.bias !== false,
    batchFirst: c.batch_first === true,
    bidirectional: c.bidirectional === true,
    dtype: (c.dtype as string | undefined) ?? 'float32',
  };
}
