// sgemm.ts's and cgemm.ts's path choices against torch 2.13's products at each bound: the shape on one side
// of a bound and an input on which MKL's answer is the model's, so a bound moved by one (or a path taken on
// the wrong side) gives another answer. The kernels model MKL on an AVX-512 CPU. Two tables: CASES was printed
// on an AVX2 CPU (AMD EPYC), where MKL sums some of these shapes in the model's order for every input and
// others only for some (the seeds were chosen among those: python/testing/gemm_bounds.py says how);
// AVX512_CASES on an AVX-512 one (Intel Xeon, Sapphire Rapids: python/testing/gemm_bounds_avx512.py), the
// bounds only AVX-512 judges: the small kernel's, the fused K = 1 bias's, the dot path's operand order at
// rows = H = 1, complex K = 1 at H 2..7. Both are committed constants: the spec runs the engine only, on any CPU. Three AVX2 cases
// (float32 mm rows 1, K 33, H 1; rows 4, K 4, H 1; rows 2, K 32, H 2) are shapes whose AVX-512 path sgemm.ts
// does not know yet (its chain stands in): torch on AVX-512 gives other answers there.
import { describe, expect, it } from 'vitest';
import { RNN } from '../rnn.js';
import { numel, tensor } from '../tensor.js';
import { cgemm64 } from './cgemm.js';
import { projectReal } from './real.js';

type Case = [dtype: 'float32' | 'complex64', op: 'mm' | 'addmm' | 'mm_add_', rows: number, K: number, H: number, mode: string, seed: number, bits: string, why: string];

