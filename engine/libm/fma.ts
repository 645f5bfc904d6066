// fma(a, b, c) = a·b + c rounded once, as the FMA instructions glibc's -mfma builds emit.
// Exact product by Dekker's split, exact sum th + tl = c + hi, then the two small parts are added
// rounding to odd (Boldo & Melquiond), so the final round-to-nearest sees a sticky bit.
import { lastBitOdd, nudge } from './bits.js';

const SPLIT = 134217729; // 2^27 + 1

export function fma(a: number, b: number, c: number): number {
  const p = a * b;
  let t = SPLIT * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLIT * b;
  const bh = t - (t - b);
  const bl = b - bh;
  const pl = ah * bh - p + ah * bl + al * bh + al * bl;
  const th = c + p;
  const bb = th - c;
  const tl = c - (th - bb) + (p - bb);
  let v = tl + pl;
  const bv = v - tl;
  const ev = tl - (v - bv) + (pl - bv);
  if (ev !== 0 && !lastBitOdd(v)) v = nudge(v, ev > 0 === v > 0);
  return th + v;
}
