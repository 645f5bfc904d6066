// runFastDirection on its own, on both backends: it runs (returns true) on every finite case and on real
// NaN/±inf, writes exactly its slots of out and h_n (a bidirectional layer's layout: outOff, outStride,
// hnOff), and matches a double-precision reference of the recurrence within torch's tolerance (the
// harness's comparator), across chunked sequences, reversed time, relu, no bias, no h0, short and long
// rows; complex64 with NaN or ±inf in any operand declines (returns false, writes nothing).
import { describe, expect, it } from 'vitest';
import { compareTensors, resolveTolerance } from '../../harness/compare/index.js';
import type { DType, Storage } from '../dtype.js';
import { Generator } from '../random.js';
import { zeros } from '../tensor.js';
import { backend, forceBackend, type BackendName } from './backend.js';
import { runFastDirection, type FastDirection } from './direction.js';
import { paddedWidth } from './pack.js';
import { CONST_END, SHAPES, type Kind } from './wasm-kernels.js';

const SEED = Number(process.env.RANDOM_SEED ?? Date.now() % 2 ** 31);
console.log(`fast direction: RANDOM_SEED=${SEED} (set RANDOM_SEED to replay)`);

const DTYPE: Record<Kind, DType> = { f32: 'float32', f64: 'float64', c64: 'complex64' };
const SENTINEL = 7; // outside tanh's range and never a relu output here: an untouched slot keeps it

interface Case {
  kind: Kind;
  T: number;
  N: number;
  K: number;
  H: number;
  relu?: boolean;
  reverse?: boolean;
  bias?: boolean;
  h0?: boolean;
  first?: boolean; // laid out as the first direction (outOff 0, hnOff 0) instead of the second
}

/** Complex tanh in double: (sinh 2a + i sin 2b) / (cosh 2a + cos 2b), for the moderate values used here. */
function ctanhRef(a: number, b: number): [number, number] {
  const d = Math.cosh(2 * a) + Math.cos(2 * b);
  return [Math.sinh(2 * a) / d, Math.sin(2 * b) / d];
}

/** The operands of one direction, laid out as the second direction of a bidirectional layer (D = 2). */
function operands(c: Case, g: Generator): FastDirection {
  const lanes = c.kind === 'c64' ? 2 : 1;
  const alloc = (n: number): Storage => (c.kind === 'f64' ? new Float64Array(n * lanes) : new Float32Array(n * lanes));
  const rnd = (n: number, scale: number): Storage => {
    const s = alloc(n);
    for (let i = 0; i < s.length; i++) s[i] = (2 * g.nextUnit53() - 1) * scale;
    return s;
  };
  const w = 0.5 / Math.sqrt(c.H + c.K); // a contracting recurrence: rounding is not amplified over 70 steps
  return {
    kind: c.kind, relu: !!c.relu, T: c.T, N: c.N, K: c.K, H: c.H, reverse: !!c.reverse,
    x: rnd(c.T * c.N * c.K, 1), wih: rnd(c.H * c.K, w), whh: rnd(c.H * c.H, w),
    bih: c.bias === false ? null : rnd(c.H, w), bhh: c.bias === false ? null : rnd(c.H, w), h0: c.h0 ? rnd(c.N * c.H, 1) : null,
    out: alloc(c.T * c.N * 2 * c.H).fill(SENTINEL), outOff: c.first ? 0 : c.H, outStride: 2 * c.H,
    hN: alloc(2 * c.N * c.H).fill(SENTINEL), hnOff: c.first ? 0 : c.N * c.H,
  };
}

