// When the engine's complex tanh agrees with torch's: complex64 bit for bit (glibc's ctanhf ported), complex128
// within torch.testing.assert_close's default tolerance, and part by part NaN where torch's is NaN, the same
// infinity, and a zero of the same sign where both are zero. One rule for
// the live test (ctanh-vs-torch) and the committed table (libm-table).
import { ctanh } from '../engine/complex.js';

const TOL = { complex64: [1.3e-6, 1e-5], complex128: [1e-7, 1e-7] } as const;

/** '' when ctanh(zr + zi·i) agrees with torch's (er + ei·i), else what differs; `exact` says bit for bit. */
export function ctanhDisagreement(single: boolean, zr: number, zi: number, er: number, ei: number): { message: string; exact: boolean } {
  const out = single ? new Float32Array(2) : new Float64Array(2);
  ctanh(zr, zi, out, 0, single);
  const [ar, ai] = [out[0] as number, out[1] as number];
  const exact = Object.is(ar, er) && Object.is(ai, ei);
  const [rtol, atol] = TOL[single ? 'complex64' : 'complex128'];
  const nanA = Number.isNaN(ar) || Number.isNaN(ai);
  const nanE = Number.isNaN(er) || Number.isNaN(ei);
  const close = (ar === er && ai === ei) || (nanA && nanE) || (!nanA && !nanE && Math.hypot(ar - er, ai - ei) <= atol + rtol * Math.hypot(er, ei));
  // and each part alike where torch's is special: NaN where torch's is NaN, the same infinity, a zero's sign
  const alike = (a: number, e: number): boolean =>
    Number.isNaN(e) ? Number.isNaN(a) : !Number.isFinite(e) ? a === e : Number.isNaN(a) || !Number.isFinite(a) ? false : a === 0 && e === 0 ? Object.is(a, e) : true;
  const bad = single ? !exact : !close || !alike(ar, er) || !alike(ai, ei);
  const v = (x: number): string => (Object.is(x, -0) ? '-0' : String(x));
  return { message: bad ? `tanh(${v(zr)} + ${v(zi)}i): engine ${v(ar)} + ${v(ai)}i, torch ${v(er)} + ${v(ei)}i` : '', exact };
}
