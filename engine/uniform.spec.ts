// Exact arithmetic under uniform_: the fast fma64 / fmaF32 / roundSumToF32 against exact BigInt
// arithmetic, on random and adversarial inputs. (uniform_'s values themselves are checked against
// live torch in test/random-vs-torch.test.ts.)
import { describe, expect, it } from 'vitest';
import { Generator } from './mt19937.js';
import { fma64, fmaExact, fmaF32, roundSumToF32, uniform_ } from './uniform.js';
import { zeros } from './tensor.js';
import type { DType } from './dtype.js';

const SEED = Number(process.env.RANDOM_SEED ?? Date.now() % 2 ** 31);
console.log(`uniform.spec: RANDOM_SEED=${SEED}`);
// made at the first draw, not while vitest collects the file: a mutant that makes the constructor throw
// must fail a test, and Stryker's vitest runner counts a file that fails to collect as no failure
let gen: Generator | undefined;
const g = { nextUnit53: (): number => (gen ??= new Generator(SEED)).nextUnit53(), nextU32: (): number => (gen ??= new Generator(SEED)).nextU32() };
const u = (): number => g.nextUnit53();
/** A random double with a random exponent in [-e, e] and random sign. */
const anyDouble = (e: number): number => (u() < 0.5 ? -1 : 1) * (1 + u()) * 2 ** Math.floor((u() * 2 - 1) * e);

/** x = m * 2^e exactly (x finite, nonzero). */
function parts(x: number): [bigint, number] {
  const v = new DataView(new ArrayBuffer(8));
  v.setFloat64(0, x);
  const hi = v.getUint32(0);
  const exp = (hi >>> 20) & 0x7ff;
  const m = (BigInt(hi & 0xfffff) << 32n) | BigInt(v.getUint32(4)) | (exp ? 1n << 52n : 0n);
  return [hi >>> 31 ? -m : m, exp ? exp - 1075 : -1074];
}

/** Reference for fmaF32: x*r + a computed exactly in BigInt, rounded once to 24 bits (normal range). */
function f32Exact(x: number, r: number, a: number): number {
  if (x === 0 || r === 0) return Math.fround(a);
  const [mx, ex] = parts(x);
  const [mr, er] = parts(r);
  const [ma, ea] = a === 0 ? [0n, 0] : parts(a);
  const e0 = Math.min(ex + er, ea);
  let m = ((mx * mr) << BigInt(ex + er - e0)) + (ma << BigInt(ea - e0));
  if (m === 0n) return x * r + a;
  const neg = m < 0n;
  if (neg) m = -m;
  const shift = m.toString(2).length - 24;
  let e = e0;
  if (shift > 0) {
    const q = m >> BigInt(shift);
    const rem = m - (q << BigInt(shift));
    const half = 1n << BigInt(shift - 1);
    m = rem > half || (rem === half && (q & 1n) === 1n) ? q + 1n : q;
    e += shift;
  }
  const v = Number(m) * 2 ** e;
  return neg ? -v : v;
}

