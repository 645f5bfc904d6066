// Numeric regimes: where RNN implementations typically go wrong, named, detected on every case, and
// reached on purpose. Each regime is a predicate over a case and the engine's answer to it (so
// "reached" means the case really went there: an overflow is an inf in the output, an underflow a
// subnormal); the regime block (regime-block.ts) builds, after the covering rows of every run, one or
// more cases certain to reach each regime its dtypes allow.
import { isComplex, type DType } from '../../engine/dtype.js';
import type { Tensor } from '../../engine/tensor.js';
import type { EngineResult } from '../engines/engine-side.js';
import { CONFIG_DOUBLE_FAULTS, INPUT_DOUBLE_FAULTS, STATE_DICT_FAULTS, type CaseSpec } from '../case/index.js';
import type { ConformanceCase } from '../case/index.js';
import { dtypeRange } from './steer.js';

export interface Regime {
  name: string;
  test: (spec: CaseSpec, c: ConformanceCase, r: EngineResult) => boolean;
}

const ran = (r: EngineResult): r is Extract<EngineResult, { kind: 'ok' }> => r.kind === 'ok';
const values = (r: EngineResult): Tensor[] => (ran(r) ? [r.output, r.hN] : []);
const some = (ts: Tensor[], f: (v: number) => boolean): boolean => ts.some((t) => t.data.some(f));
// Scanned once per case (check runs this on every case: plain loops, memoized on the case).
const finiteMemo = new WeakMap<ConformanceCase, boolean>();
const allFinite = (c: ConformanceCase): boolean => {
  let v = finiteMemo.get(c);
  if (v === undefined) {
    v = true;
    for (const t of [c.input, ...(c.hx ? [c.hx] : []), ...Object.values(c.stateDict ?? {})]) {
      const d = t.data;
      for (let i = 0; i < d.length && v; i++) if (!Number.isFinite(d[i] as number)) v = false;
    }
    finiteMemo.set(c, v);
  }
  return v;
};
/** Some element (complex: its real part) exactly ±1. */
const saturated = (t: Tensor, lanes: number): boolean => {
  const d = t.data;
  for (let i = 0; i < d.length; i += lanes) if (d[i] === 1 || d[i] === -1) return true;
  return false;
};
const nonFiniteMemo = new WeakMap<EngineResult, boolean>();
const anyNonFinite = (r: EngineResult): boolean => {
  let v = nonFiniteMemo.get(r);
  if (v === undefined) {
    v = false;
    for (const t of values(r)) {
      const d = t.data;
      for (let i = 0; i < d.length && !v; i++) if (!Number.isFinite(d[i] as number)) v = true;
    }
    nonFiniteMemo.set(r, v);
  }
  return v;
};
/** A gradient case's gradient `name` holds a NaN or an infinity. */
const gradNonFinite = (r: EngineResult, name: string): boolean => ran(r) && (r.grads?.[name]?.data.some((v) => !Number.isFinite(v)) ?? false);
const maxAbs = (ts: Tensor[]): number => {
  let m = 0;
  for (const t of ts) for (const v of t.data) m = Math.max(m, Math.abs(v));
  return m;
};

export const SPECIALS = ['nan', 'inf', '-inf'] as const;
export const PLACES = ['input', 'hx'] as const;
/** The features non-finite values are crossed with: each a predicate over the (valid) spec. */
export const FEATURES: Record<string, (s: CaseSpec) => boolean> = {
  tanh: (s) => s.nonlinearity === 'tanh' && !isComplex(s.dtype),
  relu: (s) => s.nonlinearity === 'relu',
  complex64: (s) => s.dtype === 'complex64',
  complex128: (s) => s.dtype === 'complex128',
  dropout: (s) => s.train && s.dropout > 0 && s.dropout < 1 && s.num_layers > 1,
  'dropout-p1': (s) => s.train && s.dropout === 1 && s.num_layers > 1,
  layers: (s) => s.num_layers > 1,
  bidirectional: (s) => s.bidirectional,
  batch_first: (s) => s.batch_first && !s.unbatched,
};
const REAL: DType[] = ['float16', 'bfloat16', 'float32', 'float64'];
const COMPLEX: DType[] = ['complex64', 'complex128'];