const CASES: Case[] = [
  // printed by python/testing/gemm_bounds.py: torch 2.13.0+cpu, CPU capability AVX2
  ['float32', 'mm', 15, 8, 2, 'f', 1, 'c0cb66b1 c1dc475a 4079e926 4073495c bc789e00 c18836c3 bfc99746 4098e1d4 c0d446aa c1c51bdb bf307d9c c04b5310 3e80d060 c0cf6f8a bfeb83bb 3fe7d466 4041a923 404cb4b6 c142f7af c0ed4bb4 4084f531 419064b2 3eed66d1 3f77e640 3f1ecc13 409933d4 c0182651 c249f3d1 40e272d4 bd219660', 'lanes path for H = 2 up to rows = 15 (not the chain)'],
  ['float32', 'mm', 10, 8, 3, 'f', 1, 'c0cb66b1 c1dc475a bfa752b0 4079e926 4073495c bf8674f2 bc789e00 c18836c3 41ab9b34 bfc99746 4098e1d4 410192d2 c0d446aa c1c51bdb 40b60fc6 bf307d9c c04b5310 c0a8830a 3e80d060 c0cf6f8a bf81fbda bfeb83bb 3fe7d466 c1a229f4 4041a923 404cb4b6 411e81d7 c142f7af c0ed4bb4 40a2c4d5', 'lanes path for H = 3 up to rows = 10'],
  ['float32', 'mm', 2, 8, 11, 'f', 1, 'c0cb66b1 c1dc475a bfa752b0 40cab4d6 3fa38d48 c19a046b c154f6e4 405ad373 c155f6f3 4196209f bfddc8b4 4079e926 4073495c bf8674f2 4123188c 3f9f3744 c0a65b76 c1b2ce06 411a5eb9 c0a1668c 41a6a710 c09f68d0', 'lanes path up to H = 11 (K <= H, rows < H)'],
  ['float32', 'addmm', 1, 1, 3, 'f', 3, '410a48f0 416e9e8e c1db0d2f', 'rows = 1: the K = 1 addmm bias is added after the rounded product (not fused)'],
  ['float32', 'addmm', 3, 1, 1, 'f', 1, '3d0ca464 bcc31652 bb54031a', 'H = 1: the K = 1 addmm bias is added after the rounded product (not fused)'],
  ['float32', 'mm', 1, 33, 1, 'p', 1, '4ba00004', 'K = 33 > 32: the chain, not the tail-dot'],
  ['float32', 'mm', 1, 32, 1, 'p', 6, 'cc0a000b', 'K = 32: still the tail-dot (rows = 1)'],
  ['float32', 'mm', 3, 5, 1, 'f', 15, 'c0d4df05 3e2f24de c0ef2e88', 'H = 1, rows = 3: the tail-dot'],
  ['float32', 'mm', 4, 4, 1, 'p', 1, '4b500000 ca7fffff 3f000000 4a3fffc0', 'H = 1, rows = 4: the chain'],
  ['float32', 'mm', 2, 3, 13, 'p', 1, '4b500000 cb380000 4b080000 4a800000 c9000000 4ae00000 4b400000 4b180000 cb580000 ca200000 cb000000 cb500000 4aa00000 ca800000 c9ffffff ca000000 ca800000 49ffffff cb000000 cb000000 ca000000 ca000000 4a000000 cb000000 cb000000 4b000000', 'H = 13 > 11: the chain, not the lanes'],
  ['float32', 'mm', 2, 5, 4, 'p', 9, '4c300000 cc880000 cc400000 cc000000 4a5ffff9 497fffe5 ca3ffffa c02b0000', 'K = 5 > H = 4: the chain, not the lanes'],
  ['float32', 'mm', 4, 3, 4, 'p', 1, '4b500000 cb380000 4b080000 4a800000 ca800000 c9ffffff ca000000 ca800000 4b100000 cb100000 4b080000 c9c00000 4ac00001 cac00000 4aa00000 3ee00000', 'rows = H = 4: the chain, not the lanes'],
  ['float32', 'mm', 2, 32, 2, 'p', 102, '4adfffd8 4c92fff9 4ca1ffff 4c440001', 'K = 32: the chain, not the lanes (H = 2)'],
  ['complex64', 'addmm', 3, 2, 2, 'p', 1, '4b2ffff8 cc300000 4b8fffff cab00000 ca800010 cc300000 4abffffd ca000000 4a7fffe2 cbc80000 49bffffa ca800000', 'H = 2 < 3: not the small kernel (the dot path)'],
  ['complex64', 'addmm', 3, 4, 11, 'f', 1, 'bf697090 c26e089e c1055ae0 40bb267c bfddca0e c10dee4f 4138d577 401f6ef0 40e24ac7 c1907187 c15a2bb4 c223c083 c1f3f352 419b8071 4135e557 3fd59947 c16f3818 4045066a 41bf2c63 c19df88f c08a791c c08bf8f4 c0adf509 c24b0bed c17d32a4 c0c3cbf3 404414bd c04df516 40780840 c0f1a1ac c11d0d87 41252b21 c17acfea c09c132a c0ec5d86 c1d3868a 410bffca 40d89e02 c114d4cb c20646d7 415f6692 c121b8a9 41b07495 401b3036 410300ad c23a5355 c175f2ee 414bb97e c051f68f c14c538d 410039fe c0aeae16 c14bfa77 41807046 41d460ac 414c083d c1dc7951 418ac288 41c3abd4 40806dc0 c0799af3 41554829 40a39fd7 c1508d75 42633b9e c1b2a00d', 'H = 11 > 10: not the small kernel (the four FMA chains)'],
  ['complex64', 'addmm', 1, 1, 8, 'f', 5, '41b59985 c117739b 420bc091 412f17f9 424cb3c6 40d1f834 3eb8c6af c1fa61f3 412f5d2d c1a6f980 c11dedb1 40963c57 c10baf10 40a7594e bfe3b894 c03efab4', 'rows = 1: the dot path, not the K = 1 product'],
  ['complex64', 'mm', 2, 4, 8, 'f', 1, 'bf68d094 c189df89 c1068bab 4010462a c027e354 c10e0e48 41392f7f 40089bc0 40e23a97 c1f30b2a c15766aa c22ae2f5 c1f3f3e7 41941a2b 40e10a2c 3fc5f0e0 c0ade109 c107cc4c c17e636f c11b67ad 400b1670 c04e74f8 40797060 c0fd0b44 c11d159f c0002094 c1780ae0 c0d526b8 c0ec5fda c1daecd0 408d3f12 40d4b3e8', 'H = 8: the four FMA chains, not the dot path'],
  ['complex64', 'mm', 2, 1, 8, 'z', 1, '80000000 00000000 80000000 00000000 80000000 00000000 80000000 00000000 80000000 00000000 80000000 00000000 80000000 00000000 80000000 00000000 80000000 00000000 80000000 00000000 80000000 00000000 80000000 00000000 80000000 00000000 80000000 00000000 80000000 00000000 80000000 00000000', 'K = 1, rows 2, H 8: the K = 1 product then alpha (a -0 real part stays -0)'],
  ['complex64', 'mm_add_', 2, 1, 8, 'z', 1, '80000000 3f800000 80000000 3f800000 80000000 3f800000 80000000 3f800000 80000000 3f800000 80000000 3f800000 80000000 3f800000 80000000 3f800000 80000000 3f800000 80000000 3f800000 80000000 3f800000 80000000 3f800000 80000000 3f800000 80000000 3f800000 80000000 3f800000 80000000 3f800000', 'mm then add_: alpha multiplies the bias (-0 + 1i stays -0 + 1i)'],
  ['complex64', 'addmm', 4, 1, 4, 'i', 1, '7fc00000 ffc00000 7fc00000 ffc00000 7fc00000 ffc00000 7fc00000 ffc00000 7fc00000 ffc00000 7fc00000 ffc00000 7fc00000 ffc00000 7fc00000 ffc00000 7fc00000 ffc00000 7fc00000 ffc00000 7fc00000 ffc00000 7fc00000 ffc00000 7fc00000 ffc00000 7fc00000 ffc00000 7fc00000 ffc00000 7fc00000 ffc00000', 'K = 1 within the small-kernel range of rows and H: the K = 1 product with alpha (inf + 0i gives NaN + NaN i)'],
  ['complex64', 'mm', 2, 1, 8, 'i', 1, 'ffc00000 ffc00000 ffc00000 ffc00000 ffc00000 ffc00000 ffc00000 ffc00000 ffc00000 ffc00000 ffc00000 ffc00000 ffc00000 ffc00000 ffc00000 ffc00000 ffc00000 ffc00000 ffc00000 ffc00000 ffc00000 ffc00000 ffc00000 ffc00000 ffc00000 ffc00000 ffc00000 ffc00000 ffc00000 ffc00000 ffc00000 ffc00000', 'K = 1, rows 2, H 8: the K = 1 product then alpha (inf + 0i gives NaN + NaN i, not inf + NaN i)'],
];

