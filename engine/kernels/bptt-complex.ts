// Backpropagation through time for complex64/complex128 (interleaved re, im), tanh only (torch refuses
// relu on complex). torch's .grad holds the conjugate Wirtinger derivative of a real loss, so every
// backward formula conjugates what it multiplies by:
//   gs = gh·conj(1 - h²)    gW_hh += gsᵀ·conj(h_{t-1})    g_t = gs·conj(W_hh)
//   gW_ih = gSᵀ·conj(x)     gx = gS·conj(W_ih)             gb = Σ gs
// Rounding as torch's CPU kernels on an AVX2 build: tanh_backward takes 2 vector registers at a time
// with separately rounded products, the leftover elements go through GCC-compiled scalar code that
// fuses some products (see tanhBackward); complex64's mm is MKL's four FMA chains
// (Σ xr·wr, Σ xr·wi, Σ xi·wr, Σ xi·wi), complex128's the complex product summed per k; both from +0, but
// with K = 1 (both other sides >= 2) MKL writes (1 + 0i)·x times conj(w) as is. Where two gradients of one
// tensor meet, autograd's add gives old + (1 + 0i)·new: this is where torch's -0s come from.
import type { Storage } from '../dtype.js';
import { fma64, fmaF32 } from '../uniform.js';
import { carryToH0, previousStateT, stepRows, transpose, type DirectionGrad, type ProjectionGrad } from './bptt.js';
import { columnSums, SUM_WIDTHS } from './reduce.js';

const same = (v: number): number => v;

function alloc(single: boolean, n: number): Storage {
  return single ? new Float32Array(2 * n) : new Float64Array(2 * n);
}

/**
 * out[r, j] = Σ_k x[r, k]·conj(W[j, k]) (x: rows × K, W: cols × K, complex): every complex gradient
 * product is a product with a conjugate.
 */
function mmConj(single: boolean, x: Storage, rows: number, K: number, W: Storage, cols: number, out: Storage): void {
  for (let r = 0; r < rows; r++) {
    const xo = 2 * r * K;
    for (let j = 0; j < cols; j++) {
      const wo = 2 * j * K;
      let re: number;
      let im: number;
      if (K === 1 && rows >= 2 && cols >= 2) {
        // MKL's gemm with K = 1 (both sides >= 2) scales x by alpha = 1 + 0i as a complex multiply, then
        // writes x·conj(w) as is: no sum from +0, so a -0 stays -0 (and an infinite part of x becomes NaN);
        // complex64 rounds the four products as its FMA chains below do
        const xr = x[xo], xi = x[xo + 1], wr = W[wo], wi = W[wo + 1];
        const ar = xr - 0 * xi, ai = xi + 0 * xr;
        if (single) {
          re = Math.fround(Math.fround(ar * wr) + Math.fround(ai * wi));
          im = Math.fround(Math.fround(ai * wr) - Math.fround(ar * wi));
        } else {
          re = ar * wr - ai * -wi;
          im = ar * -wi + ai * wr;
        }
      } else if (single) {
        // four FMA chains on the raw parts, combined for conj(W)
        let rr = 0, ri = 0, ir = 0, ii = 0;
        for (let k = 0; k < K; k++) {
          const xr = x[xo + 2 * k], xi = x[xo + 2 * k + 1], wr = W[wo + 2 * k], wi = W[wo + 2 * k + 1];
          rr = Math.fround(rr + xr * wr);
          ri = Math.fround(ri + xr * wi);
          ir = Math.fround(ir + xi * wr);
          ii = Math.fround(ii + xi * wi);
        }
        re = Math.fround(rr + ii);
        im = Math.fround(ir - ri);
      } else {
        re = 0;
        im = 0;
        for (let k = 0; k < K; k++) {
          const xr = x[xo + 2 * k], xi = x[xo + 2 * k + 1], wr = W[wo + 2 * k], wi = -W[wo + 2 * k + 1];
          re += xr * wr - xi * wi;
          im += xr * wi + xi * wr;
        }
      }
      out[2 * (r * cols + j)] = re;
      out[2 * (r * cols + j) + 1] = im;
    }
  }
}