function build(): Regime[] {
  const list: Regime[] = [];
  for (const v of SPECIALS)
    for (const place of PLACES)
      for (const [feature, has] of Object.entries(FEATURES))
        list.push({ name: `nonfinite ${v} in ${place} × ${feature}`, test: (s, _c, r) => ran(r) && s.special === v && (place === 'hx') === (s.steer === 'hx-special') && has(s) });
  for (const d of ['float16', 'bfloat16', 'float32'] as DType[])
    // With every input and weight finite, a non-finite result can only come from an overflow (inf, or inf - inf = NaN).
    list.push({ name: `overflow to inf (${d})`, test: (s, c, r) => s.dtype === d && ran(r) && anyNonFinite(r) && allFinite(c) });
  for (const d of ['float16', 'bfloat16'] as DType[]) {
    const { minNormal } = dtypeRange(d);
    list.push({ name: `underflow to subnormals (${d})`, test: (s, _c, r) => s.dtype === d && some(values(r), (x) => x !== 0 && Math.abs(x) < minNormal) });
    // the next step's W_hh = 1/minNormal multiplies the subnormal state back to 0.25–0.75 (steer.ts): tanh ≥ 0.24 there
    list.push({ name: `subnormal state amplified (${d})`, test: (s, _c, r) => s.dtype === d && s.steer === 'underflow-amplified' && ran(r) && some([r.output], (x) => x !== 0 && Math.abs(x) < minNormal) && some([r.output], (x) => Math.abs(x) >= 0.2) });
    list.push({ name: `dropout-scaled overflow (${d})`, test: (s, c, r) => s.dtype === d && s.steer === 'dropout-overflow' && FEATURES.dropout?.(s) === true && anyNonFinite(r) && allFinite(c) });
  }
  // Complex tanh: the pre-activation is the input itself in these cases (steer.ts), so the input says where tanh was evaluated.
  for (const [d, t] of [['complex64', 44], ['complex128', 354]] as const) {
    const re = (c: ConformanceCase, f: (x: number) => boolean) => c.input.data.some((x, i) => i % 2 === 0 && f(Math.abs(x)));
    list.push({ name: `complex tanh near |Re| = ${t} (${d})`, test: (s, c, r) => s.dtype === d && s.steer === 'ctanh-large' && ran(r) && re(c, (x) => x >= t - 1 && x <= t) });
    list.push({ name: `complex tanh beyond |Re| = ${t} (${d})`, test: (s, c, r) => s.dtype === d && s.steer === 'ctanh-large' && ran(r) && re(c, (x) => x > t && x <= 2 * t) });
    list.push({ name: `complex tanh at a pole (${d})`, test: (s, c, r) => s.dtype === d && s.steer === 'ctanh-pole' && ran(r) && c.input.data.some((x, i) => i % 2 === 1 && Math.abs(Math.cos(x)) < 1e-5) });
  }
  for (const d of REAL)
    list.push({ name: `relu growth over a long sequence (${d})`, test: (s, c, r) => s.dtype === d && s.nonlinearity === 'relu' && s.seqLen >= 30 && ran(r) && (anyNonFinite(r) || maxAbs(values(r)) >= 1e4) && allFinite(c) });
  for (const d of [...REAL, ...COMPLEX])
    list.push({ name: `tanh saturated at ±1 (${d})`, test: (s, _c, r) => s.dtype === d && s.nonlinearity === 'tanh' && ran(r) && saturated(r.output, isComplex(d) ? 2 : 1) });
  for (const d of [...REAL, ...COMPLEX])
    list.push({ name: `exact zeros in the output (${d})`, test: (s, _c, r) => s.dtype === d && s.steer === 'zeros' && ran(r) && r.output.data.some((x) => x === 0) });
  // Products past float32's range (a bfloat16 product is exact in float32 unless it leaves the range),
  // where torch's kernels round each product (inf - inf = NaN) or do not (inf stays inf): the forward's
  // x·W_ih, the backward's grad·W_hh (grad.hx) and its gsᵀ·h (grad.weight_hh).
  list.push({ name: 'product past float32 range (bfloat16)', test: (s, c, r) => s.dtype === 'bfloat16' && s.steer === 'product-overflow' && ran(r) && anyNonFinite(r) && allFinite(c) });
  list.push({ name: 'gradient product past float32 range in grad·W (bfloat16)', test: (s, c, r) => s.dtype === 'bfloat16' && s.steer === 'grad-product-overflow' && ran(r) && gradNonFinite(r, 'hx') && allFinite(c) });
  list.push({ name: 'gradient product past float32 range in gsᵀ·h (bfloat16)', test: (s, c, r) => s.dtype === 'bfloat16' && s.steer === 'grad-weight-product-overflow' && ran(r) && gradNonFinite(r, 'weight_hh_l0') && allFinite(c) });
  // Complex tanh of an infinite real part, made from finite values by an overflowing product.
  for (const d of COMPLEX)
    list.push({ name: `complex tanh of an infinite argument (${d})`, test: (s, c, r) => s.dtype === d && s.steer === 'ctanh-inf' && ran(r) && allFinite(c) && saturated(r.output, 2) });
  // torch's 16-bit summation order, where it shows far beyond tolerance (steer.ts): the forward's lane
  // sums cancel and leave a small product (row 0's ≥ 0.5; lanes added in order give 0), and the weight
  // gradients' per-step sums that rounding each to the dtype keeps at 2048 (float16) or 256 (bfloat16)
  for (const d of ['float16', 'bfloat16'] as DType[]) {
    list.push({ name: `dot-product lanes cancel (${d})`, test: (s, _c, r) => s.dtype === d && s.steer === 'lanes-cancel' && ran(r) && some([r.output], (x) => x >= 0.25) });
    const big = d === 'float16' ? 2048 : 256;
    list.push({ name: `gradient sum swamped per step (${d})`, test: (s, _c, r) => s.dtype === d && s.steer === 'grad-swamped' && ran(r) && (r.grads?.weight_hh_l0?.data.some((x) => Math.abs(x) >= big && Number.isFinite(x)) ?? false) });
  }
  for (const f of CONFIG_DOUBLE_FAULTS) list.push({ name: `double fault: config ${f}`, test: (s, _c, r) => s.configMutation === f && r.kind === 'refused' });
  for (const f of INPUT_DOUBLE_FAULTS) list.push({ name: `double fault: input ${f}`, test: (s, _c, r) => s.inputMutation === f && r.kind === 'refused' });
  for (const f of STATE_DICT_FAULTS) list.push({ name: `double fault: state_dict ${f}`, test: (s, _c, r) => s.stateDictFault === f && r.kind === 'refused' });
  return list;
}

export const REGIMES: readonly Regime[] = build();

/** The regimes this case reached (none for a case without a spec). */
export function regimesOf(c: ConformanceCase, r: EngineResult): string[] {
  const s = c.spec;
  if (!s) return [];
  return REGIMES.filter((g) => g.test(s, c, r)).map((g) => g.name);
}
