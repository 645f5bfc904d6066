// The regime block: after the covering rows, before the random tail, every run gets cases built to
// reach each numeric regime its dtypes allow (regimes.ts), a covering block over dtype × regime. Each
// entry fixes what the regime needs; the rest (sizes, seeds, data) stays random per run. After the
// double faults comes every numeric entry again as a gradient case (its gradient twin): the same
// regime reached by a forward that then runs the backward, so gradients meet every regime too.
import type { DType } from '../../engine/dtype.js';
import { CONFIG_DOUBLE_FAULTS, INPUT_DOUBLE_FAULTS, STATE_DICT_FAULTS, type CaseSpec } from '../case/index.js';
import { PLACES, SPECIALS } from './regimes.js';

export interface BlockEntry {
  fixed: Partial<CaseSpec>;
  /** The regimes this case is built to reach (names in regimes.ts). */
  targets: string[];
}

const REAL = ['float16', 'bfloat16', 'float32', 'float64'] as const;
const valid = { configMutation: null, inputMutation: null } as const;
const crossed = (v: string, place: string, features: string[]) => features.map((f) => `nonfinite ${v} in ${place} × ${f}`);

export function regimeBlock(dtypes: readonly DType[]): BlockEntry[] {
  const has = (d: DType) => dtypes.includes(d);
  const real = REAL.filter(has);
  const out: BlockEntry[] = [];
  const add = (fixed: Partial<CaseSpec>, targets: string[]) => out.push({ fixed: { ...valid, ...fixed }, targets });
  let k = 0;
  for (const v of SPECIALS)
    for (const place of PLACES) {
      const where: Partial<CaseSpec> = { special: v, hx: place === 'hx', ...(place === 'hx' ? { steer: 'hx-special' as const } : {}), batch: 2, seqLen: 3, unbatched: false };
      if (real.length) {
        add({ ...where, dtype: real[k % real.length], nonlinearity: 'tanh', num_layers: 2, bidirectional: true, batch_first: true, train: true, dropout: 0.5 }, crossed(v, place, ['tanh', 'dropout', 'layers', 'bidirectional', 'batch_first']));
        add({ ...where, dtype: real[(k + 1) % real.length], nonlinearity: 'relu', num_layers: 2, train: true, dropout: 1 }, crossed(v, place, ['relu', 'dropout-p1', 'layers']));
      }
      for (const d of ['complex64', 'complex128'] as const) if (has(d)) add({ ...where, dtype: d, nonlinearity: 'tanh', train: false }, crossed(v, place, [d]));
      k++;
    }
  const steered = { weights: 'snapshot', weightScale: 1, special: 'none', train: false, hx: false, unbatched: false, batch: 2 } as const;
  for (const d of (['float16', 'bfloat16', 'float32'] as const).filter(has))
    add({ ...steered, dtype: d, nonlinearity: 'relu', input_size: 4, num_layers: 1, seqLen: 3, steer: 'overflow' }, [`overflow to inf (${d})`]);
  for (const d of (['float16', 'bfloat16'] as const).filter(has)) {
    add({ ...steered, dtype: d, nonlinearity: 'tanh', bias: false, input_size: 1, num_layers: 1, bidirectional: false, seqLen: 2, steer: 'underflow' }, [`underflow to subnormals (${d})`]);
    add({ ...steered, dtype: d, nonlinearity: 'relu', bias: false, input_size: 1, hidden_size: 1, num_layers: 2, bidirectional: false, train: true, dropout: 0.5, batch: 3, seqLen: 8, steer: 'dropout-overflow' }, [`dropout-scaled overflow (${d})`]);
  }
  for (const [d, t] of [['complex64', 44], ['complex128', 354]] as const) {
    if (!has(d)) continue;
    const one = { ...steered, dtype: d, nonlinearity: 'tanh', bias: false, input_size: 1, hidden_size: 1, num_layers: 1, bidirectional: false, batch: 4, seqLen: 8 } as const;
    add({ ...one, steer: 'ctanh-large' }, [`complex tanh near |Re| = ${t} (${d})`, `complex tanh beyond |Re| = ${t} (${d})`]);
    add({ ...one, steer: 'ctanh-pole' }, [`complex tanh at a pole (${d})`]);
  }
  for (const d of real) add({ ...steered, dtype: d, nonlinearity: 'relu', bias: true, input_size: 2, hidden_size: 4, num_layers: 1, seqLen: 40, steer: 'relu-growth' }, [`relu growth over a long sequence (${d})`]);
  for (const d of dtypes) add({ ...steered, dtype: d, nonlinearity: 'tanh', weightScale: 30, inputScale: 10, seqLen: 5 }, [`tanh saturated at ±1 (${d})`]);
  for (const d of dtypes) add({ ...steered, dtype: d, nonlinearity: 'tanh', bias: false, num_layers: 1, seqLen: 3, steer: 'zeros' }, [`exact zeros in the output (${d})`]);
  const any = (i: number): DType => dtypes[i % dtypes.length] as DType;
  CONFIG_DOUBLE_FAULTS.forEach((f, i) => add({ dtype: any(i), configMutation: f }, [`double fault: config ${f}`]));
  INPUT_DOUBLE_FAULTS.forEach((f, i) => add({ dtype: any(i + 1), inputMutation: f, hx: true, unbatched: false, batch: 2, seqLen: 3 }, [`double fault: input ${f}`]));
  STATE_DICT_FAULTS.forEach((f, i) => add({ dtype: any(i + 2), weights: 'snapshot', stateDictFault: f }, [`double fault: state_dict ${f}`]));
  // New entries appended (the ones above, and every block index before these, stay as they were);
  // grad_h_n given to every other one.
  const twins = gradientTwins(out.filter((e) => gradientApplies(e.fixed)), oneRowIfInfInComplex64Hx);
  return [...out, ...twins, ...overflowingProducts(dtypes), ...amplifiedSubnormals(dtypes), ...summationOrder(dtypes)];
}