describe('fma64 is correctly rounded', () => {
  it('known values', () => {
    expect(fma64(0.1, 10, -1)).toBe(2 ** -54);
    expect(fmaExact(0.1, 10, -1)).toBe(2 ** -54);
    expect(fma64(1 + 2 ** -52, 1 - 2 ** -52, -1)).toBe(-(2 ** -104));
    expect(fma64(2, 3, 4)).toBe(10);
    expect(Object.is(fma64(0, 5, -0), 0)).toBe(true);
  });

  it('matches exact BigInt arithmetic on 300k uniform_-shaped and general triples', () => {
    let bad = 0;
    let first = '';
    for (let i = 0; i < 300_000; i++) {
      const x = i % 3 === 0 ? anyDouble(60) : Math.floor(u() * 2 ** 53) * 2 ** -53;
      const y = i % 2 ? anyDouble(30) : anyDouble(4);
      const z = i % 5 === 0 ? -x * y * (1 + (u() - 0.5) * 2 ** -40) : anyDouble(i % 7 === 0 ? 300 : 8);
      const got = fma64(x, y, z);
      const want = fmaExact(x, y, z);
      if (!Object.is(got, want) && bad++ === 0) first = `fma64(${x}, ${y}, ${z}) = ${got}, exact ${want}`;
    }
    expect(bad, first).toBe(0);
  });

  it('matches exact arithmetic on 20k generated ties (x*y + z within 2^-100 of a double midpoint)', () => {
    // x*y = k*m*2^-133 = 2^-53 + delta*2^-133: added to z in [1, 2) the sum sits next to z's midpoint
    let bad = 0;
    let naiveWrong = 0;
    let first = '';
    for (let n = 0; n < 20_000; n++) {
      const k = BigInt(2 ** 27 + Math.floor(u() * 2 ** 27));
      const up = u() < 0.5;
      const m = (1n << 80n) / k + (up ? 1n : 0n);
      if (k * m === 1n << 80n) continue;
      const scale = 2 ** Math.floor((u() * 2 - 1) * 100);
      const sign = u() < 0.5 ? -1 : 1;
      const x = Number(k) * 2 ** -53;
      const y = sign * Number(m) * 2 ** -80 * scale;
      const z = sign * (1 + Math.floor(u() * 2 ** 52) * 2 ** -52) * scale;
      const got = fma64(x, y, z);
      const want = fmaExact(x, y, z);
      if (!Object.is(got, want) && bad++ === 0) first = `fma64(${x}, ${y}, ${z}) = ${got}, exact ${want}`;
      if (!Object.is(x * y + z, want)) naiveWrong++;
    }
    expect(bad, first).toBe(0);
    expect(naiveWrong, 'the generated cases are real ties').toBeGreaterThan(1000);
  });

  it("agrees with glibc's fma at each bound of the fast path, in the exact path's corners and on non-finite operands", () => {
    // expected: glibc 2.36's fma(x, y, z), printed by Python 3.11 (ctypes.CDLL('libm.so.6').fma) in .venv
    const MAX = Number.MAX_VALUE;
    const cases: [number, number, number, number][] = [
      // one guard bound broken at a time (Veltkamp's split of 2^1000 overflows; x*y or z + x*y overflow): the fast path gives NaN
      [2 ** 1000, 2 ** -10, 1, 2 ** 990],
      [2 ** -10, 2 ** 1000, 1, 2 ** 990],
      [2 ** 600, 2 ** 500, 1, Infinity],
      [2 ** 990, 2 ** 5, MAX, Infinity],
      // a product that underflows to -0, a zero factor: the sign of a zero sum
      [2 ** -600, -(2 ** -600), 0, -0],
      [2 ** -600, 2 ** -600, -0, 0],
      [1, -0, -0, -0],
      [2 ** 1000, -0, -0, -0],
      // a subnormal result rounded once: 2^-1074 * 1.5 * (1 - 2^-60) is 2^-1074 (53 bits first would give 1.5, then 2^-1073)
      [2 ** -500 * (1 + 2 ** -30), 1.5 * (1 - 2 ** -30) * 2 ** -574, 0, 2 ** -1074],
      // a sum of 1074 + 1 bits: rounded to 53 bits before scaling (Number() of it is Infinity)
      [1e300, 1e-300, 1e-320, 1],
      [3, 2 ** -1074, 2 ** -1073, 5 * 2 ** -1074], // subnormal operands on the exact path
      [Infinity, 2, 1, Infinity],
      [NaN, 2, 1, NaN],
      [Infinity, 0, 1, NaN],
      [2, 3, NaN, NaN],
      [2, 3, Infinity, Infinity],
      [Infinity, 1, Infinity, Infinity],
      [2, -Infinity, Infinity, NaN],
      [1, 2, -Infinity, -Infinity],
      [1e308, 10, -Infinity, -Infinity], // x*y is finite in an fma: fl(x*y) + z would be NaN
    ];
    for (const [x, y, z, want] of cases) {
      expect(fma64(x, y, z), `fma64(${x}, ${y}, ${z})`).toBe(want);
      expect(fmaExact(x, y, z), `fmaExact(${x}, ${y}, ${z})`).toBe(want);
    }
  });

  it("agrees with glibc's fma where the round-to-odd step decides the tie", () => {
    // expected: glibc 2.36's fma(x, y, z), printed by Python 3.11 (ctypes.CDLL('libm.so.6').fma) in .venv;
    // operands and results as IEEE-754 bit patterns (x*y = uh + ul, z + uh = th + tl, v = fl(tl + ul) + err)
    const d = (hex: string): number => new DataView(new BigUint64Array([BigInt(`0x${hex}`)]).buffer).getFloat64(0, true);
    const cases: [string, string, string, string][] = [
      // v = 2^-53 + 2^-105 is odd, err < 0: kept (nudged to 2^-53, th - v would be a tie, to even)
      ['3ff0000000000001', '3fc0000000000003', 'bffe000000000000', 'bffbffffffffffff'],
      // v has a nonzero low word and err is of the other sign: one ulp less (not a borrow from the high word)
      ['3fefffffffffe892', '3fd0000000000005', '3ffc0000000002ec', '3fffffffffffffff'],
      // th odd, v = ulp(th)/2 from a sum just below it (err < 0): v's low word is 0, the nudge borrows
      ['3ff0000006d51132', '3ff0000005c77379', '3c607e96d66d2bbf', '3ff000000c9c84ad'],
    ];
    for (const [x, y, z, want] of cases) {
      expect(fma64(d(x), d(y), d(z)), `fma64(${x}, ${y}, ${z})`).toBe(d(want));
      expect(fmaExact(d(x), d(y), d(z)), `fmaExact(${x}, ${y}, ${z})`).toBe(d(want));
    }
  });

  it('extreme magnitudes go through the exact path', () => {
    for (const [x, y, z] of [[1e-200, 1e-200, 1e-310], [1e300, 1e10, -1e308], [3, 2 ** -1074, 2 ** -1073], [1e-170, 1e-170, -1e-320]]) {
      expect(fma64(x, y, z)).toBe(fmaExact(x, y, z));
    }
  });
});

