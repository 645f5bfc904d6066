// When the engine and torch differ beyond tolerance, the float64 (complex128) oracle decides whether
// that is the dtype's rounding amplified by the case (chaotic relu, saturated tanh, long sequences)
// or the engine's fault. Errors are measured against the exact answer O in the dtype's tolerance,
// tau_i = atol + rtol*|O_i| (complex: modulus), per tensor, by the worst element:
//   eE = max_i |E_i - O_i| / tau_i  (the engine's error),  eT = the same for torch.
// (c) Too exact: eT >= TOO_EXACT_TORCH_TOL (torch is well outside tolerance of the exact answer:
//     rounding is amplified) while every engine element is within TOO_EXACT_ULPS ulp of the exactly
//     rounded answer. An engine rounding like the dtype lands as far off as torch does; one that
//     lands on the rounded exact answer is computing in higher precision. Fail.
// (b) Both equally far: eE <= 1 + AMPLIFIED_FACTOR * eT, i.e. the engine is within the dtype's
//     tolerance, plus a bounded multiple of torch's own error, of the exact answer. Pass, flagged.
//     Otherwise the engine is further from the exact answer than torch's own error allows. Fail.
// (l) Torch lost every bit: eT >= 1/(2*rtol), i.e. at its worst element torch is at least half the
//     exact value away from it (no correct bit, not even the order of magnitude). Then eT is no
//     measure of how far rounding can carry a result: the tolerance scales with |O_i|, so a result
//     smaller than the exact one is at most about 1/rtol tolerances from it, however wrong, while a
//     larger one is unboundedly far, and which of the two torch's own run happens to give is chance.
//     Found on a complex128 gradient (check --seed 13 --case 480, golden
//     grad-complex128-chaotic-near-poles): the forward's trajectory is chaotic from the first steps
//     (torch's output 1e8 tolerances from the exact one), complex tanh's derivative 1 - h^2 is
//     unbounded near its poles, torch's gradients landed 1000x smaller than the exact ones (1.0e7
//     tolerances), the engine's up to 2e6x larger (1.7e14), and torch itself with its hidden units
//     permuted through the state dict (the same sums in other orders) lands up to 3.0e12
//     tolerances away: (b) failed torch against itself in 4 of 6 permutations. A finite engine result passes, flagged; an
//     engine NaN or inf where the exact answer is finite (eE infinite) still fails.
// (n) NaN and infinity are not rounding. Where torch is NaN or ±inf and the engine is not the same
//     (NaN for NaN, the same infinity), while every element finite on both sides is within
//     tolerance, nothing was amplified: fail (checked after (c)). torch's reduced-precision gemm
//     rounds each product (inf, then inf - inf = NaN) where an FMA chain stays finite; the float64
//     answer is finite there, so torch's own error is infinite and (b) would allow anything. Where
//     finite elements do differ beyond tolerance, rounding has moved the two runs apart and may carry
//     a value across float32's range in either (honest summation orders do: test/comparator-vs-torch).
// Where the exact answer is itself NaN or inf (the complex128 oracle's own BLAS alpha multiply makes
// NaN of an infinite part) and torch is finite, torch's error is unknown there, not infinite: it does
// not count in eT, so it cannot excuse the engine elsewhere. The engine's error there is unknown alike:
// it must be within tolerance of torch at such an element (nothing excuses it), and is not counted.
// Per tensor and by the worst element, not per element: in a chaotic regime each honest float32
// result lands at random near the exact answer, so "engine closer than torch" per element is a coin
// flip; the worst element of the whole tensor varies far less. The constants were measured against
// real torch (harness/compare/README.md, test/comparator-vs-torch.test.ts).
import { isComplex, type DType } from '../../engine/dtype.js';
import type { Tensor } from '../../engine/tensor.js';
import { hypot, realPart, toDType } from './dtype-math.js';
import { elementClose, unravel } from './compare.js';
import { pyIndex } from './pyformat.js';
import type { Tolerance } from './tolerances.js';
import { ulpDistance } from './ulp.js';

/** (b): how many times torch's own error (in tolerances) the engine's may be. */
export const AMPLIFIED_FACTOR = 256;
/** (c): torch at least this many tolerances from the exact answer means rounding is amplified... */
export const TOO_EXACT_TORCH_TOL = 4;
/** ...and an engine within this many ulps of the rounded exact answer everywhere is not rounding like the dtype. */
export const TOO_EXACT_ULPS = 1;

