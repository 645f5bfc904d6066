// nn.RNN on a PackedSequence: the plumbing of torch's PackedLayer / ReversedPackedLayer
// (aten/src/ATen/native/RNN.cpp) around the same per-step kernels as padded input. Step t runs only
// the batch_sizes[t] sequences that have it (a prefix of the sorted batch), so a sequence's h_n is its
// state after its own last step, and the reverse direction starts each sequence at its own last step
// from hx. x·W_ihᵀ + b_ih is one product over all the packed rows (sum of lengths, not T × B: MKL's
// summation order depends on the row count), h·W_hhᵀ one per step over that step's rows.
import type { DirectionWeights, ForwardContext } from './forward.js';
import { checkFirstStep, checkHiddenSize, checkInputDType, checkInputSize, dropoutAfterLayer, realLayoutOf } from './forward.js';
import { allocStorage, isComplex, lanes, type Storage } from './dtype.js';
import { runtimeError } from './errors.js';
import { indexSelect } from './index-select.js';
import { projectComplex, stepComplex } from './kernels/complex.js';
import { projectReal, stepReal } from './kernels/real.js';
import type { PackedSequence } from './packed.js';
import type { Tensor } from './tensor.js';
import { checkVFArgs } from './vf-args.js';

export function rnnForwardPacked(ctx: ForwardContext, seq: PackedSequence, hxIn: Tensor | null): [PackedSequence, Tensor] {
  const c = ctx.config;
  const D = c.bidirectional ? 2 : 1;
  const H = c.hiddenSize;
  const { data, batchSizes: bs } = seq;
  const maxBatch = bs[0];
  // hx is given in the caller's batch order; the packed batch is sorted (permute_hidden).
  const hx = hxIn && seq.sortedIndices ? indexSelect(hxIn, 1, seq.sortedIndices) : hxIn;
  checkInputDType(c, data.dtype);
  if (data.shape.length !== 2) throw runtimeError(`input must have 2 dimensions, got ${data.shape.length}`);
  checkInputSize(ctx, data.shape[1]);
  const hShape = [c.numLayers * D, maxBatch, H];
  if (hx) checkHiddenSize(hShape, hx.shape);
  checkVFArgs(c, ctx.display, true);
  checkFirstStep(c, hx);

  const lane = lanes(c.dtype);
  const rows = bs.reduce((a, b) => a + b, 0);
  const hN = allocStorage(c.dtype, c.numLayers * D * maxBatch * H);
  const run = stepper(ctx, maxBatch, Math.max(rows, data.shape[0]));
  let x = data.data;
  for (let l = 0; l < c.numLayers; l++) {
    ctx.record?.inputs.push(x);
    const out = allocStorage(c.dtype, rows * D * H);
    for (let d = 0; d < D; d++) {
      const slot = (l * D + d) * maxBatch * H * lane;
      const h0 = hx ? hx.data.subarray(slot, slot + maxBatch * H * lane) : null;
      const dir = { w: ctx.weights[l * D + d], inSize: l === 0 ? c.inputSize : D * H, h0, hN: hN.subarray(slot), out, col: d * H, stride: D * H };
      if (d === 0) run.forward(bs, x, dir);
      else run.reverse(bs, x, dir);
    }
    dropoutAfterLayer(ctx, l, out, [rows, D * H]);
    x = out;
  }
  const output: PackedSequence = { ...seq, data: { dtype: c.dtype, shape: [rows, D * H], data: x } };
  const hNT: Tensor = { dtype: c.dtype, shape: hShape, data: hN };
  // h_n back in the caller's order (permute_hidden with unsorted_indices)
  return [output, seq.unsortedIndices ? indexSelect(hNT, 1, seq.unsortedIndices) : hNT];
}

/** One direction of one layer: its weights, its input width, hx's rows for it, where it writes. */
interface Direction {
  readonly w: DirectionWeights;
  readonly inSize: number;
  readonly h0: Storage | null; // maxBatch × H, sorted order; null: zeros
  readonly hN: Storage; // its h_n rows (from offset 0)
  readonly out: Storage; // the layer output, rows × stride
  readonly col: number; // first column of this direction in out
  readonly stride: number;
}

/** The shrinking-batch time loops over the per-step kernels, with their scratch buffers. */
function stepper(ctx: ForwardContext, maxBatch: number, maxRows: number) {
  const c = ctx.config;
  const H = c.hiddenSize;
  const lane = lanes(c.dtype);
  const row = H * lane;
  const cplx = isComplex(c.dtype);
  const single = c.dtype === 'complex64';
  const layout = realLayoutOf(c);
  const P = allocStorage(c.dtype, maxRows * H);
  let cur = allocStorage(c.dtype, maxBatch * H);
  let next = allocStorage(c.dtype, maxBatch * H);

  /** P = x·W_ihᵀ + b_ih for all R rows of x (torch's input_w); returns R. */
  const project = (x: Storage, dir: Direction): number => {
    const R = x.length / (dir.inSize * lane);
    const { w } = dir;
    if (cplx) projectComplex(single, x, R, dir.inSize, w.wih, w.bih, H, P, false);
    else projectReal(layout, x, R, dir.inSize, w.wih, w.bih, H, P, false);
    return R;
  };
  /** Rows [off, off + n) of P through the cell, from cur into next and the layer output. */
  const cell = (R: number, off: number, n: number, dir: Direction): void => {
    // torch slices the step's rows with narrow(0, off, n); lengths longer than the padded input
    // leave the packed data short of what batch_sizes promise, and this is where torch notices.
    if (off + n > R) throw runtimeError(`start (${off}) + length (${n}) exceeds dimension size (${R}).`);
    const { w } = dir;
    const outOff = (off * dir.stride + dir.col) * lane;
    if (cplx) stepComplex(single, n, H, cur, w.whh, w.bhh, P, off * row, next, dir.out, outOff, dir.stride);
    else stepReal(layout, n, H, cur, w.whh, w.bhh, P, off * row, next, dir.out, outOff, dir.stride);
    [cur, next] = [next, cur];
  };
  /** cur rows [from, to) from hx (zeros without one). */
  const loadH0 = (dir: Direction, from: number, to: number): void => {
    if (dir.h0) cur.set(dir.h0.subarray(from * row, to * row), from * row);
    else cur.fill(0, from * row, to * row);
  };

  return {
    /** t = 0, 1, ...: when the batch shrinks, the sequences that ended keep their state as h_n. */
    forward(bs: readonly number[], x: Storage, dir: Direction): void {
      const R = project(x, dir);
      loadH0(dir, 0, maxBatch);
      let off = 0;
      let last = bs[0];
      for (const n of bs) {
        if (n < last) dir.hN.set(cur.subarray(n * row, last * row), n * row);
        cell(R, off, n, dir);
        off += n;
        last = n;
      }
      dir.hN.set(cur.subarray(0, last * row), 0);
    },
    /** t = T-1, ..., 0 from the end of x: a sequence joins, from its hx row, at its own last step. */
    reverse(bs: readonly number[], x: Storage, dir: Direction): void {
      const R = project(x, dir);
      let last = bs[bs.length - 1];
      loadH0(dir, 0, last);
      let off = R;
      for (let t = bs.length - 1; t >= 0; t--) {
        const n = bs[t];
        if (n > last) loadH0(dir, last, n);
        off -= n;
        cell(R, off, n, dir);
        last = n;
      }
      dir.hN.set(cur.subarray(0, last * row), 0);
    },
  };
}