const AVX512_CASES: Case[] = [
  // printed by python/testing/gemm_bounds_avx512.py: torch 2.13.0+cpu, CPU capability AVX512 (Intel Xeon, Sapphire Rapids)
  ['float32', 'addmm', 2, 1, 3, 'f', 3, '410a48ef 416e9e8e c1db0d2f 3d8855a0 bd411cf3 c11f735c', 'rows = 2: the K = 1 addmm bias is fused (rows >= 2, not > 2)'],
  ['float32', 'addmm', 3, 1, 2, 'f', 1, '3d0ca464 c22944d0 bcc31652 c228ff4e bb540319 c22917e7', 'H = 2: the K = 1 addmm bias is fused (H >= 2, not > 2)'],
  ['complex64', 'addmm', 10, 4, 4, 'f', 1, 'bf697092 c26e089d c1055ae1 40bb267c bfddca0f c10dee4e 4138d576 401f6eef c0adf508 c24b0bee c17d32a3 c0c3cbf5 404414bb c04df515 40780841 c0f1a1ac 410300ae c23a5355 c175f2ef 414bb980 c051f68e c14c538d 410039fe c0aeae17 be5aaaec c2259098 3e5ba110 3c322400 c034e5b0 3dcd6b90 4078f2ad 3fafb51f 4089bbc6 c24041ed c1adc520 bee3f268 3f9a4fcf c21008f5 40958ac6 4076b403 c0d7b6d0 c21dad89 c232849f c194dbdc c0154f10 c255ca2c c07cc0fd 4092defc c038cd73 c22f7f76 c07b51ac 4090feb2 3f009f6a c15525cb c0370043 3f294428 3f8dc184 c23aab69 410ea791 c0aa2b5a 418c7674 4150f7c7 bf5b4de6 3d7a3380 c06befd7 c2244828 bf0e6595 410eb586 c0fc682c 3eedbb34 3f5d0246 bfa89863 41262c29 c230bd21 bff03f14 c044ce8c c09871a0 c1279cb9 403e85a0 410e085c', 'rows = 10: still the small kernel (rows <= 10)'],
  ['complex64', 'addmm', 4, 3, 10, 'f', 1, '3f90c76f c267f540 417ab838 c08a1e06 bffb1758 c143d598 c081e0c3 c2072987 4138c78e 41378e45 c15bdd54 4108c412 c168395c c168302a 41bf72c8 c24dc67a c1eb2966 41aab83f c1ba259d c11ea0c2 c134975a c21bb5a2 c13ded34 c0c9964a bf96b33e 4014d784 c1824074 bfe520e8 c0b747b8 413698e2 c0bf0113 41758394 c190618c bfb68f60 c187fcdd c09797b6 bf5bc220 3ffe1aa0 c02caac8 40e3a541 400ccfcc c191fe68 c19afbd9 41c1af00 40655e9a bfa4c627 412b4af6 424614df c16de0a0 41c207f0 41c573a9 4102d418 41b59e69 41988afc bfe340b4 425bdd9a 422ff250 c030f61c 41c36ce9 bf79f12e c0654b84 c23c8032 3ecceeed bfe5cef0 4040f56b c0813ce8 c14e24b9 c1476e45 401fff38 412114e4 c1063c61 4137958d c15130ec 3ff47834 408b81c4 c19d05f5 c1aaa76e 418c0990 c10651ce bed1e7c0', 'H = 10: still the small kernel (H <= 10); tail columns from j = 8'],
  ['complex64', 'addmm', 4, 2, 4, 'f', 1, '40103c5c c22fd44a 3fe7dd7c 3fc76bdc 4123f978 41091bc2 403460ed c134c0dd c09d7e30 c222b5e5 c045d552 c13f4f9b 4183fb6a c149bc71 c18e4fcc c0be6ae7 bfdfd56e c22649fb bfb4ddb9 4102632d c1102e75 c105df6b c01b7a6e 4143343a bfcd0bbb c21d22c0 c0673c2c c0b30c2f 40b95439 c09298d6 c0c09ede bf7b37d4', 'K = 2: still the small kernel (K >= 2); odd rows keep the x form (K >= 3 for the W form)'],
  ['complex64', 'addmm', 4, 10, 4, 'f', 1, 'c10187c6 c289d503 420cdc42 4204df67 c0d42df6 c2a6d84b c2061294 412fbedc 409fac42 c23d9733 c0027430 c10b8e87 3f155f00 c179ae63 418192e2 c01620b0 c146c3c4 c2166d9a c22dbb17 40edc8e0 c03da8b8 c21ae3ad 42ce189b c0e3b2ad bf5f4554 c24f73df 4215880c 41475d46 c150240e c208ba35 c118ed73 400d131c', 'K = 10: still the small kernel (K <= 10)'],
  ['complex64', 'addmm', 4, 3, 6, 'f', 1, '3f90c76f c267f540 417ab838 c08a1e06 bffb1758 c143d598 c081e0c3 c2072987 4138c78e 41378e45 c15bdd54 4108c412 c134975a c21bb5a2 c13ded34 c0c9964a bf96b33e 4014d784 c1824074 bfe520e8 c0b747b8 413698e2 c0bf0113 41758394 400ccfcc c191fe68 c19afbd9 41c1af00 40655e9a bfa4c627 412b4af6 424614df c16de0a0 41c207f0 41c573a9 4102d418 c0654b84 c23c8032 3ecceeed bfe5cef0 4040f56b c0813ce8 c14e24b9 c1476e45 401fff38 412114e4 c1063c61 4137958d', 'H = 6: tail columns only from j = 8 (odd rows: x form in columns 0..5)'],
  ['complex64', 'addmm', 6, 4, 5, 'f', 1, 'bf697092 c26e089d c1055ae1 40bb267c bfddca0f c10dee4e 4138d576 401f6eef 40e24ac6 c1907186 c0adf508 c24b0bee c17d32a3 c0c3cbf5 404414bb c04df515 40780841 c0f1a1ac c11d0d86 41252b22 410300ae c23a5355 c175f2ef 414bb980 c051f68e c14c538d 410039fe c0aeae17 c14bfa78 41807046 be5aaaec c2259098 3e5ba110 3c322400 c034e5b0 3dcd6b90 4078f2ad 3fafb51f c082cff5 40a1219a 4089bbc6 c24041ed c1adc520 bee3f268 3f9a4fcf c21008f5 40958ac6 4076b403 40dba6ed 414136c8 c0d7b6d0 c21dad89 c232849f c194dbdc c0154f10 c255ca2c c07cc0fd 4092defc 413ff073 41d9b210', 'H = 5: every column a tail column (H <= 5, not < 5: odd rows take the W form)'],
  ['complex64', 'addmm', 3, 3, 3, 'z', 1, '80000000 3f800000 80000000 3f800000 80000000 3f800000 80000000 3f800000 80000000 3f800000 80000000 3f800000 80000000 3f800000 80000000 3f800000 80000000 3f800000', 'the small kernel starts from the bias: -0 + 1i plus 0·(-1) stays -0'],
  ['complex64', 'mm', 1, 1, 1, 'f', 2, '3ce070b2 3c14c187', 'rows = H = 1: the dot path with the row of W as the vector operand'],
  ['complex64', 'mm', 2, 1, 1, 'f', 2, '3ce070b2 3c14c188 3eb4493f 3eaff34f', 'H = 1, rows = 2: the dot path with the row of x as the vector operand'],
  ['complex64', 'mm', 2, 1, 2, 'z', 1, '80000000 00000000 80000000 00000000 80000000 00000000 80000000 00000000', 'K = 1, rows 2, H 2: the K = 1 product, not the dot path (a -0 real part stays -0)'],
  ['complex64', 'mm', 3, 1, 7, 'f', 1, '3c41c9e3 bd83b26b 3d42ad3f 3cadcdcb 3de0e614 3e1641ae 3d506463 3bbfb1f2 bd6f4866 3dc34d3e bd47c341 3e6eb9c6 3dd08074 bbcf3b07 c0290135 c010acc8 400fa291 bfcf32ec 411ad8c2 bf90d139 3fd048bf c00bb4fb 4034c872 40a76a2c 4116a92d 4107752f 401b5716 c09b2f15 c059cb76 406c5d19 c00dfd68 c054d750 bf8fb149 c16083da c044345e c01dbaa7 40f679ce c07354db 414b84ec c1525dc3 c0dbf25a c070a785', 'K = 1, rows 3, H 7: the K = 1 product (x first), not the dot path (W first)'],
  ['complex64', 'mm', 2, 1, 1, 'z', 1, '00000000 00000000 00000000 00000000', 'K = 1, H = 1, rows 2: still the dot path (its lanes from +0 give +0)'],
];