export interface OracleEvidence {
  /** eE and eT: worst error against the exact answer, in tolerances. */
  engineErr: number;
  torchErr: number;
  /** The engine's greatest ULP distance from the exact answer rounded to the dtype. */
  engineUlpFromExact: number;
  /** 1 + AMPLIFIED_FACTOR * eT */
  allowed: number;
  outcome: 'amplified' | 'too-far' | 'too-exact' | 'non-finite';
  /** (l): torch's own result has no correct bit (eT >= 1/(2·rtol)), so eT bounds nothing. */
  torchLost?: boolean;
  explanation: string;
}

/** Both parts equal, NaN matching NaN (complex: NaN in either part of both, as torch.isclose). */
function sameElement(ar: number, ai: number, br: number, bi: number, cx: boolean): boolean {
  const eq = (a: number, b: number) => a === b || (Number.isNaN(a) && Number.isNaN(b));
  if (cx && (Number.isNaN(ar) || Number.isNaN(ai)) && (Number.isNaN(br) || Number.isNaN(bi))) return true;
  return eq(ar, br) && eq(ai, bi);
}

interface NonFiniteScan {
  /** The first element where torch is NaN or ±inf and the engine is not the same, as a sentence. */
  first: string | null;
  /** Some element finite on both sides differs beyond tolerance: rounding has moved the two apart. */
  finiteMismatch: boolean;
}

function scanNonFinite(engine: Tensor, torch: Tensor, cx: boolean, tol: Tolerance): NonFiniteScan {
  const E = engine.data;
  const T = torch.data;
  const w = cx ? 2 : 1;
  const n = T.length / w;
  let first: string | null = null;
  let finiteMismatch = false;
  const show = (re: number, im: number) => (cx ? `${re}${im < 0 || Object.is(im, -0) ? '-' : '+'}${Math.abs(im)}i` : `${re}`);
  for (let i = 0; i < n; i++) {
    const [er, ei, tr, ti] = [E[w * i] ?? 0, cx ? (E[w * i + 1] ?? 0) : 0, T[w * i] ?? 0, cx ? (T[w * i + 1] ?? 0) : 0];
    if (!Number.isFinite(tr) || !Number.isFinite(ti)) {
      if (!sameElement(er, ei, tr, ti, cx)) first ??= `torch ${show(tr, ti)} where the engine has ${show(er, ei)} at index ${pyIndex(unravel(i, torch.shape))}`;
    } else if (Number.isFinite(er) && Number.isFinite(ei) && !elementClose(engine.dtype, E, T, i, tol.rtol, tol.atol)) {
      finiteMismatch = true;
    }
  }
  return { first, finiteMismatch };
}

/**
 * The worst error in tolerances. Where the exact answer itself is NaN or inf and x is finite, x's error
 * is unknown rather than infinite, and not counted (for torch: an infinite error would make 1 + 256·eT
 * allow the engine anything; for the engine, unjudgeableMismatch holds it to torch there instead).
 */
function worstError(x: Tensor, oracle: Tensor, tol: Tolerance, cx: boolean): number {
  const X = x.data;
  const O = oracle.data;
  let worst = 0;
  const n = O.length / (cx ? 2 : 1);
  for (let i = 0; i < n; i++) {
    const [xr, xi, or, oi] = cx ? [X[2 * i] ?? 0, X[2 * i + 1] ?? 0, O[2 * i] ?? 0, O[2 * i + 1] ?? 0] : [X[i] ?? 0, 0, O[i] ?? 0, 0];
    const same = (xr === or || (Number.isNaN(xr) && Number.isNaN(or))) && (xi === oi || (Number.isNaN(xi) && Number.isNaN(oi)));
    if (same) continue;
    if (!(Number.isFinite(or) && Number.isFinite(oi)) && Number.isFinite(xr) && Number.isFinite(xi)) continue;
    const err = hypot(xr - or, xi - oi) / (tol.atol + tol.rtol * hypot(or, oi));
    // NaN or inf where the exact answer differs: no rounding explains that.
    if (!Number.isFinite(err)) return Infinity;
    if (err > worst) worst = err;
  }
  return worst;
}

