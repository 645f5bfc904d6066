// torch's CPU generator (at::CPUGeneratorImpl): a standard MT19937 seeded with the low 32 bits of a
// 64-bit seed. random() is one 32-bit output; random64() joins two, the first one high.

import { overflowError, valueError } from './errors.js';

const N = 624;
const M = 397;
const TWO_POW_32 = 2 ** 32;
const TWO_POW_64 = 1n << 64n;

/** torch's default_rng_seed_val: what a fresh process's generator starts from. */
export const DEFAULT_SEED = 67280421310721n;

/** A seed as torch stores it: an unsigned 64-bit integer, negative seeds wrapped (2^64 + seed). */
function toU64(seed: number | bigint): bigint {
  // int(nan) is a ValueError, int(inf) an OverflowError (torch.manual_seed, torch 2.13)
  if (Number.isNaN(seed)) throw valueError('cannot convert float NaN to integer');
  if (typeof seed === 'number' && !Number.isFinite(seed)) throw overflowError('cannot convert float infinity to integer');
  const s = typeof seed === 'number' ? BigInt(Math.trunc(seed)) : seed; // torch.manual_seed calls int(seed)
  if (s < -(1n << 63n) || s >= TWO_POW_64) throw valueError('Overflow when unpacking long long');
  return s < 0n ? s + TWO_POW_64 : s;
}

export class Generator {
  private readonly mt = new Uint32Array(N);
  private next = 0;
  private left = 1;
  private seed = DEFAULT_SEED;

  constructor(seed: number | bigint = DEFAULT_SEED) {
    this.manualSeed(seed);
  }

  manualSeed(seed: number | bigint): this {
    this.seed = toU64(seed);
    const mt = this.mt;
    mt[0] = Number(this.seed & 0xffffffffn);
    for (let j = 1; j < N; j++) {
      const s = mt[j - 1] ^ (mt[j - 1] >>> 30);
      mt[j] = Math.imul(1812433253, s) + j;
    }
    this.left = 1;
    this.next = 0;
    return this;
  }

  initialSeed(): bigint {
    return this.seed;
  }

  /** torch random(): one tempered 32-bit output. */
  nextU32(): number {
    if (--this.left === 0) this.twist();
    let y = this.mt[this.next++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** torch random64(): (first u32 << 32) | second u32. */
  nextU64(): bigint {
    const hi = this.nextU32();
    const lo = this.nextU32();
    return (BigInt(hi) << 32n) | BigInt(lo);
  }

  /** (random() & (2^24 - 1)) * 2^-24: torch's uniform float draw in [0, 1), exact. */
  nextUnit24(): number {
    return (this.nextU32() & 0xffffff) * 2 ** -24;
  }

  /** (random64() & (2^53 - 1)) * 2^-53: torch's uniform double draw in [0, 1), exact, without BigInt. */
  nextUnit53(): number {
    const hi = this.nextU32() & 0x1fffff;
    const lo = this.nextU32();
    return (hi * TWO_POW_32 + lo) * 2 ** -53;
  }

  /** An independent copy with the same state (for replaying draws). */
  clone(): Generator {
    const g = new Generator(this.seed);
    g.mt.set(this.mt);
    g.next = this.next;
    g.left = this.left;
    return g;
  }

  private twist(): void {
    const mt = this.mt;
    const mix = (u: number, v: number): number => {
      const y = (u & 0x80000000) | (v & 0x7fffffff);
      return (y >>> 1) ^ (v & 1 ? 0x9908b0df : 0);
    };
    let j = 0;
    for (; j < N - M; j++) mt[j] = mt[j + M] ^ mix(mt[j], mt[j + 1]);
    for (; j < N - 1; j++) mt[j] = mt[j + M - N] ^ mix(mt[j], mt[j + 1]);
    mt[N - 1] = mt[M - 1] ^ mix(mt[N - 1], mt[0]);
    this.left = N;
    this.next = 0;
  }
}

/** The generator torch.manual_seed seeds (torch's default CPU generator). */
export const defaultGenerator = new Generator();

/** torch.manual_seed(seed): reseeds the default generator and returns it. */
export function manualSeed(seed: number | bigint): Generator {
  return defaultGenerator.manualSeed(seed);
}
