// The fast path's WebAssembly SIMD kernels, generated at run time with wasm-asm.ts: one small module
// per kind (f32, f64, c64), each under the 4 KB Chrome still compiles synchronously on a page's main
// thread. Every module exports
//   gemm(A, lda, ak, rows, K, B, Hp, C, ldc, bias, mc [, aIm, cIm])
//       C[r, j] = Σ_k A[r*lda + k*ak] · Bp[k, j] (+ bias[j]) for r < rows, j < Hp
//     with B packed by pack.ts (panels of NR columns, k-major, zero-padded to Hp = a multiple of NR)
//     and rows taken mc at a time (one block of A stays in cache while every panel passes);
//     complex: split planes, A's imaginary plane aIm bytes after its real one, C's cIm, bias's Hp·4;
//   and for real kinds tanh(C, P, n) / relu(C, P, n): P[i] = act(C[i] + P[i]) for i < n (n a
//     multiple of two vectors).
// Pointers are byte offsets into the imported memory; strides and sizes count elements.
// Products are f32x4/f64x2 mul then add (WebAssembly SIMD has no fused multiply-add).
// tanh is computed in double for both real kinds (tanhChains): a few double ULP, so float32
// results are (nearly always) the correctly rounded tanh, what the exact path gets from Math.tanh.
import { assemble, Fn, I32, V128, type Op } from './wasm-asm.js';

export type Kind = 'f32' | 'f64' | 'c64';

interface Shape {
  readonly elt: 4 | 8; // bytes per (real) element
  readonly lanes: 4 | 2;
  readonly mr: number; // rows per tile
  readonly nv: number; // vectors per tile row: NR = nv · lanes columns
  readonly complex: boolean;
}

export const SHAPES: Readonly<Record<Kind, Shape>> = {
  f32: { elt: 4, lanes: 4, mr: 4, nv: 2, complex: false },
  f64: { elt: 8, lanes: 2, mr: 4, nv: 2, complex: false },
  c64: { elt: 4, lanes: 4, mr: 2, nv: 2, complex: true },
};

/** Columns per packed panel of B. */
export const panelWidth = (k: Kind): number => SHAPES[k].nv * SHAPES[k].lanes;

const log2 = (n: number): number => Math.log2(n);

function ops(s: Shape): { add: Op; sub: Op; mul: Op; splat: 'v128.load32_splat' | 'v128.load64_splat' } {
  return s.elt === 4
    ? { add: 'f32x4.add', sub: 'f32x4.sub', mul: 'f32x4.mul', splat: 'v128.load32_splat' }
    : { add: 'f64x2.add', sub: 'f64x2.sub', mul: 'f64x2.mul', splat: 'v128.load64_splat' };
}

// ---- the micro-kernel: mr rows × NR columns, k from 0 to K ---------------------------------------

const tileParams = (s: Shape): number => (s.complex ? 11 : 8);

