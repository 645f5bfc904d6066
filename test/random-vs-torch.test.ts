// torch.manual_seed reproduction, checked bit for bit against live torch: uniform_ for all six dtypes,
// training-mode dropout masks, and nn.RNN's seeded initialisation. Every expected value comes from
// torch (python/testing/random_ref.py); NaNs compare equal to NaNs (their payload is not torch's contract), every other
// value must have torch's exact bit pattern (so -0 differs from 0).
import { beforeAll, describe, expect, it } from 'vitest';
import { DTYPES, realPart, type DType } from '../engine/dtype.js';
import { bf16FromBits, f16FromBits } from '../engine/half.js';
import { Generator, defaultGenerator, dropout_, manualSeed, uniform_ } from '../engine/random.js';
import { fma64 } from '../engine/uniform.js';
import { numel, zeros, type Tensor } from '../engine/tensor.js';
import { tensorBytes } from '../engine/tensor-bytes.js';
import { runToolJson } from './python-tools.js';

const RANDOM_SEED = Number(process.env.RANDOM_SEED ?? Date.now() % 2 ** 31);
console.log(`random-vs-torch: RANDOM_SEED=${RANDOM_SEED} (set RANDOM_SEED to replay)`);
const rng = new Generator(RANDOM_SEED);
const rand = (): number => rng.nextUnit53();
const randInt = (lo: number, hi: number): number => lo + Math.floor(rand() * (hi - lo + 1));

// ---------------------------------------------------------------------------------------------------
// The torch side: python/testing/random_ref.py, one process per batch of jobs; tensors come back as
// raw bytes (base64).

type Job = Record<string, unknown> & { kind: string };

function torch<T>(jobs: Job[]): T[] {
  return runToolJson<T[]>('random_ref.py', [], jobs);
}

// ---------------------------------------------------------------------------------------------------
// Bytes in torch's layout, and a bit-for-bit comparison that names the first difference.

const width = (d: DType): number => ({ float16: 2, bfloat16: 2, float32: 4, complex64: 4, float64: 8, complex128: 8 })[d];

/** Bytes in torch's memory layout: the one codec. */
const torchBytes = tensorBytes;

function valueAt(d: DType, bytes: Uint8Array, i: number): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const w = width(d);
  if (w === 8) return view.getFloat64(i * 8, true);
  if (w === 4) return view.getFloat32(i * 4, true);
  const h = view.getUint16(i * 2, true);
  return realPart(d) === 'float16' ? f16FromBits(h) : bf16FromBits(h);
}

function fromTorchBytes(dtype: DType, shape: number[], b64: string): Tensor {
  const bytes = new Uint8Array(Buffer.from(b64, 'base64'));
  const t = zeros(dtype, shape);
  for (let i = 0; i < t.data.length; i++) t.data[i] = valueAt(dtype, bytes, i);
  return t;
}

function expectSameBits(label: string, dtype: DType, ours: Uint8Array, theirsB64: string): void {
  const theirs = new Uint8Array(Buffer.from(theirsB64, 'base64'));
  expect(ours.length, `${label}: byte length`).toBe(theirs.length);
  if (Buffer.compare(ours, theirs) === 0) return;
  const w = width(dtype);
  const n = ours.length / w;
  let bad = 0;
  let first = '';
  for (let i = 0; i < n; i++) {
    const a = Buffer.from(ours.subarray(i * w, i * w + w));
    const b = Buffer.from(theirs.subarray(i * w, i * w + w));
    if (a.equals(b)) continue;
    const va = valueAt(dtype, ours, i);
    const vb = valueAt(dtype, theirs, i);
    if (Number.isNaN(va) && Number.isNaN(vb)) continue;
    if (bad++ === 0) first = `lane ${i}: ours ${va} (0x${a.reverse().toString('hex')}) torch ${vb} (0x${b.reverse().toString('hex')})`;
  }
  expect(bad, `${label}: ${bad} of ${n} lanes differ; first at ${first}`).toBe(0);
}