describe('float32: one rounding', () => {
  it('roundSumToF32 breaks double-rounding ties by the low part', () => {
    const mid = 1 + 2 ** -24; // halfway between 1 and the next float32
    expect(roundSumToF32(mid, 2 ** -80)).toBe(1 + 2 ** -23);
    expect(roundSumToF32(mid, -(2 ** -80))).toBe(1);
    expect(roundSumToF32(mid, 0)).toBe(1); // tie to even
    const below = 1 - 2 ** -25; // halfway between 1 - 2^-24 and 1
    expect(roundSumToF32(below, -(2 ** -80))).toBe(1 - 2 ** -24);
    expect(roundSumToF32(below, 2 ** -80)).toBe(1);
    const top = 3.4028234663852886e38 + 2 ** 103; // halfway between FLT_MAX and 2^128
    expect(roundSumToF32(top, -1)).toBe(3.4028234663852886e38);
    expect(roundSumToF32(top, 1)).toBe(Infinity);
  });

  it("fmaF32 agrees with glibc's fmaf at the overflow midpoint, beyond it, and on a tie decided by a's low part", () => {
    // expected: glibc 2.36's fmaf(x, r, a), printed by Python 3.11 (ctypes.CDLL('libm.so.6').fmaf) in .venv
    const FLT_MAX = 3.4028234663852886e38;
    expect(fmaF32(0.5, 2 ** 104, FLT_MAX)).toBe(Infinity); // exactly FLT_MAX + 2^103: the tie goes to 2^128
    expect(fmaF32(-0.5, 2 ** 104, -FLT_MAX)).toBe(-Infinity);
    expect(fmaF32(2 ** 100, 2 ** 100, -1)).toBe(Infinity); // 2^200 - 1
    // x*r = 1 + 2^-24 exactly (24929 * 673 = 2^24 + 1), a = 2^-60 lost in the double sum, |x*r| > |a|: rounds up
    expect(fmaF32(24929 * 2 ** -24, 673, 2 ** -60)).toBe(1 + 2 ** -23);
  });

  it('fmaF32 resolves a double-rounding tie that Math.fround(x*r + a) gets wrong', () => {
    // x*r = (2^32 + 1) * 2^-56 = 641 * 6700417 * 2^-56: exact sum 1 + 2^-24 + 2^-56, a double tie
    const x = 641 * 2 ** -24;
    const r = 6700417 * 2 ** -32;
    expect(Math.fround(x * r + 1)).toBe(1);
    expect(fmaF32(x, r, 1)).toBe(1 + 2 ** -23);
    expect(f32Exact(x, r, 1)).toBe(1 + 2 ** -23);
  });

  it('fmaF32 matches exact rounding on 20k generated double-rounding ties', () => {
    // x*r = k*m*2^-64 = 2^-24 + delta*2^-64 with |delta| < 2^11: added to a float f in [1, 2) the exact
    // sum sits within 2^-53 of the float32 midpoint f + 2^-24, so a double lands exactly on the tie.
    let bad = 0;
    let naiveWrong = 0;
    let first = '';
    for (let n = 0; n < 20_000; ) {
      const k = 2 ** 16 + Math.floor(u() * 3 * 2 ** 16);
      const up = u() < 0.5;
      const m = up ? Math.ceil(2 ** 40 / k) : Math.floor(2 ** 40 / k);
      const delta = k * m - 2 ** 40;
      if (delta === 0 || Math.abs(delta) >= 2 ** 11) continue;
      n++;
      const scale = 2 ** Math.floor((u() * 2 - 1) * 20);
      const sign = u() < 0.5 ? -1 : 1;
      const x = k * 2 ** -24;
      const r = sign * m * 2 ** -40 * scale;
      const a = sign * Math.fround(1 + Math.floor(u() * 2 ** 23) * 2 ** -23) * scale;
      const got = fmaF32(x, r, a);
      const want = f32Exact(x, r, a);
      if (!Object.is(got, want) && bad++ === 0) first = `fmaF32(${x}, ${r}, ${a}) = ${got}, exact ${want}`;
      if (!Object.is(Math.fround(x * r + a), want)) naiveWrong++;
    }
    expect(bad, first).toBe(0);
    expect(naiveWrong, 'the generated cases are real ties').toBeGreaterThan(1000);
  });

  it('fmaF32 matches exact rounding on 300k float32 triples', () => {
    let bad = 0;
    let first = '';
    for (let i = 0; i < 300_000; i++) {
      const x = (g.nextU32() & 0xffffff) * 2 ** -24;
      const r = Math.fround(anyDouble(6));
      const a = Math.fround(anyDouble(6));
      const got = fmaF32(x, r, a);
      const want = f32Exact(x, r, a);
      if (!Object.is(got, want) && bad++ === 0) first = `fmaF32(${x}, ${r}, ${a}) = ${got}, exact ${want}`;
    }
    expect(bad, first).toBe(0);
  });
});