// params: a, ldaB, akB, K, b, c, ldcB, bias (byte offsets, byte strides; bias 0: none), then for
// complex the byte distances from each real plane to its imaginary plane: aIm, cIm, biasIm.
function tile(s: Shape, mr: number): Fn {
  const o = ops(s);
  const f = new Fn(Array(tileParams(s)).fill(I32));
  const [a0, ldaB, akB, K, b, c, ldcB, bias, aIm, cIm, biasIm] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const nr = s.nv * s.lanes;
  const planes = s.complex ? 2 : 1;
  const a = [a0, ...Array.from({ length: mr - 1 }, () => f.local(I32))];
  // acc[plane][r][v]; v128 locals start as zero (+0.0 in every lane)
  const acc = Array.from({ length: planes }, () => Array.from({ length: mr }, () => Array.from({ length: s.nv }, () => f.local(V128))));
  const bv = Array.from({ length: planes }, () => Array.from({ length: s.nv }, () => f.local(V128)));
  const sr = f.local(V128);
  const si = f.local(V128);
  const A = (p: number, r: number, v: number) => acc[p][r][v];
  const Bv = (p: number, v: number) => bv[p][v];
  const mac = (dst: number, x: number, y: number, op: Op) => f.get(dst).get(x).get(y).op(o.mul, op).set(dst);
  for (let r = 1; r < mr; r++) f.get(a[r - 1]).get(ldaB).op('i32.add').set(a[r]);
  f.block().get(K).op('i32.eqz').brIf(0).loop();
  for (let p = 0; p < planes; p++) for (let v = 0; v < s.nv; v++) f.get(b).mem('v128.load', (p * nr + v * s.lanes) * s.elt).set(Bv(p, v));
  for (let r = 0; r < mr; r++) {
    f.get(a[r]).mem(o.splat).set(sr);
    if (s.complex) f.get(a[r]).get(aIm).op('i32.add').mem(o.splat).set(si);
    for (let v = 0; v < s.nv; v++) {
      mac(A(0, r, v), sr, Bv(0, v), o.add);
      if (!s.complex) continue;
      mac(A(0, r, v), si, Bv(1, v), o.sub); // re += ar·br − ai·bi
      mac(A(1, r, v), sr, Bv(1, v), o.add); // im += ar·bi + ai·br
      mac(A(1, r, v), si, Bv(0, v), o.add);
    }
  }
  for (const ar of a) f.get(ar).get(akB).op('i32.add').set(ar);
  f.get(b).i32(planes * nr * s.elt).op('i32.add').set(b);
  f.get(K).i32(1).op('i32.sub').tee(K).brIf(0).end().end();
  f.block().get(bias).op('i32.eqz').brIf(0);
  for (let p = 0; p < planes; p++) {
    for (let v = 0; v < s.nv; v++) {
      f.get(bias);
      if (p === 1) f.get(biasIm).op('i32.add');
      f.mem('v128.load', v * s.lanes * s.elt).set(sr);
      for (let r = 0; r < mr; r++) f.get(A(p, r, v)).get(sr).op(o.add).set(A(p, r, v));
    }
  }
  f.end();
  for (let r = 0; r < mr; r++) {
    for (let p = 0; p < planes; p++) {
      for (let v = 0; v < s.nv; v++) {
        f.get(c);
        if (r > 0) f.get(ldcB).i32(r).op('i32.mul', 'i32.add');
        if (p === 1) f.get(cIm).op('i32.add');
        f.get(A(p, r, v)).mem('v128.store', v * s.lanes * s.elt);
      }
    }
  }
  return f;
}

// ---- the driver: row blocks of mc, panels, tiles (function 0: mr rows, function 1: one row) ------

function gemm(s: Shape): Fn {
  const f = new Fn(Array(s.complex ? 13 : 11).fill(I32));
  const [A, lda, ak, rows, K, B, Hp, C, ldc, bias, mc, aIm, cIm] = Array.from({ length: 13 }, (_, i) => i);
  const [ldaB, akB, ldcB, i0, iend, p, bp, bb, i, panelB] = Array.from({ length: 10 }, () => f.local(I32));
  const sh = log2(s.elt);
  const nr = s.nv * s.lanes;
  const planes = s.complex ? 2 : 1;
  f.get(lda).i32(sh).op('i32.shl').set(ldaB);
  f.get(ak).i32(sh).op('i32.shl').set(akB);
  f.get(ldc).i32(sh).op('i32.shl').set(ldcB);
  f.get(K).i32(planes * nr * s.elt).op('i32.mul').set(panelB);
  const tileCall = (fn: number) => {
    f.get(A).get(i).get(ldaB).op('i32.mul', 'i32.add').get(ldaB).get(akB).get(K).get(bp);
    f.get(C).get(i).get(ldcB).op('i32.mul', 'i32.add').get(p).i32(sh).op('i32.shl', 'i32.add').get(ldcB).get(bb);
    if (s.complex) f.get(aIm).get(cIm).get(Hp).i32(sh).op('i32.shl');
    f.call(fn);
  };
  f.i32(0).set(i0).block().loop();
  f.get(i0).get(rows).op('i32.ge_s').brIf(1);
  f.get(i0).get(mc).op('i32.add').get(rows).get(i0).get(mc).op('i32.add').get(rows).op('i32.lt_s', 'select').set(iend);
  f.i32(0).set(p).get(B).set(bp).block().loop();
  f.get(p).get(Hp).op('i32.ge_s').brIf(1);
  f.get(bias).get(p).i32(sh).op('i32.shl', 'i32.add').i32(0).get(bias).op('select').set(bb);
  f.get(i0).set(i).block().loop();
  f.get(i).i32(s.mr).op('i32.add').get(iend).op('i32.gt_s').brIf(1);
  tileCall(0);
  f.get(i).i32(s.mr).op('i32.add').set(i).br(0).end().end();
  f.block().loop();
  f.get(i).get(iend).op('i32.ge_s').brIf(1);
  tileCall(1);
  f.get(i).i32(1).op('i32.add').set(i).br(0).end().end();
  f.get(p).i32(nr).op('i32.add').set(p).get(bp).get(panelB).op('i32.add').set(bp).br(0).end().end();
  f.get(i0).get(mc).op('i32.add').set(i0).br(0).end().end();
  return f;
}