/** The message f throws, or '' if it does not. */
function attempt(f: () => void): string {
  try {
    f();
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
  return '';
}

const SEEDS: (number | bigint)[] = [0, 42, 2n ** 32n + 5n, -1, -42, -(2n ** 63n), 2n ** 64n - 1n, 67280421310721n, 1, 123456789];
const randomSeed = (): bigint => BigInt(randInt(0, 2 ** 31)) * BigInt(randInt(1, 2 ** 31)) - (rand() < 0.3 ? 2n ** 62n : 0n);

// Tests register their jobs while vitest collects them; one torch process answers them all.
const pending: Job[] = [];
let answers: unknown[] = [];
function ask<T>(jobs: Job[]): () => T[] {
  const start = pending.length;
  pending.push(...jobs);
  return () => answers.slice(start, start + jobs.length) as T[];
}
const info = ask<{ torch: string; capability: string; cpu: string }>([{ kind: 'info' }]);
beforeAll(() => {
  answers = torch(pending);
  const [i] = info();
  console.log(`random-vs-torch: torch ${i.torch}, CPU capability ${i.capability}, CPU ${i.cpu}`);
});

// ---------------------------------------------------------------------------------------------------
describe('the generator', () => {
  const check42 = ask<{ tensors: string[] }>([{ kind: 'uniform', seed: '42', dtype: 'float32', draws: [{ shape: [5], a: -1, b: 1 }] }]);
  it('reproduces the spec check value: manual_seed(42); empty(5).uniform_(-1, 1)', () => {
    const [r] = check42();
    manualSeed(42);
    const ours = uniform_(zeros('float32', [5]), -1, 1);
    expectSameBits('seed 42', 'float32', torchBytes(ours), r.tensors[0]);
    expect(Array.from(ours.data)).toEqual([0.7645385265350342, 0.8300079107284546, -0.23427248001098633, 0.9186112880706787, -0.21910357475280762]);
  });

  const seeds = [...SEEDS, randomSeed(), randomSeed()];
  const bits = ask<{ values?: string[]; initial_seed?: string }>(
    seeds.flatMap((s) => [
      { kind: 'bits64', seed: String(s), n: 700 }, // crosses a twist of the 624-word state
      { kind: 'uniform', seed: String(s), dtype: 'float32', draws: [] },
    ]),
  );
  it('random64() and initial_seed() match torch for edge and random seeds', () => {
    const res = bits();
    seeds.forEach((s, k) => {
      const g = new Generator(s);
      const ours = Array.from({ length: 700 }, () => g.nextU64().toString());
      expect(ours, `seed ${s}`).toEqual(res[2 * k].values);
      expect(g.initialSeed().toString(), `initial_seed for ${s}`).toBe(res[2 * k + 1].initial_seed);
      // nextU32 is the same stream, one word at a time
      const h = new Generator(s);
      const words = Array.from({ length: 10 }, () => h.nextU32());
      expect(words.map((w, i) => (i % 2 ? '' : ((BigInt(w) << 32n) | BigInt(words[i + 1])).toString())).filter(Boolean), `seed ${s}`).toEqual(ours.slice(0, 5));
    });
  });
});

// ---------------------------------------------------------------------------------------------------
describe('uniform_ vs torch, bit for bit', () => {
  const asymmetric = (dtype: DType): [number, number] => {
    const lim = realPart(dtype) === 'float16' ? 30000 : 1e6;
    const a = (rand() * 2 - 1) * 10 ** randInt(-6, 4);
    const b = a + rand() * 10 ** randInt(-6, 4);
    return [Math.max(-lim, a), Math.min(lim, b)];
  };
  const FIXED: [number, number][] = [[0, 1], [-1, 0], [0.1, 0.1], [-3, 7.5], [1e-3, 1e-3 + 1e-9], [-1000, 20000], [2, 2.0000001]];

  for (const dtype of DTYPES) {
    const jobs: Job[] = [];
    for (let H = 1; H <= 129; H++) {
      const k = 1 / Math.sqrt(H);
      const seed = H <= SEEDS.length ? SEEDS[H - 1] : randomSeed();
      const [a, b] = H <= FIXED.length ? FIXED[H - 1] : asymmetric(dtype);
      const draws = [
        { shape: [H, randInt(1, 9)], a: -k, b: k },
        { shape: [H, H], a: -k, b: k },
        { shape: [H], a: -k, b: k },
        { shape: [randInt(1, 40)], a, b },
        { shape: [2, H], a: -k, b: k },
      ];
      jobs.push({ kind: 'uniform', seed: String(seed), dtype, draws });
    }
    const answer = ask<{ tensors: string[] }>(jobs);
    it(`${dtype}: ±1/sqrt(H) for H = 1..129 and asymmetric bounds, state carried across tensors`, () => {
      const res = answer();
      jobs.forEach((job, j) => {
        const gen = new Generator(BigInt(job.seed as string));
        (job.draws as { shape: number[]; a: number; b: number }[]).forEach((d, i) => {
          const ours = uniform_(zeros(dtype, d.shape), d.a, d.b, gen);
          expectSameBits(`seed ${String(job.seed)} ${dtype} draw ${i} [${d.shape.join(', ')}] uniform_(${d.a}, ${d.b})`, dtype, torchBytes(ours), res[j].tensors[i]);
        });
      });
    });
  }

  const N = 2_000_000;
  const bounds: [number, number][] = [[-0.3, 0.7], [1e-3, 5], [-123.456, 1e-5], asymmetric('float64')];
  const big = ask<{ tensors: string[] }>(
    bounds.flatMap(([a, b]) => [
      { kind: 'uniform', seed: '7', dtype: 'float64', draws: [{ shape: [N], a, b }] },
      { kind: 'uniform', seed: '7', dtype: 'float32', draws: [{ shape: [N], a, b }] },
    ]),
  );
  it('float64 and float32: two million draws each for asymmetric bounds (an unfused x*r+a would fail)', () => {
    const res = big();
    let unfusedDiffers = 0;
    bounds.forEach(([a, b], k) => {
      const t64 = uniform_(zeros('float64', [N]), a, b, new Generator(7));
      expectSameBits(`float64 uniform_(${a}, ${b})`, 'float64', torchBytes(t64), res[2 * k].tensors[0]);
      const t32 = uniform_(zeros('float32', [N]), a, b, new Generator(7));
      expectSameBits(`float32 uniform_(${a}, ${b})`, 'float32', torchBytes(t32), res[2 * k + 1].tensors[0]);
      // the comparison discriminates: a plain double expression differs somewhere
      const g = new Generator(7);
      for (let i = 0; i < N; i++) {
        const x = g.nextUnit53();
        if (x * (b - a) + a !== fma64(x, b - a, a)) unfusedDiffers++;
      }
    });
    console.log(`random-vs-torch: an unfused double x*r+a would have differed on ${unfusedDiffers} of ${bounds.length * N} float64 draws`);
    expect(unfusedDiffers).toBeGreaterThan(0);
  });

  const BAD: [number, number][] = [[1, 0], [2, 1.5], [1e300, -1e300], [0.123456789, 0.1], [-1e20, -1e21], [12345678, 1234567], [1e-5, 1e-6], [-3e38, 3e38], [-1e308, 1e308], [NaN, 1], [1, NaN], [0, Infinity], [-Infinity, 0], [-70000, 70000], [-60000, 60000], [0.5, 0.5]];
  const badJobs = DTYPES.flatMap((dtype) => BAD.map(([a, b]) => ({ kind: 'uniform_error', dtype, a: String(a), b: String(b) })));
  const badAnswers = ask<{ error: string }>(badJobs);
  it("refuses bad bounds with torch's exception and words, for every dtype", () => {
    const res = badAnswers();
    badJobs.forEach((job, j) => {
      const t = zeros(job.dtype, [2]);
      let ours = '';
      try {
        uniform_(t, Number(job.a), Number(job.b), new Generator(1));
      } catch (e) {
        ours = String(e);
      }
      expect(ours, `${job.dtype} uniform_(${job.a}, ${job.b})`).toBe(res[j].error);
    });
  });

  const viaDefault = ask<{ tensors: string[] }>([{ kind: 'uniform', seed: '-7', dtype: 'complex128', draws: [{ shape: [3, 4], a: -0.5, b: 0.25 }, { shape: [5], a: 0, b: 1 }] }]);
  it('the default generator is what manualSeed seeds', () => {
    const [r] = viaDefault();
    expect(manualSeed(-7)).toBe(defaultGenerator);
    expectSameBits('default generator', 'complex128', torchBytes(uniform_(zeros('complex128', [3, 4]), -0.5, 0.25)), r.tensors[0]);
    expectSameBits('default generator, second tensor', 'complex128', torchBytes(uniform_(zeros('complex128', [5]), 0, 1)), r.tensors[1]);
  });
});

// ---------------------------------------------------------------------------------------------------
describe('dropout_ vs torch.nn.functional.dropout(training=True), bit for bit', () => {
  const SPECIAL = [NaN, Infinity, -Infinity, -0, 0, -1.5, 3, 60000, -65504, 1e30];
  const values = (n: number): Float64Array => {
    const v = new Float64Array(n);
    for (let i = 0; i < n; i++) v[i] = rand() < 0.15 ? SPECIAL[randInt(0, SPECIAL.length - 1)] : (rand() * 2 - 1) * 10 ** randInt(-3, 3);
    return v;
  };

  for (const dtype of ['float32', 'float64', 'float16', 'bfloat16'] as const) {
    const jobs: Job[] = [];
    const ps = [0, 0.25, 0.5, 0.9, 1, rand(), rand(), 1e-3, 0.999];
    for (const p of ps) {
      for (const seed of [0, 42, 2n ** 32n + 5n, -3, randomSeed()]) {
        const shape = [randInt(1, 7), randInt(1, 5), randInt(1, 12)];
        const x = values(numel(shape));
        jobs.push({ kind: 'dropout', seed: String(seed), dtype, p, shape, x: Buffer.from(x.buffer).toString('base64') });
      }
    }
    const answer = ask<{ x: string; y: string; after: string }>(jobs);
    it(`${dtype}: p in {0, 0.25, 0.5, 0.9, 1} and random p, with NaN/inf/-0 elements`, () => {
      const res = answer();
      jobs.forEach((job, j) => {
        const label = `seed ${String(job.seed)} ${dtype} p=${String(job.p)}`;
        const t = fromTorchBytes(dtype, job.shape as number[], res[j].x);
        const gen = new Generator(BigInt(job.seed as string));
        dropout_(t, job.p as number, gen);
        expectSameBits(label, dtype, torchBytes(t), res[j].y);
        // the generator advanced exactly as torch's did
        expectSameBits(`${label}: next draws`, 'float64', torchBytes(uniform_(zeros('float64', [4]), 0, 1, gen)), res[j].after);
      });
    });
  }

  const shape = [50, 40, 60];
  const largeJobs = [0.25, 0.5].map((p) => ({ kind: 'dropout', seed: '11', dtype: 'float32', p, shape, x: Buffer.from(values(numel(shape)).buffer).toString('base64') }));
  const large = ask<{ x: string; y: string; after: string }>(largeJobs);
  it('large tensors: masks over 100k elements (torch splits big kernels across threads)', () => {
    const res = large();
    const jobs = largeJobs;
    jobs.forEach((job, j) => {
      const t = fromTorchBytes('float32', shape, res[j].x);
      const gen = new Generator(11);
      dropout_(t, job.p, gen);
      expectSameBits(`p=${job.p}`, 'float32', torchBytes(t), res[j].y);
      expectSameBits(`p=${job.p}: next draws`, 'float64', torchBytes(uniform_(zeros('float64', [4]), 0, 1, gen)), res[j].after);
    });
  });

  const cshape = [4];
  const cx = Buffer.from(new Float64Array([1, -2, NaN, 0.5, Infinity, -0.25, -0, -3]).buffer).toString('base64');
  const cases = (['complex64', 'complex128'] as const).flatMap((dtype) => [0.5, 1, 0].map((p) => ({ dtype, p })));
  const complexAnswers = ask<{ x?: string; y?: string; error?: string }>(cases.map(({ dtype, p }) => ({ kind: 'dropout', seed: '3', dtype, p, shape: cshape, x: cx })));
  it('complex: 0 < p < 1 refuses with torch words; p = 1 is x * 0; p = 0 leaves x alone', () => {
    const res = complexAnswers();
    const shape = cshape;
    cases.forEach(({ dtype, p }, j) => {
      const r = res[j];
      if (p > 0 && p < 1) {
        const t = zeros(dtype, shape);
        expect(() => dropout_(t, p, new Generator(3))).toThrow(expect.objectContaining({ type: 'NotImplementedError' }));
        expect(String(r.error)).toBe(`NotImplementedError: ${attempt(() => dropout_(t, p, new Generator(3)))}`);
        return;
      }
      if (r.x === undefined || r.y === undefined) throw new Error(`torch refused ${dtype} p=${p}: ${r.error}`);
      const t = fromTorchBytes(dtype, shape, r.x);
      dropout_(t, p, new Generator(3));
      expectSameBits(`${dtype} p=${p}`, dtype, torchBytes(t), r.y);
    });
  });
});

// ---------------------------------------------------------------------------------------------------
describe('nn.RNN init: torch.manual_seed(s); nn.RNN(**cfg).state_dict() from uniform_ alone', () => {
  interface Cfg { input_size: number; hidden_size: number; num_layers: number; bias: boolean; bidirectional: boolean; dtype: DType }

  /** reset_parameters: every parameter, in registration order, gets uniform_(-1/sqrt(H), 1/sqrt(H)). */
  function initRnn(cfg: Cfg, gen: Generator): [string, number[], Tensor][] {
    const H = cfg.hidden_size;
    const k = 1 / Math.sqrt(H);
    const D = cfg.bidirectional ? 2 : 1;
    const out: [string, number[], Tensor][] = [];
    for (let l = 0; l < cfg.num_layers; l++) {
      for (let dir = 0; dir < D; dir++) {
        const sfx = `_l${l}${dir ? '_reverse' : ''}`;
        const shapes: [string, number[]][] = [[`weight_ih${sfx}`, [H, l === 0 ? cfg.input_size : D * H]], [`weight_hh${sfx}`, [H, H]]];
        if (cfg.bias) shapes.push([`bias_ih${sfx}`, [H]], [`bias_hh${sfx}`, [H]]);
        for (const [name, shape] of shapes) out.push([name, shape, uniform_(zeros(cfg.dtype, shape), -k, k, gen)]);
      }
    }
    return out;
  }

  const jobs: Job[] = [];
  for (const dtype of DTYPES) {
    const seeds = [0, 42, 2n ** 32n + 5n, -1, -(2n ** 63n), randomSeed(), randomSeed()];
    seeds.forEach((seed, i) => {
      const cfg: Cfg = { input_size: randInt(1, 10), hidden_size: i === 0 ? 1 : randInt(1, 40), num_layers: randInt(1, 3), bias: rand() < 0.8, bidirectional: rand() < 0.5, dtype };
      jobs.push({ kind: 'rnn', seed: String(seed), cfg });
    });
  }
  const answer = ask<{ params: [string, number[], string][] }>(jobs);
  it('all six dtypes, edge and random seeds, random configs', () => {
    const res = answer();
    jobs.forEach((job, j) => {
      const cfg = job.cfg as Cfg;
      const ours = initRnn(cfg, new Generator(BigInt(job.seed as string)));
      const label = `seed ${String(job.seed)} cfg ${JSON.stringify(cfg)}`;
      expect(ours.map(([n, s]) => [n, s]), label).toEqual(res[j].params.map(([n, s]) => [n, s]));
      ours.forEach(([name, , t], i) => expectSameBits(`${label} ${name}`, cfg.dtype, torchBytes(t), res[j].params[i][2]));
    });
  });
});