/** python/testing/gemm_bounds.py's h32: a 32-bit hash of (seed, index). */
function h32(s: number, i: number): number {
  let a = (Math.imul(s, 0x9e3779b9) + Math.imul(i, 0x85ebca6b) + 0x632be5ab) >>> 0;
  a ^= a >>> 16;
  a = Math.imul(a, 0x7feb352d) >>> 0;
  a ^= a >>> 15;
  a = Math.imul(a, 0x846ca68b) >>> 0;
  return (a ^ (a >>> 16)) >>> 0;
}

/** python/testing/gemm_bounds.py's value(): element i of operand op for seed s, exact in float32. */
function value(s: number, i: number, op: 'x' | 'w' | 'b', mode: string): number {
  if (mode === 'z') return { x: 0, w: i % 2 ? 0 : -1, b: i % 2 ? 1 : -0 }[op];
  if (mode === 'i') return i % 2 ? 0 : { x: Infinity, w: 1, b: 1 }[op];
  const w1 = h32(s, 2 * i), w2 = h32(s, 2 * i + 1);
  if (mode === 'f') return ((w1 >>> 8) - 2 ** 23) * 2 ** (op !== 'w' ? -29 + (w2 % 13) : -25 + (w2 % 4));
  if (op === 'w') return (w1 & 1 ? -1 : 1) * 2 ** (((w1 >>> 1) % 3) - 1);
  if ((w1 & 0xff) < 90) return ((w1 >>> 8) & 1 ? -1 : 1) * 2 ** (20 + ((w1 >>> 9) % 6));
  return (((w1 >>> 12) & 2047) - 1024) * 2 ** (-14 + (w2 % 10));
}