// ---- tanh and relu over a flat run: P[i] = act(C[i] + P[i]) -------------------------------------

const LN2_HI = 6.93147180369123816490e-1; // fdlibm's split of ln 2: n·LN2_HI is exact for |n| < 2^20
const LN2_LO = 1.90821492927058770002e-10;
const factorial = (k: number): number => (k <= 1 ? 1 : k * factorial(k - 1));

/** Where the modules' data segment puts tanh's constants; the fast path allocates above CONST_END. */
export const CONST_BASE = 16;
// name -> f64 value (bias = an integer bit pattern: 1023 as int64 for 2^n; sign: −0.0's bits)
const CONSTS: ReadonlyArray<readonly [string, number]> = [
  ['invln2', 1 / Math.LN2], ['ln2hi', LN2_HI], ['ln2lo', LN2_LO], ['clamp', 20], ['one', 1], ['two', 2], ['sign', -0],
  ...Array.from({ length: 12 }, (_, i) => [`c${i + 2}`, 1 / factorial(i + 2)] as const),
];
export const CONST_END = CONST_BASE + 8 * (CONSTS.length + 1);

function constBytes(): Uint8Array {
  const d = new DataView(new ArrayBuffer(8 * (CONSTS.length + 1)));
  CONSTS.forEach(([, v], i) => d.setFloat64(8 * i, v, true));
  d.setUint32(8 * CONSTS.length, 1023, true); // 'bias'
  return new Uint8Array(d.buffer);
}

/** Pushes a constant splat into both f64 lanes (one load from the data segment). */
function k(f: Fn, name: string): Fn {
  const i = name === 'bias' ? CONSTS.length : CONSTS.findIndex(([n]) => n === name);
  return f.i32(0).mem('v128.load64_splat', CONST_BASE + 8 * i);
}

/**
 * tanh of the f64x2 values in locals xs, in place, the chains interleaved (each alone is a long
 * dependent chain; side by side they fill the pipelines). expm1(2|x|) by range reduction
 * (n = round(2|x|/ln 2), r = 2|x| - n ln 2, |r| <= ln2/2), the Taylor polynomial of degree 13
 * (truncation < 1e-17 relative), 2^n·expm1(r) + (2^n - 1); then tanh|x| = e/(e + 2) with x's sign.
 */
function tanhChains(f: Fn, xs: readonly number[]): void {
  const L = xs.map((x) => ({ x, y: f.local(V128), n: f.local(V128), r: f.local(V128), q: f.local(V128) }));
  const each = (emit: (c: (typeof L)[number]) => void) => L.forEach(emit);
  // |x| clamped to 20 (tanh is 1 in double beyond 19.1); NaN stays NaN (f64x2.min propagates it)
  each((c) => k(f.get(c.x).op('f64x2.abs'), 'clamp').op('f64x2.min').tee(c.y).get(c.y).op('f64x2.add').set(c.y));
  each((c) => k(f.get(c.y), 'invln2').op('f64x2.mul', 'f64x2.nearest').set(c.n));
  each((c) => k(k(f.get(c.y).get(c.n), 'ln2hi').op('f64x2.mul', 'f64x2.sub').get(c.n), 'ln2lo').op('f64x2.mul', 'f64x2.sub').set(c.r));
  // n becomes 2^n: (n + 1023) << 52
  each((c) => k(f.get(c.n).op('i32x4.trunc_sat_f64x2_s_zero', 'i64x2.extend_low_i32x4_s'), 'bias').op('i64x2.add').i32(52).op('i64x2.shl').set(c.n));
  each((c) => k(f, 'c13').set(c.q));
  for (let d = 12; d >= 2; d--) each((c) => k(f.get(c.q).get(c.r).op('f64x2.mul'), `c${d}`).op('f64x2.add').set(c.q));
  each((c) => f.get(c.r).get(c.r).op('f64x2.mul').get(c.q).op('f64x2.mul').get(c.r).op('f64x2.add').set(c.r)); // expm1(r)
  each((c) => k(f.get(c.n).get(c.r).op('f64x2.mul').get(c.n), 'one').op('f64x2.sub', 'f64x2.add').set(c.y)); // expm1(2|x|)
  each((c) => k(f.get(c.y).get(c.y), 'two').op('f64x2.add', 'f64x2.div').set(c.y));
  each((c) => k(f.get(c.y).get(c.x), 'sign').op('v128.and', 'v128.or').set(c.x)); // x's sign (−0 stays −0)
}