describe('uniform_ values in the corners (torch 2.13)', () => {
  it('a float32 draw on a rounding tie that `from` decides, and draws rounding up to `to` that become `from`', () => {
    // torch.empty(8, dtype=d).uniform_(a, b, generator=torch.Generator().manual_seed(s)), torch 2.13 (float.hex)
    // seed 57, draw 2: (random() & 0xffffff) * 673 is odd in [2^24, 2^25): x*673 is a float32 midpoint, and 2^-60 decides it
    const tie = uniform_(zeros('float32', [8]), 2 ** -60, 673, new Generator(57));
    expect(Array.from(tie.data)).toEqual([0x1e69716 * 2 ** -17, 0x1ba232 * 2 ** -12, 0x1701926 * 2 ** -24, 0x115dbdc * 2 ** -16, 0x137c738 * 2 ** -17, 0x11cafc6 * 2 ** -16, 0x17920f6 * 2 ** -16, 0x115d0be * 2 ** -15]);
    // to - from = 1 at the dtype's last integer step: every draw over one half rounds to `to`, which torch turns into `from`
    for (const [d, a] of [['float64', 2 ** 52], ['float32', 2 ** 23], ['float16', 1024], ['bfloat16', 128]] as const) {
      expect(Array.from(uniform_(zeros(d, [8]), a, a + 1, new Generator(5)).data), d).toEqual(new Array(8).fill(a));
    }
  });

  it('two tensors drawn in turn from one generator, each dtype: every draw and no extra one', () => {
    // g = torch.Generator().manual_seed(1); torch.empty(2, dtype=d).uniform_(0, 1, generator=g) twice, torch 2.13 (float.hex)
    const want = {
      float64: [0x1f425ff4780eb0 * 2 ** -57, 0x1cbe33baf05120 * 2 ** -55, 0x1dfbfc83330e24 * 2 ** -55, 0x16ab2fff047a14 * 2 ** -55],
      float32: [0x183e84a * 2 ** -25, 0x11e03ac * 2 ** -26, 0x19cbe30 * 2 ** -26, 0x1782890 * 2 ** -25],
      float16: [0x184 * 2 ** -9, 0x11e * 2 ** -10, 0x19cc * 2 ** -14, 0x1784 * 2 ** -13],
    } as const;
    for (const d of ['float64', 'float32', 'float16'] as const) {
      const g = new Generator(1);
      const got = [...uniform_(zeros(d, [2]), 0, 1, g).data, ...uniform_(zeros(d, [2]), 0, 1, g).data];
      expect(got, d).toEqual(want[d]);
    }
  });

  it('from = to draws `from` everywhere, and from = -max, to = -max, from = max are in bounds', () => {
    // torch.empty(3, dtype=d).uniform_(a, b, generator=torch.Generator().manual_seed(1)), torch 2.13
    expect(Array.from(uniform_(zeros('float32', [3]), 2, 2, new Generator(1)).data)).toEqual([2, 2, 2]);
    expect(Array.from(uniform_(zeros('float16', [3]), 65504, 65504, new Generator(1)).data)).toEqual([65504, 65504, 65504]);
    expect(Array.from(uniform_(zeros('float16', [3]), -65504, -65504, new Generator(1)).data)).toEqual([-65504, -65504, -65504]);
    expect(Array.from(uniform_(zeros('float16', [3]), -65504, 0, new Generator(1)).data)).toEqual([-15880, -47200, -39104]);
  });
});

