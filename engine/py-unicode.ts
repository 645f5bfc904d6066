// Python 3.11's character tables (Unicode 14.0.0) for float() and repr() of a str, beyond ASCII; written from
// python/testing/py_text_tables.py's output, and test/py-unicode-tables.test.ts holds them to a fresh run of it.
// Fixed tables, not the JS runtime's Unicode properties: a browser's Unicode version is not Python's.

/** The first code point of each run of ten decimal digits (unicodedata.decimal(c) == 0), ASCII's excepted. */
export const DIGIT_ZEROS: readonly number[] = [
  0x660, 0x6f0, 0x7c0, 0x966, 0x9e6, 0xa66, 0xae6, 0xb66, 0xbe6, 0xc66, 0xce6, 0xd66, 0xde6, 0xe50, 0xed0, 0xf20,
  0x1040, 0x1090, 0x17e0, 0x1810, 0x1946, 0x19d0, 0x1a80, 0x1a90, 0x1b50, 0x1bb0, 0x1c40, 0x1c50, 0xa620, 0xa8d0,
  0xa900, 0xa9d0, 0xa9f0, 0xaa50, 0xabf0, 0xff10, 0x104a0, 0x10d30, 0x11066, 0x110f0, 0x11136, 0x111d0, 0x112f0,
  0x11450, 0x114d0, 0x11650, 0x116c0, 0x11730, 0x118e0, 0x11950, 0x11c50, 0x11d50, 0x11da0, 0x16a60, 0x16ac0,
  0x16b50, 0x1d7ce, 0x1d7d8, 0x1d7e2, 0x1d7ec, 0x1d7f6, 0x1e140, 0x1e2f0, 0x1e950, 0x1fbf0,
];

/** The code points str.isspace() is true for, ASCII's excepted. */
export const WIDE_SPACES: readonly number[] = [0x85, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000];