/** Appended later still (every index above unchanged): products that leave float32's range or make a
 * complex tanh's argument infinite, from finite values; each forward entry, then the gradient ones
 * (built for the backward's own products), then each forward entry's gradient twin. */
function overflowingProducts(dtypes: readonly DType[]): BlockEntry[] {
  const has = (d: DType) => dtypes.includes(d);
  const out: BlockEntry[] = [];
  const add = (fixed: Partial<CaseSpec>, targets: string[]) => out.push({ fixed: { ...valid, ...fixed }, targets });
  const steered = { weights: 'snapshot', weightScale: 1, special: 'none', train: false, unbatched: false, num_layers: 1, bidirectional: false, batch: 2 } as const;
  if (has('bfloat16')) add({ ...steered, hx: false, dtype: 'bfloat16', nonlinearity: 'relu', bias: false, input_size: 3, hidden_size: 4, seqLen: 2, steer: 'product-overflow' }, ['product past float32 range (bfloat16)']);
  // complex64: sizes where torch's cgemm skips the alpha multiply on AVX2 and AVX-512 alike (the engine's cgemm.ts)
  if (has('complex64')) add({ ...steered, hx: false, dtype: 'complex64', nonlinearity: 'tanh', bias: false, input_size: 4, hidden_size: 12, seqLen: 2, steer: 'ctanh-inf' }, ['complex tanh of an infinite argument (complex64)']);
  if (has('complex128')) add({ ...steered, hx: true, dtype: 'complex128', nonlinearity: 'tanh', bias: false, input_size: 2, hidden_size: 4, seqLen: 2, steer: 'ctanh-inf' }, ['complex tanh of an infinite argument (complex128)']);
  const forward = [...out];
  if (has('bfloat16')) {
    const oneStep = { ...steered, hx: true, dtype: 'bfloat16', nonlinearity: 'relu', bias: true, input_size: 2, seqLen: 1, gradient: { gradHN: false, fault: null } } as const;
    add({ ...oneStep, hidden_size: 5, steer: 'grad-product-overflow' }, ['gradient product past float32 range in grad·W (bfloat16)']);
    add({ ...oneStep, hidden_size: 3, steer: 'grad-weight-product-overflow' }, ['gradient product past float32 range in gsᵀ·h (bfloat16)']);
  }
  out.push(...gradientTwins(forward));
  // grad·W's four-way loop too (products fused there, as torch's gemm_notrans_ does since 0a3286b)
  if (has('bfloat16')) add({ ...steered, hx: true, dtype: 'bfloat16', nonlinearity: 'relu', bias: true, input_size: 2, seqLen: 1, gradient: { gradHN: false, fault: null }, hidden_size: 9, steer: 'grad-product-overflow' }, ['gradient product past float32 range in grad·W (bfloat16)']);
  // and the forward's 16-wide loop (torch's dot_with_fp32_arith fuses its products there: dot-vec8.ts),
  // then its gradient twin
  if (has('bfloat16')) {
    const wide: Partial<CaseSpec> = { ...steered, hx: false, dtype: 'bfloat16', nonlinearity: 'relu', bias: false, input_size: 16, hidden_size: 4, seqLen: 2, steer: 'product-overflow' };
    add(wide, ['product past float32 range (bfloat16)']);
    add({ ...wide, gradient: { gradHN: true, fault: null } }, ['product past float32 range (bfloat16)']);
  }
  return out;
}