/** h_t = act(W_ih·x_t + b_ih + W_hh·h_{t-1} + b_hh) in double (complex: interleaved pairs); out T×N×H, h_n N×H. */
function reference(a: FastDirection): { out: Float64Array; hN: Float64Array } {
  const { T, N, K, H } = a;
  const cplx = a.kind === 'c64';
  const l = cplx ? 2 : 1;
  const out = new Float64Array(T * N * H * l);
  let h = a.h0 ? Float64Array.from(a.h0) : new Float64Array(N * H * l);
  for (let s = 0; s < T; s++) {
    const t = a.reverse ? T - 1 - s : s;
    const next = new Float64Array(N * H * l);
    for (let n = 0; n < N; n++) {
      for (let j = 0; j < H; j++) {
        let [re, im] = [0, 0];
        const mac = (w: Storage, wi: number, v: ArrayLike<number>, vi: number) => {
          if (!cplx) return void (re += w[wi] * v[vi]);
          re += w[2 * wi] * v[2 * vi] - w[2 * wi + 1] * v[2 * vi + 1];
          im += w[2 * wi] * v[2 * vi + 1] + w[2 * wi + 1] * v[2 * vi];
        };
        for (let k = 0; k < K; k++) mac(a.wih, j * K + k, a.x, (t * N + n) * K + k);
        for (let k = 0; k < H; k++) mac(a.whh, j * H + k, h, n * H + k);
        for (const b of [a.bih, a.bhh]) {
          if (!b) continue;
          re += b[j * l];
          if (cplx) im += b[2 * j + 1];
        }
        const o = (n * H + j) * l;
        if (cplx) [next[o], next[o + 1]] = ctanhRef(re, im);
        else next[o] = a.relu ? (re >= 0 || Number.isNaN(re) ? re : 0) : Math.tanh(re);
      }
    }
    out.set(next, t * N * H * l);
    h = next;
  }
  return { out, hN: h };
}

/** Judged as the gate judges an engine against torch: the harness's comparator at the dtype's tolerance. */
function judge(kind: Kind, name: string, got: ArrayLike<number>, want: Float64Array, shape: number[]): string {
  const dtype = DTYPE[kind];
  const g = zeros(dtype, shape);
  const w = zeros(dtype, shape);
  g.data.set(got);
  w.data.set(want);
  const v = compareTensors(g, w, { ...resolveTolerance(dtype), name });
  return v.ok ? '' : v.message;
}

/** Runs one case; empty when it returned true, wrote exactly its slots and matched the reference. */
function check(c: Case, seed: number): string[] {
  const a = operands(c, new Generator(seed));
  const want = reference(a);
  const where = `${JSON.stringify(c)} seed ${seed}`;
  if (!runFastDirection(a)) return [`${where}: declined`];
  const { T, N, H } = a;
  const l = c.kind === 'c64' ? 2 : 1;
  const mine = new Float64Array(T * N * H * l);
  const [so, ho] = [a.outOff * l, a.hnOff * l]; // this direction's slot in a row of out, its h_n in hN
  const problems: string[] = [];
  for (let r = 0; r < T * N; r++) {
    for (let j = 0; j < 2 * H * l; j++) {
      const v = a.out[r * 2 * H * l + j];
      if (j >= so && j < so + H * l) mine[r * H * l + j - so] = v;
      else if (v !== SENTINEL) problems.push(`${where}: out row ${r} element ${j} (the other direction's) written`);
    }
  }
  for (let i = 0; i < 2 * N * H * l; i++) if ((i < ho || i >= ho + N * H * l) && a.hN[i] !== SENTINEL) problems.push(`${where}: h_n element ${i} (the other direction's) written`);
  problems.push(judge(c.kind, 'output', mine, want.out, [T, N, H]), judge(c.kind, 'h_n', a.hN.subarray(ho, ho + N * H * l), want.hN, [N, H]));
  return problems.filter((p) => p !== '').map((p) => (p.startsWith(where) ? p : `${where}: ${p}`));
}

const BACKENDS: BackendName[] = ['wasm-simd', 'typescript'];

function onBackend(name: BackendName, body: () => void): void {
  forceBackend(name);
  try {
    body();
  } finally {
    forceBackend(null);
  }
}