// The code points from U+007F on that str.isprintable() is false for, as ranges: for each, the gap after the previous
// range's end (from U+007E) and, after a dot, its length minus one, in base 36.
const NONPRINTABLE_RANGES =
  '0.x c ju.1 6.3 7 1 k b1 12.1 1e.1 3 1j.7 r.3 6.g m 5c 1c.1 1n.1 2t.d 1n.1 1d.1 f s.1 1 b.4 v.8 22 4h 8.1 2.1 ' +
  'm 7 1.2 4.1 9.1 2.1 4.7 1.3 2 5.1 p.1 3 6.3 2.1 m 7 2 2 2.1 1 5.3 2.1 3.2 1.6 4 1.6 h.9 3 9 3 m 7 2 5.1 a 3 ' +
  '3.1 1.e 4.1 c.6 7 3 8.1 2.1 m 7 2 5.1 9.1 2.1 3.6 3.3 2 5.1 i.9 2 6.2 3 4.2 2 1 2.2 2.2 3.2 c.3 5.2 3 4.1 ' +
  '1.5 1.d l.4 d 3 n g.1 9 3 4.6 2 3.1 1.1 4.1 a.6 m 3 n a 5.1 9 3 4.6 2.5 2 4.1 a 2.c d 3 1f 3 6.3 g.1 q 3 i.2 ' +
  'o 9 1.1 7.2 1.3 6 1 8.5 a.1 3.b 1m.3 t.10 2 1 5 o 1 n.1 5 1 6.1 a.1 4.v 20 10.3 13 10 f d.10 5i 1.4 1.1 ah ' +
  '4.1 7 1 4.1 15 4.1 x 4.1 7 1 4.1 f 1l 4.1 1v.1 w.2 q.5 2e.1 6.1 hs s.2 2h.6 m.8 o.8 k.b d 3 2.b 2m.1 a.5 a.5 ' +
  'e b.5 2h.6 17.4 1y.9 v c.3 c.3 1.2 16.1 5.a 18.3 q.5 b.2 1q.1 1t t.1 b.5 a.5 e.1 v.1c 25.2 1b 38.7 1o.2 f.2 ' +
  '1o.6 17.1 b.7 17.4 eu.1 6.1 12.1 6.1 8 1 1 1 v.1 1h f e.1 6 j.1 3 9.g o.7 1b.g 2.1 r d.2 x.e x.e 3w.3 if.o ' +
  'b.k 1ec.1 w 9p.4 19 1.4 1.1 1k.6 2.d o.8 7 7 7 7 7 7 7 7 3i.x q 2h.b 5y.p c.4 1r 2e.1 2v.4 17 2m 2c.b 1b ' +
  'mlp.2 1j.8 9o.j 54.7 5n.4 2 1 5.n 1n.2 a.5 1k.7 1y.7 c.5 38.a u.2 26 b.3 x 1j.8 e.1 a.1 2v.n s.9 6.1 6.1 6.8 ' +
  '7 7 1o.3 3i.1 a.5 8mc.b n.3 1d.6ir a6.1 2y.11 7.b 5.4 q 5 1 2 2 3h.f cd.1 1i.6 1.v 16.5 1f j 4.3 5 3r.3 5a.2 ' +
  '6.1 6.1 6.1 3.2 7 7.c 2.1 c q j 2 f.1 e.x 3f.4 3.3 19.2 2g d.2 1.1a 1a.3l t.2 1d.e s.3 10.8 u.4 17.4 u 11.3 ' +
  'e.15 4e.1 a.5 10.3 10.3 14.7 1g.a c f 7 2 b f 7 2.1u 8n.8 m.9 8.n 6 16 9.1w 6.1 1 18 2.2 1.1 n 20.7 9.1b j ' +
  '2.4 x.2 r.4 1.1r 1k.3 k.1 1e 2.4 8 3 t.1 3.3 a.6 9.6 1s.v 13.3 c.8 1i.2 t.1 r.4 q.6 4.b 7.27 21.1i 1f.c 1f.6 ' +
  '1a.7 a.85 v 16 3.1 2.25 14.7 16.l q.11 s.j n.8 26.3 10.8 1q 5.c p.6 a.5 1h i.7 13.8 2o k.a i 18.1s 7 1 4 f ' +
  'b.5 1n.4 a.5 4 8.1 2.1 m 7 2 5 a.1 2.1 3.1 1.5 1.4 7.1 7.2 5.3u 2k 5.t 20.7 a.4l 1i.1 12.x 1x.a a.5 d.i 1m.5 ' +
  'a.1h r.1 f.3 n.54 1o.2r 2b.b 8.1 1.1 8 2 u 2.1 c.8 a.1x 8.1 1a.1 b.q 20.7 2b.c 21.7a 9 19 e.9 t.2 w.1 m e.20 ' +
  '7 2 18.2 1 2 9.7 a.5 6 2 11 2 6.6 a.8l p.52 1.e 1e.c pn.2t 33 5.a 5g.217 2r.c tr.34g g7.6ns ft.6 v a.3 29 ' +
  'a.5 u.1 6.9 1y.9 a 7 l.4 j.j3 2j.2s 23.3 1l.6 h.1r 5.a 2.d 4qg.7 ye.15 9.6w6 4 7 2 83.18 3.g 4.7 b0.1s3 2z.4 ' +
  'd.2 9.6 a.1 4.3mn 1a.1 n.8 38.1n 6u.9 13.1 22.7 34.k 1y.49 k.b 2f.8 p.3q 2d 1z 2.1 1.1 2.1 4 c 1 7 1t 4.1 8 ' +
  '7 s 4 5 1.2 7 9g.1 84.1 ji.e 5 f.un v.68 7 h.1 7 2 5.5w 19.2 e.1 a.3 2.8v v.g 1m.4 1.yn 7 4 2 f 5h.1 g.14 ' +
  '24.3 a.3 2.ls 1w.23 1p.5d 4 r 2 1.1 1 a 4 1 1.5 1.3 1 1 1 3 2 1.1 1 1 1 1 1 2 1.1 4 7 4 4 1 a h.4 3 5 h.1f ' +
  '2.7h 18.3 2s.b f.1 f f 11.9 4u.1j t.c 18.3 9.6 2.d 6.49 rc.4 g.2 d.2 38.b 2h.6 c.3 1.e c.3 1k.7 a.5 14.7 u.1 ' +
  '2.25 9g.b e.1 5.2 5.2 7.8 t.2 b.4 6.9 a.5 8.7 7.8 43 1j.10 a.sl wyo.v 37d.6 66.1 4g2.d 5rl.2e6 f2.15t ' +
  '3t7.fcms 6o.47bj ';

const nonprintable: number[] = []; // first, last, first, last, ... ascending
{
  let end = 0x7e;
  for (const r of NONPRINTABLE_RANGES.trim().split(' ')) {
    const [gap, len = '0'] = r.split('.');
    const first = end + 1 + parseInt(gap, 36);
    end = first + parseInt(len, 36);
    nonprintable.push(first, end);
  }
}

/** The ranges from U+007F on that str.isprintable() refuses, [first, last] each. */
export const nonprintableRanges = (): number[][] => Array.from({ length: nonprintable.length / 2 }, (_, i) => [nonprintable[2 * i], nonprintable[2 * i + 1]]);

/** str.isprintable() of a code point from U+007F on (the first range starts there). */
export function isPrintableWide(cp: number): boolean {
  let lo = 0, hi = nonprintable.length / 2; // binary search for the last range starting at or before cp
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (nonprintable[2 * mid] <= cp) lo = mid + 1;
    else hi = mid;
  }
  return cp > nonprintable[2 * lo - 1]; // past the end of that range
}

/** The value of a non-ASCII decimal digit, or undefined. */
export function wideDigit(cp: number): number | undefined {
  const zero = DIGIT_ZEROS.find((z) => cp >= z && cp < z + 10);
  return zero === undefined ? undefined : cp - zero;
}
