// A float64 reference written straight from the formula (triple loops, nothing shared with the
// engine) agrees with the engine's float64 forward on random configurations (seeded fast-check).
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { Generator, RNN, tensor, type Tensor } from '../engine/index.js';

const SEED = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
console.log(`float64-reference: seed ${SEED} (reproduce with FC_SEED=${SEED})`);

interface Cfg { I: number; H: number; L: number; D: 1 | 2; relu: boolean; bias: boolean; batchFirst: boolean; T: number; N: number; hx: boolean; seed: number }

/** h_t = act(W_ih x_t + b_ih + W_hh h_{t-1} + b_hh), per layer and direction, on plain nested arrays. */
function reference(c: Cfg, sd: Record<string, Tensor>, x: number[][][], h0: number[][][]): { out: number[][][]; hN: number[][][] } {
  const act = c.relu ? (v: number): number => Math.max(v, 0) : Math.tanh;
  let input = x; // [T][N][features]
  const hN: number[][][] = [];
  for (let l = 0; l < c.L; l++) {
    const out = input.map((row) => row.map(() => new Array<number>(c.D * c.H).fill(0)));
    for (let d = 0; d < c.D; d++) {
      const sfx = `l${l}${d ? '_reverse' : ''}`;
      const inSize = l === 0 ? c.I : c.D * c.H;
      const W = (name: string, r: number, k: number, cols: number): number => sd[`${name}_${sfx}`].data[r * cols + k];
      const b = (name: string, r: number): number => (c.bias ? sd[`${name}_${sfx}`].data[r] : 0);
      let h = h0[l * c.D + d].map((row) => [...row]);
      for (let s = 0; s < c.T; s++) {
        const t = d ? c.T - 1 - s : s;
        h = h.map((hn, n) => {
          const next: number[] = [];
          for (let j = 0; j < c.H; j++) {
            let p = b('bias_ih', j);
            for (let k = 0; k < inSize; k++) p += W('weight_ih', j, k, inSize) * input[t][n][k];
            let g = b('bias_hh', j);
            for (let k = 0; k < c.H; k++) g += W('weight_hh', j, k, c.H) * hn[k];
            next.push(act(g + p));
          }
          return next;
        });
        h.forEach((hn, n) => hn.forEach((v, j) => (out[t][n][d * c.H + j] = v)));
      }
      hN[l * c.D + d] = h;
    }
    input = out;
  }
  return { out: input, hN };
}

const cfgArb: fc.Arbitrary<Cfg> = fc.record({
  I: fc.integer({ min: 1, max: 5 }), H: fc.integer({ min: 1, max: 5 }), L: fc.integer({ min: 1, max: 3 }),
  D: fc.constantFrom(1 as const, 2 as const), relu: fc.boolean(), bias: fc.boolean(), batchFirst: fc.boolean(),
  T: fc.integer({ min: 1, max: 6 }), N: fc.integer({ min: 0, max: 3 }), hx: fc.boolean(), seed: fc.integer({ min: 0, max: 1e9 }),
});

it('engine float64 == reference float64 (within 1e-12)', () => {
  fc.assert(
    fc.property(cfgArb, fc.infiniteStream(fc.double({ min: -3, max: 3, noNaN: true })), (c, vals) => {
      const rnn = new RNN({ inputSize: c.I, hiddenSize: c.H, numLayers: c.L, bidirectional: c.D === 2, nonlinearity: c.relu ? 'relu' : 'tanh', bias: c.bias, batchFirst: c.batchFirst, dtype: 'float64' }, { generator: new Generator(c.seed) });
      rnn.eval();
      const it = vals[Symbol.iterator]();
      const next = (): number => it.next().value as number;
      const x = Array.from({ length: c.T }, () => Array.from({ length: c.N }, () => Array.from({ length: c.I }, next)));
      const h0 = Array.from({ length: c.L * c.D }, () => Array.from({ length: c.N }, () => Array.from({ length: c.H }, () => (c.hx ? next() : 0))));
      const xIn = c.batchFirst ? Array.from({ length: c.N }, (_, n) => x.map((row) => row[n])) : x;
      const input = tensor('float64', c.batchFirst ? [c.N, c.T, c.I] : [c.T, c.N, c.I], xIn.flat(2));
      const hx = c.hx ? tensor('float64', [c.L * c.D, c.N, c.H], h0.flat(2)) : null;
      const [out, hN] = rnn.forward(input, hx);
      const ref = reference(c, rnn.stateDict(), x, h0);
      const refOut = c.batchFirst ? Array.from({ length: c.N }, (_, n) => ref.out.map((row) => row[n])) : ref.out;
      expect(out.shape).toEqual(c.batchFirst ? [c.N, c.T, c.D * c.H] : [c.T, c.N, c.D * c.H]);
      expect(hN.shape).toEqual([c.L * c.D, c.N, c.H]);
      refOut.flat(2).forEach((v, i) => expect(Math.abs(out.data[i] - v)).toBeLessThanOrEqual(1e-12));
      ref.hN.flat(2).forEach((v, i) => expect(Math.abs(hN.data[i] - v)).toBeLessThanOrEqual(1e-12));
    }),
    { seed: SEED, numRuns: 200 },
  );
});