describe.each(BACKENDS)('runFastDirection on %s', (name) => {
  it.each(['f32', 'f64', 'c64'] as const)('%s: runs and matches the double reference, writing only its own slots', (kind) => {
    const real = kind !== 'c64';
    const cases: Case[] = [
      { kind, T: 3, N: 2, K: 5, H: 13, h0: true },
      { kind, T: 4, N: 3, K: 7, H: 9, reverse: true, bias: false },
      { kind, T: 70, N: 5, K: 6, H: 11, reverse: true, h0: true, relu: real }, // 2 chunks of 51 steps, backwards
      { kind, T: 70, N: 5, K: 4, H: 6, relu: real }, // 2 chunks forwards
      { kind, T: 120, N: 5, K: 48, H: 24, reverse: true }, // 3 chunks backwards
      { kind, T: 5, N: 2, K: 66, H: 70, h0: true }, // rows of 64 or more: copied as subarrays
      { kind, T: 2, N: 1, K: 1, H: 1, reverse: true },
      { kind, T: 3, N: 3, K: 4, H: 5, first: true, h0: true }, // the first direction: nothing past its own h_n rows
      { kind, T: 2, N: 2, K: 4, H: 8, first: true, reverse: true }, // H a whole panel: no padding column to absorb a stray write
      { kind, T: 2, N: 2, K: kind === 'f32' ? 8200 : 4100, H: 3, h0: true }, // 64 KiB row blocks of A hold fewer rows than a tile
    ];
    onBackend(name, () => {
      const problems = cases.flatMap((c, i) => check(c, SEED + i));
      expect(problems.slice(0, 5), `RANDOM_SEED=${SEED}`).toEqual([]);
    });
  });

  it.each(['f32', 'f64'] as const)('%s: NaN and ±inf run the fast path and propagate as the recurrence does', (kind) => {
    onBackend(name, () => {
      const problems: string[] = [];
      for (const [i, v] of [NaN, Infinity, -Infinity].entries()) {
        for (const relu of [false, true]) {
          const c: Case = { kind, T: 4, N: 3, K: 5, H: 6, relu, h0: true };
          const a = operands(c, new Generator(SEED + i));
          a.x[(1 * c.N + 1) * c.K + 2] = v; // x at t = 1, n = 1
          const want = reference(a);
          if (!runFastDirection(a)) problems.push(`${kind} ${v} relu=${relu}: declined`);
          const mine = Array.from({ length: c.T * c.N * c.H }, (_, r) => a.out[Math.floor(r / c.H) * 2 * c.H + c.H + (r % c.H)]);
          problems.push(judge(kind, `output (${v}, relu=${relu})`, mine, want.out, [c.T, c.N, c.H]));
          problems.push(judge(kind, `h_n (${v}, relu=${relu})`, a.hN.subarray(c.N * c.H), want.hN, [c.N, c.H]));
        }
      }
      expect(problems.filter((p) => p !== ''), `RANDOM_SEED=${SEED}`).toEqual([]);
    });
  });

  it('c64: declines (false, nothing written) with NaN or ±inf in any operand, real or imaginary part', () => {
    onBackend(name, () => {
      const fields = ['x', 'wih', 'whh', 'bih', 'bhh', 'h0'] as const;
      const problems: string[] = [];
      for (const [fi, f] of fields.entries()) {
        for (const v of [NaN, Infinity, -Infinity]) {
          const a = operands({ kind: 'c64', T: 3, N: 2, K: 3, H: 5, h0: true }, new Generator(SEED + fi));
          const s = a[f] as Storage;
          s[s.length - 1 - (fi % 2)] = v; // the last element's imaginary part, or its real part
          const ran = runFastDirection(a);
          if (ran || a.out.some((o) => o !== SENTINEL) || a.hN.some((o) => o !== SENTINEL)) problems.push(`${v} in ${f}: ran=${ran}`);
        }
      }
      expect(problems).toEqual([]);
    });
  });
});

describe('the linear memory', () => {
  // README: it holds the packed weights and one chunk of about 256 rows, never the whole sequence. On a
  // fresh TypeScript backend the first reserve() allocates exactly what the direction asks for.
  it.each(['f32', 'f64', 'c64'] as const)('%s: holds the constants, the packed weights and one chunk of at most 256 rows, whatever T is', (kind) => {
    const problems: string[] = [];
    for (const [N, K, H] of [[4, 3, 5], [1, 2, 9], [300, 1, 1]]) {
      const bytes = (T: number): number => {
        forceBackend('typescript');
        try {
          const a = operands({ kind, T, N, K, H, h0: true }, new Generator(SEED));
          expect(runFastDirection(a)).toBe(true);
          return backend().f32.byteLength;
        } finally {
          forceBackend(null);
        }
      };
      const { elt, complex } = SHAPES[kind];
      const Hp = paddedWidth(kind, H);
      const R = Math.max(256, N); // one chunk: at most 256 rows, or one step of N rows
      // weights, biases; X, P (one chunk), G, H0; each buffer rounded up to 16 bytes
      const most = CONST_END + 16 + (complex ? 2 : 1) * (elt * (Hp * K + Hp * H + 2 * Hp + R * K + R * Hp + 2 * N * Hp) + 8 * 16);
      const [short, long] = [bytes(Math.max(1, Math.floor(256 / N))), bytes(600)];
      if (long !== short) problems.push(`N=${N} K=${K} H=${H}: ${long} bytes for 600 steps, ${short} for one chunk`);
      if (long > most) problems.push(`N=${N} K=${K} H=${H}: ${long} bytes, more than the ${most} one chunk needs`);
    }
    expect(problems).toEqual([]);
  });
});