/**
 * tanh_backward(g, h) = g·conj(1 - h·h) over a contiguous tensor of n elements, element e at 2e.
 * The first elements, 2 registers at a time (8 complex64 / 4 complex128), multiply with rounded
 * products; the rest are scalar code where GCC fuses: h·h's real part fma(hr, hr, -hi·hi), its
 * imaginary part fma(hr, hi, hi·hr), and (in pairs; all of complex128's rest) g·c's real part
 * fma(gr, cr, -gi·ci) and imaginary part fma(gi, cr, gr·ci); complex64's last odd element multiplies
 * g·c with rounded products.
 */
function tanhBackward(single: boolean, g: Storage, gOff: number, h: Storage, hOff: number, n: number, out: Storage, oOff: number): void {
  const f = single ? Math.fround : same;
  const fma = single ? fmaF32 : fma64;
  const block = single ? 8 : 4;
  const vecEnd = n - (n % block);
  const pairEnd = single ? vecEnd + ((n - vecEnd) & ~1) : n;
  for (let e = 0; e < n; e++) {
    const gr = g[gOff + 2 * e], gi = g[gOff + 2 * e + 1], hr = h[hOff + 2 * e], hi = h[hOff + 2 * e + 1];
    let sr: number, si: number;
    if (e < vecEnd) {
      sr = f(f(hr * hr) - f(hi * hi));
      si = f(f(hr * hi) + f(hi * hr));
    } else {
      sr = fma(hr, hr, -f(hi * hi));
      si = fma(hr, hi, f(hi * hr));
    }
    const cr = f(1 - sr);
    const ci = -f(0 - si); // conj(1 - h²)
    let re: number, im: number;
    if (e < vecEnd || e >= pairEnd) {
      re = f(f(gr * cr) - f(gi * ci));
      im = f(f(gr * ci) + f(gi * cr));
    } else {
      re = fma(gr, cr, -f(gi * ci));
      im = fma(gi, cr, f(gr * ci));
    }
    out[oOff + 2 * e] = re;
    out[oOff + 2 * e + 1] = im;
  }
}

/**
 * a + alpha·b, complex interleaved (a new array): torch's add, which autograd uses to sum two gradients
 * of one tensor (a the one that arrived first). alpha = 1 + 0i multiplies b as a complex number:
 * (br - 0·bi, bi + 0·br), exact except that it can turn a zero's sign and an infinite part into NaN.
 */
export function addAlpha(single: boolean, a: Storage, b: Storage): Storage {
  const out = a.slice();
  addAlphaInto(single, out, 0, a, 0, b, 0, a.length / 2);
  return out;
}

/** out[oOff..] = a[aOff..] + alpha·b[bOff..] over n complex elements (see addAlpha). */
function addAlphaInto(single: boolean, out: Storage, oOff: number, a: Storage, aOff: number, b: Storage, bOff: number, n: number): void {
  const f = single ? Math.fround : same;
  for (let e = 0; e < n; e++) {
    const br = b[bOff + 2 * e], bi = b[bOff + 2 * e + 1];
    const re = f(a[aOff + 2 * e] + (br - 0 * bi));
    out[oOff + 2 * e + 1] = f(a[aOff + 2 * e + 1] + (bi + 0 * br));
    out[oOff + 2 * e] = re;
  }
}

function biasSum(single: boolean, src: Storage, rows: number, cols: number, out: Storage): void {
  columnSums(src, rows, cols, 2, single ? SUM_WIDTHS.complex64 : SUM_WIDTHS.complex128, single, out);
}

