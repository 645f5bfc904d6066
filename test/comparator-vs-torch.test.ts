// The comparator against real torch: (i) its verdicts and messages against torch.testing.assert_close
// on crafted and fuzzed pairs; (ii) the float64-oracle rule against honest and dishonest float32
// results that torch itself computes. Needs the project's torch: a missing torch fails, not skips.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bf16Bits, f16Bits } from '../engine/half.js';
import { isComplex, realPart, type DType } from '../engine/dtype.js';
import type { Tensor } from '../engine/tensor.js';
import { compareTensors } from '../harness/compare/index.js';
import { toDType } from '../harness/compare/dtype-math.js';
import { DEFAULT_TOLERANCES } from '../harness/compare/tolerances.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const PYTHON = process.env.RNN_CONFORMANCE_PYTHON ?? path.join(ROOT, '.venv/bin/python');
const DTYPES: DType[] = ['float16', 'bfloat16', 'float32', 'float64', 'complex64', 'complex128'];

// ---- helpers -----------------------------------------------------------------------------------

function mk(dtype: DType, shape: number[], values: number[]): Tensor {
  const d = realPart(dtype);
  const data = dtype === 'float64' || dtype === 'complex128' ? new Float64Array(values.length) : new Float32Array(values.length);
  values.forEach((v, i) => (data[i] = toDType(d, v)));
  return { dtype, shape, data };
}

/** Raw little-endian bytes, float16/bfloat16 as their bit patterns: never decimal text. */
function bytesOf(t: Tensor): Buffer {
  const d = realPart(t.dtype);
  if (d === 'float16' || d === 'bfloat16') {
    const u = new Uint16Array(t.data.length);
    t.data.forEach((v, i) => (u[i] = d === 'float16' ? f16Bits(v) : bf16Bits(v)));
    return Buffer.from(u.buffer);
  }
  return Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength);
}

interface Pair {
  actual: Tensor;
  expected: Tensor;
  rtol?: number;
  atol?: number;
}

