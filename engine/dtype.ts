// The six CPU dtypes of torch.nn.RNN and how the engine stores them.
// Real dtypes live in a Float32Array (float32, float16, bfloat16: values already rounded to the
// dtype) or a Float64Array (float64). Complex dtypes interleave re, im in the same arrays.

export const DTYPES = ['float16', 'bfloat16', 'float32', 'float64', 'complex64', 'complex128'] as const;
export type DType = (typeof DTYPES)[number];

export type Storage = Float32Array | Float64Array;

export function isDType(x: unknown): x is DType {
  return typeof x === 'string' && (DTYPES as readonly string[]).includes(x);
}

export function isComplex(d: DType): d is 'complex64' | 'complex128' {
  return d === 'complex64' || d === 'complex128';
}

/** The real dtype a complex dtype is made of (complex64 -> float32); real dtypes map to themselves. */
export function realPart(d: DType): Exclude<DType, 'complex64' | 'complex128'> {
  return d === 'complex64' ? 'float32' : d === 'complex128' ? 'float64' : d;
}

/** Array elements per tensor element: 2 for complex (re, im). */
/** Bytes per element in torch's layout (a complex element is both lanes). */
export const ITEMSIZE: Readonly<Record<DType, number>> = { float16: 2, bfloat16: 2, float32: 4, float64: 8, complex64: 8, complex128: 16 };

export function lanes(d: DType): 1 | 2 {
  return isComplex(d) ? 2 : 1;
}

export function allocStorage(d: DType, numel: number): Storage {
  const n = numel * lanes(d);
  return d === 'float64' || d === 'complex128' ? new Float64Array(n) : new Float32Array(n);
}

/** torch's repr of a dtype, as it appears in error messages: torch.float32. */
export function torchName(d: DType): string {
  return `torch.${d}`;
}

/** The scalar type name ATen prints in some messages: Float, Double, Half, BFloat16, ComplexFloat, ComplexDouble. */
export function atenName(d: DType): string {
  return { float16: 'Half', bfloat16: 'BFloat16', float32: 'Float', float64: 'Double', complex64: 'ComplexFloat', complex128: 'ComplexDouble' }[d];
}

/** The C++ type name some ATen messages print: float, double, c10::Half, c10::complex<float>, ... */
export function cppName(d: DType): string {
  return {
    float16: 'c10::Half', bfloat16: 'c10::BFloat16', float32: 'float', float64: 'double',
    complex64: 'c10::complex<float>', complex128: 'c10::complex<double>',
  }[d];
}