/** A parameter's per-step gradients as autograd sums them: the first stored, then acc + alpha·v. */
function accumulate(single: boolean, acc: Storage, v: Storage, first: boolean): void {
  if (first) acc.set(v);
  else addAlphaInto(single, acc, 0, acc, 0, v, 0, acc.length / 2);
}

export function bpttComplex(single: boolean, a: DirectionGrad): void {
  const { T, N, H } = a;
  const NH = N * H;
  const carry = alloc(single, NH);
  const gh = alloc(single, NH);
  const gT = alloc(single, NH);
  const hT = alloc(single, NH);
  const G = alloc(single, H * H);
  const bStep = a.gBhh ? alloc(single, H) : null;
  const wt = alloc(single, H * H);
  transpose(a.whh, 0, 2 * H, H, H, 2, wt);
  const zeros = alloc(single, NH);
  const hRow = alloc(single, NH);
  for (let s = T - 1; s >= 0; s--) {
    const p = stepRows(a, s);
    const n = p.n;
    for (let r = 0; r < n; r++) {
      const o = (p.row0 + r) * a.stride + a.off;
      const g = 2 * r * H;
      // h_t's gradients, summed as autograd does (old + alpha·new, addAlphaInto): at the last step h_n's
      // arrives first (its StackBackward / CatBackward runs before the output's); before it, the output's
      // arrives before the carry from the next step (or, packed, a slice's h_n gradient for a sequence that
      // ends at t; that sum also adds the slices' +0 padding, which nothing downstream can show)
      if (p.last) addAlphaInto(single, gh, g, a.gHN, a.gHNOff + g, a.gOut, o, H);
      else if (r < p.fed) addAlphaInto(single, gh, g, a.gOut, o, carry, g, H);
      else addAlphaInto(single, gh, g, a.gOut, o, a.gHN, a.gHNOff + g, H);
      for (let i = 0; i < 2 * H; i++) hRow[g + i] = a.h[o + i];
    }
    const gs = 2 * p.row0 * H;
    tanhBackward(single, gh, 0, hRow, 0, n * H, a.gS, gs);
    const gsT = a.gS.subarray(gs, gs + 2 * n * H);
    if (a.gBhh && bStep) {
      biasSum(single, gsT, n, H, bStep);
      accumulate(single, a.gBhh, bStep, p.last);
    }
    transpose(gsT, 0, 2 * H, n, H, 2, gT);
    previousStateT(a, p, 2, zeros, hT);
    mmConj(single, gT, H, n, hT, H, G);
    accumulate(single, a.gWhh, G, p.last);
    if (s > 0 || a.gH0) {
      mmConj(single, gsT, n, H, wt, H, carry);
      carryToH0(a, p, 2, carry);
    }
  }
  // packed: each step reads its rows of the input projection through a slice, so the projection's gradient
  // is the steps' slices padded with +0 and summed: every step's rows come out 0 + alpha·x (a -0 becomes +0,
  // an infinite imaginary part makes the real part NaN), the step processed first too (for finite values
  // the same as x + 0; torch gives NaN there when h_n's gradient is infinite: bptt_complex_mutants.py)
  if (a.sizes && T >= 2) {
    for (let s = 0; s < T; s++) {
      const p = stepRows(a, s);
      const o = 2 * p.row0 * H;
      addAlphaInto(single, a.gS, o, zeros, 0, a.gS, o, p.n * H);
    }
  }
}

export function projectionGradComplex(single: boolean, p: ProjectionGrad): void {
  const { rows, inSize, H } = p;
  const gST = alloc(single, rows * H);
  transpose(p.gS, 0, 2 * H, rows, H, 2, gST);
  mmConj(single, gST, H, rows, p.xT, inSize, p.gWih);
  if (p.gBih) biasSum(single, p.gS, rows, H, p.gBih);
  const wt = alloc(single, H * inSize);
  transpose(p.wih, 0, 2 * inSize, H, inSize, 2, wt);
  mmConj(single, p.gS, rows, H, wt, inSize, p.gX);
}
