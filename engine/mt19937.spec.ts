// The generator's own contract. Its outputs are checked against live torch (random64, initial_seed,
// every uniform_) in test/random-vs-torch.test.ts; here: the MT19937 standard value and the API.
import { describe, expect, it } from 'vitest';
import type * as Mt from './mt19937.js';

// imported inside each test, not at collection: the module builds defaultGenerator when it loads, so a mutant
// that makes the constructor throw breaks the import, and Stryker's vitest runner counts a file that fails to
// collect as no failure (12 of toU64's mutants survived a 2026-12-07c run that way)
const mt = (): Promise<typeof Mt> => import('./mt19937.js');

describe('Generator', () => {
  it('is a standard MT19937: the 10000th output for seed 5489 is 4123659995 (C++ [rand.predef])', async () => {
    const { Generator } = await mt();
    const g = new Generator(5489);
    let v = 0;
    for (let i = 0; i < 10_000; i++) v = g.nextU32();
    expect(v).toBe(4123659995);
  });

  it('starts from torch.Generator()’s seed 67280421310721 by default', async () => {
    const { DEFAULT_SEED, Generator } = await mt();
    expect(new Generator().initialSeed()).toBe(DEFAULT_SEED);
    expect(DEFAULT_SEED).toBe(67280421310721n);
  });

  it('wraps negative seeds to 2^64 + seed and keys the state on the low 32 bits', async () => {
    const { Generator } = await mt();
    expect(new Generator(-1).initialSeed()).toBe(2n ** 64n - 1n);
    expect(new Generator(-(2n ** 63n)).initialSeed()).toBe(2n ** 63n);
    const a = new Generator(5);
    const b = new Generator(2n ** 32n + 5n);
    expect([a.nextU32(), a.nextU32()]).toEqual([b.nextU32(), b.nextU32()]);
    expect(b.initialSeed()).toBe(2n ** 32n + 5n);
  });

  it('refuses seeds outside [-2^63, 2^64) as torch does', async () => {
    const { Generator } = await mt();
    expect(() => new Generator(2n ** 64n)).toThrow('Overflow when unpacking long long');
    expect(() => new Generator(-(2n ** 63n) - 1n)).toThrow('Overflow when unpacking long long');
    expect(() => new Generator(NaN)).toThrow('cannot convert float NaN to integer');
    // torch.manual_seed(float('inf')) / (float('-inf')), torch 2.13: OverflowError (int(inf)), NaN a ValueError
    for (const s of [Infinity, -Infinity]) expect(() => new Generator(s)).toThrow(expect.objectContaining({ type: 'OverflowError', message: 'cannot convert float infinity to integer' }));
    expect(() => new Generator(NaN)).toThrow(expect.objectContaining({ type: 'ValueError' }));
  });

  it('truncates fractional number seeds like int(seed)', async () => {
    const { Generator } = await mt();
    expect(new Generator(1.9).initialSeed()).toBe(1n);
    expect(new Generator(-1.9).initialSeed()).toBe(2n ** 64n - 1n);
    expect(new Generator(0).initialSeed()).toBe(0n); // torch.Generator().manual_seed(0).initial_seed(), torch 2.13
  });

  it('every word of the twist: draws 227, 623 and 1247 of seed 7 (the two loops and the last word, twice)', async () => {
    const { Generator } = await mt();
    // torch.empty(1248).uniform_(0, 1, generator=torch.Generator().manual_seed(7))[i] * 2^24, torch 2.13
    const g = new Generator(7);
    const words = Array.from({ length: 1248 }, () => g.nextU32() & 0xffffff);
    expect([words[227], words[623], words[1247]]).toEqual([5604178, 1329366, 10599231]);
  });

  it('nextU64 joins two words, first high; nextUnit53 / nextUnit24 are its masked fractions', async () => {
    const { Generator } = await mt();
    const g = new Generator(99);
    const h = g.clone();
    const w1 = h.nextU32();
    const w2 = h.nextU32();
    const u64 = g.nextU64();
    expect(u64).toBe((BigInt(w1) << 32n) | BigInt(w2));
    const a = new Generator(99);
    expect(a.nextUnit53()).toBe(Number(u64 & (2n ** 53n - 1n)) / 2 ** 53);
    expect(a.nextUnit24()).toBe((h.nextU32() & 0xffffff) / 2 ** 24);
  });

  it('clone() replays the same stream, across a twist of the 624-word state', async () => {
    const { Generator } = await mt();
    const g = new Generator(7);
    for (let i = 0; i < 600; i++) g.nextU32();
    const c = g.clone();
    const a = Array.from({ length: 100 }, () => g.nextU32());
    expect(Array.from({ length: 100 }, () => c.nextU32())).toEqual(a);
  });

  it('manualSeed reseeds and returns the default generator', async () => {
    const { defaultGenerator, manualSeed } = await mt();
    expect(manualSeed(3)).toBe(defaultGenerator);
    const x = defaultGenerator.nextU32();
    manualSeed(3);
    expect(defaultGenerator.nextU32()).toBe(x);
    expect(defaultGenerator.manualSeed(3)).toBe(defaultGenerator);
  });
});