function operand(seed: number, n: number, op: 'x' | 'w' | 'b', mode: string): Float32Array {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = value(seed, i, op, mode);
  return a;
}

describe('x·Wᵀ at the bounds of the gemm path choices, against torch 2.13', () => {
  for (const [cpu, table] of [['AVX2', CASES], ['AVX-512', AVX512_CASES]] as const) {
    for (const [dtype, op, rows, K, H, mode, seed, bits, why] of table) {
      it(`torch on ${cpu}: ${dtype} ${op} rows ${rows}, K ${K}, H ${H} (${mode} ${seed}): ${why}`, () => {
        const m = dtype === 'complex64' ? 2 : 1;
        const x = operand(seed, m * rows * K, 'x', mode);
        const W = operand(seed + 1000000, m * H * K, 'w', mode);
        const b = op === 'mm' ? null : operand(seed + 2000000, m * H, 'b', mode);
        const out = new Float32Array(m * rows * H);
        if (dtype === 'complex64') cgemm64(x, 0, rows, K, W, b, H, out, op === 'addmm');
        else projectReal({ f32: true, store: null, relu: false }, x, rows, K, W, b, H, out, op === 'mm_add_');
        const want = new Float32Array(new Uint32Array(bits.split(' ').map((h) => parseInt(h, 16))).buffer);
        // bit for bit, a zero's sign included; NaN is NaN whatever its payload
        expect(Array.from(out).map(String).join(' ')).toBe(Array.from(want).map(String).join(' '));
        expect(Array.from(out).map((v) => Object.is(v, -0))).toEqual(Array.from(want).map((v) => Object.is(v, -0)));
      });
    }
  }
});