/** An element where the exact answer is NaN or inf, both sides finite, and the engine beyond tolerance of torch. */
function unjudgeableMismatch(engine: Tensor, torch: Tensor, oracle: Tensor, cx: boolean, tol: Tolerance): boolean {
  const [E, T, O] = [engine.data, torch.data, oracle.data];
  const w = cx ? 2 : 1;
  for (let i = 0; i < O.length / w; i++) {
    if (Number.isFinite(O[w * i] ?? 0) && Number.isFinite(cx ? (O[w * i + 1] ?? 0) : 0)) continue;
    const finite = [E[w * i], T[w * i], ...(cx ? [E[w * i + 1], T[w * i + 1]] : [])].every((v) => Number.isFinite(v ?? 0));
    if (finite && !elementClose(engine.dtype, E, T, i, tol.rtol, tol.atol)) return true;
  }
  return false;
}

function ulpsFromExact(dtype: DType, x: Tensor, oracle: Tensor): number {
  const d = realPart(dtype);
  let worst = 0;
  oracle.data.forEach((o, i) => {
    worst = Math.max(worst, ulpDistance(d, x.data[i] ?? 0, toDType(d, o)));
  });
  return worst;
}

function fmt(x: number): string {
  return x === Infinity ? 'inf' : x < 0.01 || x >= 1e4 ? x.toExponential(2) : x.toPrecision(3);
}

/** Judges an engine/torch mismatch with the oracle. Shapes of all three are already equal. */
export function judgeWithOracle(engine: Tensor, torch: Tensor, oracle: Tensor, tol: Tolerance): OracleEvidence {
  const cx = isComplex(engine.dtype);
  const { first, finiteMismatch } = scanNonFinite(engine, torch, cx, tol);
  // Where the exact answer is NaN or inf, neither side's error is known: there the engine must be within
  // tolerance of torch itself (nothing can excuse it), and elsewhere both are measured from the exact answer.
  const engineErr = unjudgeableMismatch(engine, torch, oracle, cx, tol) ? Infinity : worstError(engine, oracle, tol, cx);
  const torchErr = worstError(torch, oracle, tol, cx);
  const engineUlpFromExact = ulpsFromExact(engine.dtype, engine, oracle);
  const allowed = 1 + AMPLIFIED_FACTOR * torchErr;
  const d = realPart(engine.dtype);
  const numbers = `the engine is ${fmt(engineErr)} tolerances from the exact (${cx ? 'complex128' : 'float64'}) answer, torch ${fmt(torchErr)}`;
  if (torchErr >= TOO_EXACT_TORCH_TOL && engineUlpFromExact <= TOO_EXACT_ULPS) {
    return {
      engineErr, torchErr, engineUlpFromExact, allowed, outcome: 'too-exact',
      explanation: `engine implausibly more exact than ${engine.dtype} allows: ${numbers}, yet every engine element is within ${engineUlpFromExact} ${d} ulp of the exact answer rounded; torch's own ${engine.dtype} error shows the case amplifies rounding, so an engine rounding like ${engine.dtype} would be about as far off (is it computing in higher precision?)`,
    };
  }
  if (first && !finiteMismatch) {
    return {
      engineErr, torchErr, engineUlpFromExact, allowed, outcome: 'non-finite',
      explanation: `${first}, and every element finite on both sides is within tolerance: no rounding was amplified, and NaN or infinity is not rounding, so the exact (${cx ? 'complex128' : 'float64'}) answer cannot excuse it (torch overflows or makes NaN in ${engine.dtype} there; the engine must too)`,
    };
  }
  const lostAt = 1 / (2 * tol.rtol);
  if (torchErr >= lostAt && Number.isFinite(engineErr) && engineErr > allowed) {
    return {
      engineErr, torchErr, engineUlpFromExact, allowed, outcome: 'amplified', torchLost: true,
      explanation: `amplified rounding, torch's own result lost: ${numbers}; at ${fmt(lostAt)} tolerances or more (1/(2·rtol)) torch's worst element is half the exact value or more away from it, no correct bit, so torch's error bounds nothing (a result below the exact one is at most about 1/rtol tolerances away however wrong, one above it without bound)`,
    };
  }
  if (engineErr <= allowed) {
    return {
      engineErr, torchErr, engineUlpFromExact, allowed, outcome: 'amplified',
      explanation: `amplified rounding, both equally far: ${numbers} (allowed: 1 + ${AMPLIFIED_FACTOR} x torch's = ${fmt(allowed)})`,
    };
  }
  return {
    engineErr, torchErr, engineUlpFromExact, allowed, outcome: 'too-far',
    explanation: `engine further from the exact answer than torch's own error allows: ${numbers} (allowed: 1 + ${AMPLIFIED_FACTOR} x torch's = ${fmt(allowed)})`,
  };
}