// params: C, P, n (bytes, bytes, elements, n a multiple of `per` vectors); `per` vectors a pass
function act(s: Shape, kind: 'tanh' | 'relu'): Fn {
  const f = new Fn([I32, I32, I32]);
  const [C, P, n] = [0, 1, 2];
  const end = f.local(I32);
  const f32 = s.elt === 4;
  const per = kind === 'relu' ? 1 : 2;
  const v = Array.from({ length: per }, () => f.local(V128));
  f.get(P).get(n).i32(log2(s.elt)).op('i32.shl', 'i32.add').set(end);
  f.block().get(P).get(end).op('i32.ge_u').brIf(0).loop();
  v.forEach((x, i) => f.get(C).mem('v128.load', 16 * i).get(P).mem('v128.load', 16 * i).op(f32 ? 'f32x4.add' : 'f64x2.add').set(x));
  if (kind === 'relu') {
    // pmax(s, +0) = s < +0 ? +0 : s: NaN and −0 stay (torch's clamp_min(s, 0), the exact path's relu)
    v.forEach((x, i) => f.get(P).get(x).f64x2(0).op(f32 ? 'f32x4.pmax' : 'f64x2.pmax').mem('v128.store', 16 * i));
  } else if (f32) {
    // each f32x4 as two f64x2: lanes 0, 1 and lanes 2, 3
    const d = v.flatMap((x) => {
      const hi = f.local(V128);
      f.get(x).get(x).shuffle([8, 9, 10, 11, 12, 13, 14, 15, 8, 9, 10, 11, 12, 13, 14, 15]).op('f64x2.promote_low_f32x4').set(hi);
      f.get(x).op('f64x2.promote_low_f32x4').set(x);
      return [x, hi];
    });
    tanhChains(f, d);
    v.forEach((_, i) => {
      f.get(P).get(d[2 * i]).op('f32x4.demote_f64x2_zero').get(d[2 * i + 1]).op('f32x4.demote_f64x2_zero');
      f.shuffle([0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23]).mem('v128.store', 16 * i);
    });
  } else {
    tanhChains(f, v);
    v.forEach((x, i) => f.get(P).get(x).mem('v128.store', 16 * i));
  }
  f.get(C).i32(16 * per).op('i32.add').set(C).get(P).i32(16 * per).op('i32.add').tee(P).get(end).op('i32.lt_u').brIf(0).end().end();
  return f;
}

/** The module bytes for one kind. Exports: tile, tile1, gemm (and tanh, relu for real kinds). */
export function kernelModule(kind: Kind): Uint8Array {
  const s = SHAPES[kind];
  const funcs: Array<readonly [string, Fn]> = [['tile', tile(s, s.mr)], ['tile1', tile(s, 1)], ['gemm', gemm(s)]];
  if (s.complex) return assemble(funcs);
  funcs.push(['tanh', act(s, 'tanh')], ['relu', act(s, 'relu')]);
  return assemble(funcs, { offset: CONST_BASE, bytes: constBytes() });
}

/** A module WebAssembly.validate accepts only where SIMD is supported (one v128 function). */
export function simdProbe(): Uint8Array {
  return assemble([['probe', new Fn([V128], [V128]).get(0).get(0).op('f64x2.add')]]);
}
