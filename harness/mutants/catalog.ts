// Hand-written mutants: plausible one-line semantic bugs in engine/, each the kind of mistake a port of
// nn.RNN makes (edge-of-domain arithmetic, the order of torch's checks, dropout corners, rounding to a
// 16-bit dtype, layout). `npm run mutants` plants each in a copy of the compiled engine and demands that
// `check` (every seed given) and `golden check` fail. `find` is matched ignoring whitespace, in the
// TypeScript source and in its compiled JavaScript alike (types stay out of it); every occurrence is
// replaced, and the count must be `count` (default 1) in both, so a refactor that moves the code is
// noticed instead of silently planting nothing.

export interface Mutant {
  name: string;
  /** The engine file, relative to the repository root (its dist/ twin is what gets mutated). */
  file: string;
  find: string;
  replace: string;
  count?: number;
  /** The bug, in one line. */
  bug: string;
}

export const MUTANTS: readonly Mutant[] = [
  // ---- edge-of-domain arithmetic ------------------------------------------------------------------
  { name: 'relu-nan-to-zero', file: 'engine/kernels/real.ts', find: '(s > 0 || Number.isNaN(s) ? s : 0)', replace: '(s > 0 ? s : 0)', count: 2, bug: 'relu written as s > 0 ? s : 0 maps NaN to 0 (torch propagates it)' },
  { name: 'tanh-via-exp', file: 'engine/kernels/real.ts', find: 'Math.tanh(s)', replace: '((e) => (e - 1) / (e + 1))(Math.exp(2 * s))', count: 2, bug: 'tanh as (e^2s - 1)/(e^2s + 1): inf/inf = NaN once |s| > 355 instead of saturating at ±1' },
  { name: 'f16-overflow-saturates', file: 'engine/half.ts', find: 'if (e >= 0x1f) return sign | 0x7c00;', replace: 'if (e >= 0x1f) return sign | 0x7bff;', bug: 'float16 overflow saturates at ±65504 instead of becoming ±inf' },
  { name: 'f16-subnormals-flushed', file: 'engine/half.ts', find: 'if (e < -10) return sign;', replace: 'if (e < 1) return sign;', bug: 'float16 flushes subnormals to zero (FTZ) instead of keeping them' },
  { name: 'bf16-subnormals-flushed', file: 'engine/half.ts', find: 'return ((b + 0x7fff + ((b >>> 16) & 1)) >>> 16) & 0xffff;', replace: 'if ((b & 0x7f800000) === 0) return (b >>> 16) & 0x8000; return ((b + 0x7fff + ((b >>> 16) & 1)) >>> 16) & 0xffff;', bug: 'bfloat16 flushes subnormals to zero' },
  { name: 'f16-dropout-unrounded', file: 'engine/dropout.ts', find: 'd[i] = round(d[i] * (gen.nextUnit53() < q ? scale : 0));', replace: 'd[i] = d[i] * (gen.nextUnit53() < q ? scale : 0);', bug: 'dropout-scaled float16/bfloat16 values not rounded to the dtype: x/(1-p) past 65504 stays finite' },
  { name: 'ctanhf-threshold-88', file: 'engine/libm/ctanhf.ts', find: 'const T = 44;', replace: 'const T = 88;', bug: "complex64 tanh's large-argument branch from |Re| > 88 instead of 44: sinh·cosh overflows to NaN between" },
  { name: 'ctanh-threshold-709', file: 'engine/complex.ts', find: 'const T_DOUBLE = 354;', replace: 'const T_DOUBLE = 709;', bug: "complex128 tanh's large-argument branch from |Re| > 709 instead of 354: inf/inf = NaN between" },
  { name: 'ctanhf-neg-inf', file: 'engine/libm/ctanhf.ts', find: 'out[o] = re > 0 ? 1 : -1; if (Number.isFinite(im)', replace: 'out[o] = 1; if (Number.isFinite(im)', bug: 'complex64 tanh(-inf + iy) = 1 instead of -1' },
  { name: 'ctanh-inf-re-nan-im', file: 'engine/complex.ts', find: 'out[o] = Math.sign(re); out[o + 1] = Number.isFinite(im)', replace: 'out[o] = Math.sign(re) * (Number.isNaN(im) ? NaN : 1); out[o + 1] = Number.isFinite(im)', bug: 'complex128 tanh(±inf + i·NaN) = NaN instead of ±1 (C99 Annex G)' },
  { name: 'bf16-products-fused', file: 'engine/kernels/real.ts', find: "import { chainF32Unfused, chainF64 } from './chain.js';", replace: "import { chainF32 as chainF32Unfused, chainF64 } from './chain.js';", bug: "float16/bfloat16 forward dot products as float32's fused multiply-add chain: a bfloat16 product past float32's range stays finite where torch's is inf (and inf - inf NaN)" },
  { name: 'zgemm-alpha-skipped', file: 'engine/kernels/complex.ts', find: 'const reA = re - im * 0; im = re * 0 + im; re = reA;', replace: '', bug: "complex128 x·Wᵀ without BLAS's alpha = 1+0i multiply: an infinite part stays inf where torch's becomes NaN" },
  { name: 'complex-add-alpha-skipped', file: 'engine/kernels/complex.ts', find: 'rnd(hOut[i] + (pr - pi * 0)), rnd(hOut[i + 1] + (pr * 0 + pi))', replace: 'rnd(hOut[i] + pr), rnd(hOut[i + 1] + pi)', bug: "complex g + P without add_'s alpha multiply: inf in the input projection stays inf instead of NaN" },
  // ---- dropout corners ----------------------------------------------------------------------------
  { name: 'dropout-keeps-p', file: 'engine/dropout.ts', find: 'const q = 1 - p;', replace: 'const q = p;', bug: 'dropout keeps an element with probability p instead of 1 - p' },
  { name: 'dropout-after-last-layer', file: 'engine/forward.ts', find: 'l < c.numLayers - 1 && out.length > 0', replace: 'l < c.numLayers && out.length > 0', bug: 'dropout also applied to the last layer output' },
  { name: 'dropout-in-eval', file: 'engine/forward.ts', find: 'const drop = ctx.training && c.dropout !== 0', replace: 'const drop = c.dropout !== 0', bug: 'dropout applied in eval mode too' },
  { name: 'dropout-p1-fills-zero', file: 'engine/forward.ts', find: 'for (let i = 0; i < out.length; i++) out[i] *= 0;', replace: 'out.fill(0);', bug: 'dropout p = 1 writes 0 instead of x * 0 (NaN and inf must become NaN)' },
  // ---- the order of torch's checks (double faults) ------------------------------------------------
  { name: 'input-size-before-dtype', file: 'engine/forward.ts', find: 'checkInputDType(c, input.dtype); const inSize = inShape[2]; checkInputSize(ctx, inSize);', replace: 'const inSize = inShape[2]; checkInputSize(ctx, inSize); checkInputDType(c, input.dtype);', bug: 'the input feature size checked before its dtype' },
  { name: 'hx-dtype-before-shape', file: 'engine/forward.ts', find: 'if (hxShape) checkHiddenSize(hShape, hxShape);', replace: 'if (hx && hx.dtype !== c.dtype) checkFirstStep(c, hx); if (hxShape) checkHiddenSize(hShape, hxShape);', bug: "hx's dtype checked before its shape" },
  { name: 'seq-len-0-before-hx', file: 'engine/forward.ts', find: 'if (hxShape) checkHiddenSize(hShape, hxShape);', replace: "if (T === 0) throw runtimeError('Expected sequence length to be larger than 0 in RNN'); if (hxShape) checkHiddenSize(hShape, hxShape);", bug: "an empty sequence refused before hx's shape is checked" },
  { name: 'batch-first-before-bias', file: 'engine/config.ts', find: "if (typeof bias !== 'boolean') throw typeError(`bias should be of type bool, got: ${pyTypeName(bias)}`); if (typeof batchFirst !== 'boolean') throw typeError(`batch_first should be of type bool, got: ${pyTypeName(batchFirst)}`);", replace: "if (typeof batchFirst !== 'boolean') throw typeError(`batch_first should be of type bool, got: ${pyTypeName(batchFirst)}`); if (typeof bias !== 'boolean') throw typeError(`bias should be of type bool, got: ${pyTypeName(bias)}`);", bug: 'batch_first type-checked before bias' },
  { name: 'hidden-before-input-size', file: 'engine/config.ts', find: "if (!isPyInt(input_size)) throw typeError(`input_size should be of type int, got: ${pyTypeName(input_size)}`); if (pyNum(input_size) <= 0) throw valueError('input_size must be greater than zero');", replace: "if (!isPyInt(hidden_size)) throw typeError(`hidden_size should be of type int, got: ${pyTypeName(hidden_size)}`); if (pyNum(hidden_size) <= 0) throw valueError('hidden_size must be greater than zero'); if (!isPyInt(input_size)) throw typeError(`input_size should be of type int, got: ${pyTypeName(input_size)}`); if (pyNum(input_size) <= 0) throw valueError('input_size must be greater than zero');", bug: 'hidden_size validated before input_size' },
  { name: 'dtype-before-sizes', file: 'engine/config.ts', find: "if (typeof bias !== 'boolean')", replace: "resolveDType(given('dtype') ? raw.dtype : null); if (typeof bias !== 'boolean')", bug: 'the dtype refused before the bool and int arguments are checked' },
  { name: 'dropout-range-after-types', file: 'engine/config.ts', find: 'if (dropoutNum === undefined || !(dropoutNum >= 0 && dropoutNum <= 1)) {', replace: 'if ((dropoutNum === undefined || !(dropoutNum >= 0 && dropoutNum <= 1)) && typeof bias === "boolean" && typeof batchFirst === "boolean") {', bug: "dropout's range checked only once bias and batch_first are known good" },
  { name: 'state-dict-unexpected-first', file: 'engine/state-dict.ts', find: 'if (unexpected.length) errors.unshift(', replace: 'if (unexpected.length) errors.push(', bug: "load_state_dict lists unexpected keys after the size mismatches instead of before" },
  // ---- layout, seeds and what the README says conforms -------------------------------------------
  { name: 'hx-reverse-from-forward', file: 'engine/forward.ts', find: 'const h0 = hx ? hx.data.subarray(slot, slot + NH) : null;', replace: 'const h0 = hx ? hx.data.subarray(l * D * NH, l * D * NH + NH) : null;', bug: "the reverse direction starts from the forward direction's hx row" },
  { name: 'negative-seed-abs', file: 'engine/mt19937.ts', find: 'return s < 0n ? s + TWO_POW_64 : s;', replace: 'return s < 0n ? -s : s;', bug: 'a negative seed used as its absolute value instead of wrapped to 2^64 + seed' },
  { name: 'repr-dropout-layers-only', file: 'engine/repr.ts', find: 'if (c.dropout !== 0)', replace: 'if (c.dropout !== 0 && c.numLayers > 1)', bug: 'repr omits dropout= for a single-layer module (where dropout has no effect)' },
  { name: 'repr-bias-first', file: 'engine/repr.ts', find: "if (c.numLayers !== 1) s += `, num_layers=${d.numLayers}`; if (!c.bias) s += ', bias=False';", replace: "if (!c.bias) s += ', bias=False'; if (c.numLayers !== 1) s += `, num_layers=${d.numLayers}`;", bug: 'repr prints bias=False before num_layers=' },
  // ---- packed input (issue 15): the golden packed-* fixtures and check's packed cases ----------------
  { name: 'packed-hn-not-unsorted', file: 'engine/forward-packed.ts', find: 'return [output, seq.unsortedIndices ? indexSelect(hNT, 1, seq.unsortedIndices) : hNT];', replace: 'return [output, hNT];', bug: "h_n of an unsorted packed batch left in the sorted order instead of the caller's" },
  { name: 'packed-hx-not-sorted', file: 'engine/forward-packed.ts', find: 'const hx = hxIn && seq.sortedIndices ? indexSelect(hxIn, 1, seq.sortedIndices) : hxIn;', replace: 'const hx = hxIn;', bug: "hx used in the caller's order instead of permuted by sorted_indices" },
  { name: 'packed-hn-ended-lost', file: 'engine/forward-packed.ts', find: 'if (n < last) dir.hN.set(cur.subarray(n * row, last * row), n * row);', replace: '', bug: "h_n of a sequence shorter than the longest not taken at its own last step (read where the padded batch ends)" },
  { name: 'packed-reverse-no-fresh-start', file: 'engine/forward-packed.ts', find: 'if (n > last) loadH0(dir, last, n);', replace: '', bug: "the reverse direction does not start a shorter sequence from hx (or zeros) at its own last step: it carries state in from beyond it, as if from the padded end" },
  // ---- gradients (issue 16): the golden grad-* fixtures and check's gradient cases ---------------------
  { name: 'grad-hx-missing-last-step', file: 'engine/kernels/bptt-real.ts', find: 'if (s > 0 || a.gH0) {', replace: 'if (s > 0) {', bug: "the backward's last step (into hx: its W_hh product) skipped: grad.hx never receives it" },
  { name: 'grad-dropout-mask-skipped', file: 'engine/tape.ts', find: 'if (noise) multiplyNoise(c.dtype, gX, noise);', replace: '', bug: "the dropout mask forward drew is not applied in the backward (gradients reach dropped elements)" },
  { name: 'grad-complex64-mm-no-conj', file: 'engine/kernels/bptt-complex.ts', find: 're = Math.fround(rr + ii); im = Math.fround(ir - ri);', replace: 're = Math.fround(rr - ii); im = Math.fround(ir + ri);', bug: 'complex64 gradient products x·W instead of x·conj(W) (not the conjugate Wirtinger derivative torch stores)' },
  { name: 'grad-complex-tanh-no-conj', file: 'engine/kernels/bptt-complex.ts', find: 'const ci = -f(0 - si);', replace: 'const ci = f(0 - si);', bug: "complex tanh_backward multiplies by 1 - h² instead of conj(1 - h²)" },
  { name: 'grad-relu-zero-passes', file: 'engine/kernels/bptt-real.ts', find: 'relu ? (hv <= 0 ? 0 : g)', replace: 'relu ? (hv < 0 ? 0 : g)', count: 3, bug: "relu's backward passes the gradient where the output was clamped to 0 (threshold_backward blocks result <= 0)" },
  { name: 'grad-reverse-forward-order', file: 'engine/kernels/bptt.ts', find: 'const t = a.reverse ? T - 1 - s : s;', replace: 'const t = s;', bug: 'the reverse direction back-propagated in the forward direction\'s time order' },
  { name: 'grad-whh-ignores-hx', file: 'engine/kernels/bptt.ts', find: 'if (p.n > p.fromPrev) transpose(a.h0 ?? zeros,', replace: 'if (p.n > p.fromPrev) transpose(zeros,', bug: "grad.weight_hh's first step uses zeros for h_{-1} even when hx was given" },
  { name: 'grad-input-batch-first-unswapped', file: 'engine/tape.ts', find: 'const inputGrad = bf && !pk ? swap01(gInput, N, T, c.inputSize * lane) : gInput;', replace: 'const inputGrad = gInput;', bug: 'grad.input of a batch_first module left in the seq-first layout' },
  { name: 'grad-bf16-products-fused', file: 'engine/kernels/dot4.ts', find: 'p0 = fr(p0 + fr(x[xr + k] * W[wj + k]));', replace: 'p0 = fr(p0 + x[xr + k] * W[wj + k]);', count: 2, bug: "bfloat16 grad·W products (gemm_notrans_'s partial sums) fused into the add: a product past float32's range stays finite, or inf where torch's inf - inf is NaN" },
  { name: 'grad-16bit-accumulate-unrounded', file: 'engine/kernels/bptt-real.ts', find: 'else if (st) for (let i = 0; i < acc.length; i++) acc[i] = st(acc[i] + v[i]);', replace: 'else if (st) for (let i = 0; i < acc.length; i++) acc[i] = acc[i] + v[i];', bug: 'float16/bfloat16 weight gradients accumulated over the steps without rounding each sum to the dtype' },
];