/** Appended after those (every index above unchanged): a subnormal hidden state that the next step
 * multiplies back into sight (alone a subnormal hides inside atol), per 16-bit dtype; then the gradient twins. */
function amplifiedSubnormals(dtypes: readonly DType[]): BlockEntry[] {
  const out: BlockEntry[] = [];
  const steered = { weights: 'snapshot', weightScale: 1, special: 'none', train: false, hx: false, unbatched: false, bias: false, nonlinearity: 'tanh', input_size: 1, hidden_size: 1, num_layers: 1, bidirectional: false, batch: 2, seqLen: 2, steer: 'underflow-amplified' } as const;
  for (const d of (['float16', 'bfloat16'] as const).filter((x) => dtypes.includes(x))) out.push({ fixed: { ...valid, ...steered, dtype: d }, targets: [`subnormal state amplified (${d})`] });
  return [...out, ...gradientTwins(out)];
}

/** Appended after those (every index above unchanged): where torch's 16-bit summation order shows far
 * beyond tolerance (steer.ts): the forward's x·W_ih whose AVX2 lane sums cancel, per 16-bit dtype; the
 * weight gradients' per-step sums that rounding to the dtype swallows (gradient only); then the lane
 * cases' gradient twins. */
function summationOrder(dtypes: readonly DType[]): BlockEntry[] {
  const half = (['float16', 'bfloat16'] as const).filter((x) => dtypes.includes(x));
  const steered = { ...valid, weights: 'snapshot', weightScale: 1, special: 'none', train: false, hx: false, unbatched: false, batch_first: false, nonlinearity: 'relu', num_layers: 1, bidirectional: false, batch: 2 } as const;
  const lanes = half.map((d): BlockEntry => ({ fixed: { ...steered, dtype: d, bias: false, input_size: 16, hidden_size: 4, seqLen: 2, steer: 'lanes-cancel' }, targets: [`dot-product lanes cancel (${d})`] }));
  const swamped = half.map((d): BlockEntry => ({ fixed: { ...steered, dtype: d, bias: true, input_size: 1, hidden_size: 1, seqLen: 48, steer: 'grad-swamped', gradient: { gradHN: false, fault: null } }, targets: [`gradient sum swamped per step (${d})`] }));
  return [...lanes, ...swamped, ...gradientTwins(lanes)];
}

/** Each entry's gradient twin: the same case (with `adjust`'s changes) run through backward too,
 * grad_h_n given to every other one. */
function gradientTwins(entries: readonly BlockEntry[], adjust: (fixed: Partial<CaseSpec>) => Partial<CaseSpec> = () => ({})): BlockEntry[] {
  return entries.map((e, i) => ({ fixed: { ...e.fixed, ...adjust(e.fixed), gradient: { gradHN: i % 2 === 0, fault: null } }, targets: [...e.targets] }));
}

/** Whether a regime-block entry has a gradient twin: every numeric one. A double fault is refused
 * before any backward (at construction, load_state_dict or the forward's checks), as torch refuses
 * it whether or not gradients are wanted: nothing of the backward to test there. */
export function gradientApplies(fixed: Partial<CaseSpec>): boolean {
  return !fixed.configMutation && !fixed.inputMutation && !fixed.stateDictFault && !fixed.gradient;
}

/** torch's complex64 answer to ±inf in hx depends on the BLAS kernel: over a batch (MKL's cgemm)
 * (a+bi)(c±inf i) stays ±inf±inf i and tanh makes it ±1, while one row (gemv), complex128 (zgemm) and
 * the engine give NaN. The forward twin is then excused by the oracle (torch's own error is infinite);
 * the gradient twin runs one batch row, where torch's complex64 answers like its complex128. */
function oneRowIfInfInComplex64Hx(fixed: Partial<CaseSpec>): Partial<CaseSpec> {
  return fixed.dtype === 'complex64' && fixed.steer === 'hx-special' && fixed.special !== 'nan' ? { batch: 1 } : {};
}

/** Every regime the block's gradient cases for these dtypes are built to reach. */
export function gradientRegimes(dtypes: readonly DType[]): string[] {
  return [...new Set(regimeBlock(dtypes).filter((e) => e.fixed.gradient).flatMap((e) => e.targets))];
}

/** Every regime the block for these dtypes is built to reach. */
export function reachableRegimes(dtypes: readonly DType[]): string[] {
  return [...new Set(regimeBlock(dtypes).flatMap((e) => e.targets))];
}