type RnnCase = [I: number, H: number, T: number, N: number, params: Record<string, [number, number]>, x: [number, number], output: string];

// kernels/complex.ts's stepComplex adds P as add_ does, g + (1 + 0i)·P: P's real part enters as pr - pi·0. Here
// h0 = 0, so the first step's g = h·W_hhᵀ + b_hh is cgemm's small kernel from b_hh's -0 (real part -0, as
// AVX512_CASES's 'z' case shows), and P's real part is -0 too: g + alpha·P's real part is -0 when pi >= 0 and
// +0 when pi < 0 (pr + pi·0 gives the other sign in both), kept by tanh.
const RNN_CASES: RnnCase[] = [
  // printed by python/testing/gemm_bounds_avx512.py: torch 2.13.0+cpu, CPU capability AVX512 (Intel Xeon, Sapphire Rapids): nn.RNN(I, H, dtype=complex64) forward, every element of a parameter or of x one constant
  [3, 3, 1, 3, { weight_ih_l0: [-1.0, 0.0], bias_ih_l0: [-0, 0.5], weight_hh_l0: [-1.0, 0.0], bias_hh_l0: [-0, 0.0] }, [0.0, 0.0], '-0.0 0.5463024973869324 -0.0 0.5463024973869324 -0.0 0.5463024973869324 -0.0 0.5463024973869324 -0.0 0.5463024973869324 -0.0 0.5463024973869324 -0.0 0.5463024973869324 -0.0 0.5463024973869324 -0.0 0.5463024973869324'],
  [3, 3, 1, 3, { weight_ih_l0: [-1.0, 0.0], bias_ih_l0: [-0, -0.5], weight_hh_l0: [-1.0, 0.0], bias_hh_l0: [-0, 0.0] }, [0.0, 0.0], '0.0 -0.5463024973869324 0.0 -0.5463024973869324 0.0 -0.5463024973869324 0.0 -0.5463024973869324 0.0 -0.5463024973869324 0.0 -0.5463024973869324 0.0 -0.5463024973869324 0.0 -0.5463024973869324 0.0 -0.5463024973869324'],
];

describe('a complex64 step adds P to a -0 real part as torch 2.13 on AVX-512 does', () => {
  for (const [I, H, T, N, params, x, output] of RNN_CASES) {
    it(`I ${I}, H ${H}, T ${T}, N ${N}, b_ih = -0 ${params.bias_ih_l0[1] < 0 ? '-' : '+'} ${Math.abs(params.bias_ih_l0[1])}i: output real parts ${output.split(' ')[0]}`, () => {
      const rnn = RNN.fromTorchConfig({ input_size: I, hidden_size: H, dtype: 'complex64' });
      const fill = (n: number, [re, im]: [number, number]): number[] => Array.from({ length: 2 * n }, (_, i) => (i % 2 ? im : re));
      const param = (k: string): [number, number] => {
        const v = params[k];
        if (!v) throw new Error(`no value for ${k}`);
        return v;
      };
      rnn.loadStateDict(Object.fromEntries(Object.entries(rnn.stateDict()).map(([k, t]) => [k, tensor('complex64', t.shape, fill(numel(t.shape), param(k)))])));
      rnn.eval();
      const [y] = rnn.forward(tensor('complex64', [T, N, I], fill(T * N * I, x)), null);
      const signed = (v: number): string => (Object.is(v, -0) ? '-0' : String(v));
      expect([...y.data].map(signed)).toEqual(output.split(' ').map((v) => signed(Number(v))));
    });
  }
});
