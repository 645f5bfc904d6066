// When the engine's complex tanh agrees with torch's: complex64 bit for bit (glibc's ctanhf ported), complex128
// with NaN in the same places and otherwise within torch.testing.assert_close's default tolerance. One rule for
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
  const bad = single ? !exact : !close;
  return { message: bad ? `tanh(${zr} + ${zi}i): engine ${ar} + ${ai}i, torch ${er} + ${ei}i` : '', exact };
}
