// Numbers printed the way Python prints them, so our messages match torch's character for character:
// repr(float) ('1e-05', '2.0', 'inf'), repr(complex) ('(1+2j)'), f'{x:.1%}' and tuple indices.

/** Python's repr(float): shortest round-trip digits, exponent when decpt <= -4 or > 16. */
export function pyFloat(x: number, addDot0 = true, sign = false): string {
  const plus = sign ? '+' : '';
  if (Number.isNaN(x)) return `${plus}nan`;
  if (x === Infinity) return `${plus}inf`;
  if (x === -Infinity) return '-inf';
  const neg = x < 0 || Object.is(x, -0);
  const s = neg ? '-' : plus;
  if (x === 0) return `${s}0${addDot0 ? '.0' : ''}`;
  // toExponential() without an argument gives the shortest digits that round-trip, like Python.
  const [mant = '', expStr = '0'] = Math.abs(x).toExponential().split('e');
  const digits = mant.replace('.', '');
  const exp = Number(expStr);
  const decpt = exp + 1; // x = 0.d1d2... * 10^decpt
  if (decpt <= -4 || decpt > 16) {
    const frac = digits.length > 1 ? `.${digits.slice(1)}` : '';
    const e = Math.abs(exp).toString().padStart(2, '0');
    return `${s}${digits[0]}${frac}e${exp < 0 ? '-' : '+'}${e}`;
  }
  if (decpt <= 0) return `${s}0.${'0'.repeat(-decpt)}${digits}`;
  if (decpt >= digits.length) return `${s}${digits}${'0'.repeat(decpt - digits.length)}${addDot0 ? '.0' : ''}`;
  return `${s}${digits.slice(0, decpt)}.${digits.slice(decpt)}`;
}

/** Python's repr(complex): '1j', '(1+2j)', '(-0+1j)', '(nan-infj)'. */
export function pyComplex(re: number, im: number): string {
  if (re === 0 && !Object.is(re, -0)) return `${pyFloat(im, false)}j`;
  return `(${pyFloat(re, false)}${pyFloat(im, false, true)}j)`;
}

/** f'{x:.1%}': x*100 rounded half-even on its exact binary value, one decimal. */
export function pyPercent1(x: number): string {
  const y = x * 100;
  // toFixed(60) is exact for these magnitudes; do the half-even rounding on the digits ourselves,
  // because toFixed(1) rounds ties away from zero.
  const exact = y.toFixed(60);
  const dot = exact.indexOf('.');
  const keep = exact.slice(0, dot + 2);
  const rest = exact.slice(dot + 2);
  const half = rest[0] === '5' && /^5(0*)$/.test(rest);
  const up = rest[0] !== undefined && (rest[0] > '5' || (rest[0] === '5' && !half) || (half && Number(keep[keep.length - 1]) % 2 === 1));
  const tenths = BigInt(keep.replace('.', '').replace('-', '')) + (up ? 1n : 0n);
  const str = tenths.toString().padStart(2, '0');
  return `${str.slice(0, -1)}.${str.slice(-1)}%`;
}

/** A Python tuple of ints: (1,), (1, 2), (). */
export function pyIndex(index: readonly number[]): string {
  return index.length === 1 ? `(${index[0]},)` : `(${index.join(', ')})`;
}

/** torch.Size repr: torch.Size([2, 3]). */
export function torchSize(shape: readonly number[]): string {
  return `torch.Size([${shape.join(', ')}])`;
}