/** torch.testing.assert_close(actual, expected, equal_nan=True) on every pair, in one process. */
function torchVerdicts(pairs: Pair[]): { ok: boolean; message: string }[] {
  const chunks: Buffer[] = [];
  let offset = 0;
  const spec = (t: Tensor) => {
    const b = bytesOf(t);
    chunks.push(b);
    const s = { dtype: t.dtype, shape: t.shape, offset, nbytes: b.length };
    offset += b.length;
    return s;
  };
  const header = { pairs: pairs.map((p) => ({ actual: spec(p.actual), expected: spec(p.expected), ...(p.rtol === undefined ? {} : { rtol: p.rtol, atol: p.atol }) })) };
  const json = Buffer.from(JSON.stringify(header));
  const len = Buffer.alloc(4);
  len.writeUInt32LE(json.length);
  const r = spawnSync(PYTHON, [path.join(ROOT, 'python/assert_close_oracle.py')], { input: Buffer.concat([len, json, ...chunks]), maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`assert_close_oracle.py failed (${PYTHON}): ${r.error?.message ?? r.stderr.toString()}`);
  return JSON.parse(r.stdout.toString()) as { ok: boolean; message: string }[];
}

function show(t: Tensor): string {
  return `${t.dtype}${JSON.stringify(t.shape)} [${Array.from(t.data, (v) => (Object.is(v, -0) ? '-0' : String(v))).join(', ')}]`;
}

/** Our verdict must agree with torch's on every pair, and carry torch's message verbatim. */
function expectAgreement(pairs: Pair[], seedNote = ''): void {
  const theirs = torchVerdicts(pairs);
  const bad: string[] = [];
  pairs.forEach((p, i) => {
    const ours = compareTensors(p.actual, p.expected, { rtol: p.rtol, atol: p.atol });
    const t = theirs[i];
    if (!t) throw new Error(`no verdict for pair ${i}`);
    const agree = ours.ok === t.ok && (t.ok ? ours.message === '' : ours.message === t.message || ours.message.startsWith(`${t.message}\n`));
    if (!agree) {
      bad.push(`pair ${i}: actual ${show(p.actual)} expected ${show(p.expected)} rtol=${p.rtol} atol=${p.atol}\n  torch: ${t.ok ? 'ok' : JSON.stringify(t.message)}\n  ours:  ${ours.ok ? 'ok' : JSON.stringify(ours.message)}`);
    }
  });
  expect(bad.slice(0, 5).join('\n') + (bad.length ? `\n(${bad.length} of ${pairs.length} disagree)${seedNote}` : '')).toBe('');
}

// ---- (i) crafted pairs, both directions, every dtype --------------------------------------------

const SPECIALS = [0, -0, 1, -1, NaN, Infinity, -Infinity, 1e-6, 2.5, -3.75, 1e4];

function craftedPairs(): Pair[] {
  const pairs: Pair[] = [];
  for (const dtype of DTYPES) {
    const cx = isComplex(dtype);
    const { rtol, atol } = DEFAULT_TOLERANCES[dtype];
    // every special against every special, one element per pair, and as one big tensor
    const as: number[] = [];
    const es: number[] = [];
    for (const a of SPECIALS) {
      for (const e of SPECIALS) {
        as.push(a);
        es.push(e);
        if (cx) {
          as.push(e); // complex: NaN or inf in one part only
          es.push(1);
        }
        pairs.push({ actual: mk(dtype, [1], cx ? [a, e] : [a]), expected: mk(dtype, [1], cx ? [e, 1] : [e]) });
      }
    }
    const n = SPECIALS.length ** 2;
    pairs.push({ actual: mk(dtype, [n], as), expected: mk(dtype, [n], es) });
    pairs.push({ actual: mk(dtype, [11, 11], es), expected: mk(dtype, [11, 11], as) });
    // just inside and just outside the tolerance, around several magnitudes
    for (const e of [0, 1, -1, 1e-3, 0.1, 7, 100, 3e4]) {
      for (const f of [0.5, 0.999, 1, 1.001, 1.5, 3]) {
        const x = e + f * (atol + rtol * Math.abs(e));
        pairs.push({ actual: mk(dtype, cx ? [2, 1] : [2], cx ? [x, e, e, x] : [x, e]), expected: mk(dtype, cx ? [2, 1] : [2], cx ? [e, e, e, e] : [e, e]) });
      }
    }
    // 0-dim (torch's scalar message), empty, shape and dtype mismatches
    pairs.push({ actual: mk(dtype, [], cx ? [1, 2] : [1]), expected: mk(dtype, [], cx ? [2, 0] : [2]) });
    pairs.push({ actual: mk(dtype, [], cx ? [0, 1] : [NaN]), expected: mk(dtype, [], cx ? [0, 0] : [0]) });
    pairs.push({ actual: mk(dtype, [0, 3], []), expected: mk(dtype, [0, 3], []) });
    pairs.push({ actual: mk(dtype, [2, 3], new Array(cx ? 12 : 6).fill(0)), expected: mk(dtype, [3], new Array(cx ? 6 : 3).fill(0)) });
    for (const other of DTYPES) {
      if (other !== dtype) pairs.push({ actual: mk(other, [2], new Array(isComplex(other) ? 4 : 2).fill(1)), expected: mk(dtype, [2], new Array(cx ? 4 : 2).fill(1)) });
    }
    // overridden tolerances, including exact equality
    pairs.push({ actual: mk(dtype, [3], cx ? [1, 0, 2, 0, 3, 0] : [1, 2, 3]), expected: mk(dtype, [3], cx ? [1, 0, 2.5, 0, 3, 1] : [1, 2.5, 3.1]), rtol: 0, atol: 0 });
    pairs.push({ actual: mk(dtype, [3], cx ? [1, 0, 2, 0, 3, 0] : [1, 2, 3]), expected: mk(dtype, [3], cx ? [1, 0, 2.5, 0, 3, 1] : [1, 2.5, 3.1]), rtol: 0.1, atol: 0.2 });
  }
  // both directions
  return pairs.flatMap((p) => [p, { ...p, actual: p.expected, expected: p.actual }]);
}

describe('compareTensors agrees with torch.testing.assert_close', () => {
  it('on crafted pairs: every dtype, NaN, inf, -inf, signed zero, complex NaN in one part, shape, dtype, 0-dim, empty', () => {
    expectAgreement(craftedPairs());
  });

  it('on fuzzed pairs at the tolerance boundary (fast-check)', () => {
    const seed = Number(process.env.SEED ?? Date.now() % 2 ** 31);
    console.log(`comparator boundary fuzz: seed ${seed} (replay: SEED=${seed} npx vitest run test/comparator-vs-torch.test.ts)`);
    const pairs = fc.sample(boundaryPair(), { seed, numRuns: 3000 });
    expectAgreement(pairs, `; seed ${seed}`);
  });
});

/** A pair whose elements sit a few ulps either side of |a-e| = atol + rtol*|e|. */
function boundaryPair(): fc.Arbitrary<Pair> {
  const magnitude = fc.oneof(fc.constant(0), fc.double({ min: -8, max: 8, noNaN: true }).map((x) => Math.sign(x) * 10 ** (x / 1.5)));
  const element = fc.record({ e: magnitude, e2: magnitude, angle: fc.double({ min: 0, max: 2 * Math.PI, noNaN: true }), k: fc.integer({ min: -40, max: 40 }), side: fc.constantFrom(1, -1) });
  const custom = fc.option(fc.record({ rtol: fc.constantFrom(0, 1e-3, 0.1, 1e-7), atol: fc.constantFrom(0, 1e-5, 1e-3, 1e-9) }), { nil: undefined });
  return fc.record({ dtype: fc.constantFrom(...DTYPES), els: fc.array(element, { minLength: 1, maxLength: 6 }), custom, exact: fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }) }).map(({ dtype, els, custom, exact }) => {
    const d = realPart(dtype);
    const tol = custom ?? DEFAULT_TOLERANCES[dtype];
    const steps = { float16: 2 ** -10, bfloat16: 2 ** -7, float32: 2 ** -23, float64: 2 ** -52 }[d];
    const a: number[] = [];
    const e: number[] = [];
    els.forEach((x, i) => {
      const er = toDType(d, x.e);
      const ei = toDType(d, x.e2);
      const mag = isComplex(dtype) ? Math.hypot(er, ei) : Math.abs(er);
      const t = (tol.atol + tol.rtol * mag) * (1 + x.k * steps);
      if (isComplex(dtype)) {
        const [dr, di] = exact[i] ? [0, 0] : [t * Math.cos(x.angle), t * Math.sin(x.angle)];
        a.push(er + dr, ei + di);
        e.push(er, ei);
      } else {
        a.push(exact[i] ? er : er + x.side * t);
        e.push(er);
      }
    });
    const n = els.length;
    return { actual: mk(dtype, [n], a), expected: mk(dtype, [n], e), ...(custom ?? {}) };
  });
}