describe('uniform_ argument checks (torch words, checked live in test/random-vs-torch.test.ts)', () => {
  it('refuses from > to and out-of-range bounds without drawing', () => {
    const gen = new Generator(1);
    const before = gen.clone().nextU32();
    expect(() => uniform_(zeros('float32', [2]), 1, 0, gen)).toThrow('uniform_ expects to return a [from, to) range, but found from=1 > to=0');
    expect(() => uniform_(zeros('float16', [2]), -70000, 1, gen)).toThrow('from is out of bounds for c10::Half');
    expect(gen.nextU32()).toBe(before);
  });

  it("every check in torch's order, numbers as C++ prints them (%g), each dtype's limit and names", () => {
    // torch.empty(2, dtype=d).uniform_(a, b)'s RuntimeError, torch 2.13
    const cases: [DType, number, number, string][] = [
      ['float64', -1e308, 1e308, 'uniform_ expects to-from <= std::numeric_limits<Double>::max(), but found to=1e+308 and from=-1e+308 which result in to-from to exceed the limit'],
      ['float16', 0, 70000, 'to is out of bounds for c10::Half'],
      ['bfloat16', -4e38, 0, 'from is out of bounds for c10::BFloat16'],
      ['float32', 0, 3.5e38, 'to is out of bounds for float'],
      ['float32', 1.5e-5, 1e-5, 'uniform_ expects to return a [from, to) range, but found from=1.5e-05 > to=1e-05'],
      ['float64', 123456789, 0.5, 'uniform_ expects to return a [from, to) range, but found from=1.23457e+08 > to=0.5'],
      ['float64', 0.000123, 0.0001, 'uniform_ expects to return a [from, to) range, but found from=0.000123 > to=0.0001'],
      ['float64', -0, -1, 'uniform_ expects to return a [from, to) range, but found from=-0 > to=-1'],
      ['float64', NaN, 1, 'from is out of bounds for double'],
      ['float64', 0, Infinity, 'to is out of bounds for double'],
      ['float32', -3e38, 3e38, 'uniform_ expects to-from <= std::numeric_limits<Float>::max(), but found to=3e+38 and from=-3e+38 which result in to-from to exceed the limit'],
      ['float16', -60000, 60000, 'uniform_ expects to-from <= std::numeric_limits<Half>::max(), but found to=60000 and from=-60000 which result in to-from to exceed the limit'],
      ['bfloat16', -3e38, 3e38, 'uniform_ expects to-from <= std::numeric_limits<BFloat16>::max(), but found to=3e+38 and from=-3e+38 which result in to-from to exceed the limit'],
      ['float64', 1234567, 999999.5, 'uniform_ expects to return a [from, to) range, but found from=1.23457e+06 > to=1e+06'],
      ['float64', 100000, 0.25, 'uniform_ expects to return a [from, to) range, but found from=100000 > to=0.25'],
      ['complex64', 2, 1, 'uniform_ expects to return a [from, to) range, but found from=2 > to=1'],
      ['complex128', -1e308, 1e308, 'uniform_ expects to-from <= std::numeric_limits<Double>::max(), but found to=1e+308 and from=-1e+308 which result in to-from to exceed the limit'],
      ['float64', 2.5e-300, 1e-300, 'uniform_ expects to return a [from, to) range, but found from=2.5e-300 > to=1e-300'],
      ['float16', 70000, 80000, 'from is out of bounds for c10::Half'],
      ['float16', -65504, -70000, 'to is out of bounds for c10::Half'],
    ];
    for (const [d, a, b, message] of cases) expect(() => uniform_(zeros(d, [2]), a, b, new Generator(1)), `${d} ${a} ${b}`).toThrow(message);
    // to - from exactly the dtype's max is accepted (torch 2.13 draws)
    for (const [d, a, b] of [['float16', 0, 65504], ['float16', -32752, 32752], ['float64', 0, Number.MAX_VALUE]] as const) {
      expect(() => uniform_(zeros(d, [2]), a, b, new Generator(1)), `${d} ${a} ${b}`).not.toThrow();
    }
  });
});
