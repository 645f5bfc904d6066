// A tiny WebAssembly assembler: just the opcodes the fast kernels use, a function builder and the
// module encoding (types, one imported memory, functions, exports). The kernel generator
// (wasm-kernels.ts) writes its modules with it at run time, so the repository holds the source of
// every byte and no binary. Opcodes: the WebAssembly 2.0 core spec, binary format (SIMD: 0xfd prefix).

export const I32 = 0x7f;
export const F32 = 0x7d;
export const F64 = 0x7c;
export const V128 = 0x7b;
export type ValType = typeof I32 | typeof F32 | typeof F64 | typeof V128;

/** Unsigned LEB128 of a non-negative safe integer (indices, counts, sizes, memory offsets); refuses anything else (NaN, ±Infinity would never end). */
export function uleb(n: number): number[] {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`uleb: ${String(n)} is not a non-negative safe integer`);
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n = Math.trunc(n / 128); // toward 0: the loop ends on every finite n, even with the check above mutated away
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

/** Signed LEB128 of a 32-bit integer (i32.const and the data offset: the kernels use no i64 constant). */
export function sleb(n: number): number[] {
  if (n !== (n | 0)) throw new RangeError(`sleb: ${String(n)} is not a 32-bit signed integer`);
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) return [...out, b];
    out.push(b | 0x80);
  }
}

const simd = (op: number): number[] => [0xfd, ...uleb(op)];

// Operand-free instructions by their text-format name.
const OPS = {
  'i32.eqz': [0x45], 'i32.lt_s': [0x48], 'i32.lt_u': [0x49], 'i32.gt_s': [0x4a], 'i32.ge_s': [0x4e], 'i32.ge_u': [0x4f],
  'i32.add': [0x6a], 'i32.sub': [0x6b], 'i32.mul': [0x6c], 'i32.shl': [0x74], 'select': [0x1b],
  'i8x16.shuffle': simd(0x0d), 'v128.and': simd(0x4e), 'v128.or': simd(0x50),
  'f32x4.demote_f64x2_zero': simd(0x5e), 'f64x2.promote_low_f32x4': simd(0x5f), 'f64x2.nearest': simd(0x94),
  'i32x4.trunc_sat_f64x2_s_zero': simd(0xfc), 'i64x2.extend_low_i32x4_s': simd(0xc7), 'i64x2.shl': simd(0xcb), 'i64x2.add': simd(0xce),
  'f32x4.add': simd(0xe4), 'f32x4.sub': simd(0xe5), 'f32x4.mul': simd(0xe6), 'f32x4.pmax': simd(0xeb),
  'f64x2.abs': simd(0xec), 'f64x2.add': simd(0xf0), 'f64x2.sub': simd(0xf1), 'f64x2.mul': simd(0xf2), 'f64x2.div': simd(0xf3),
  'f64x2.min': simd(0xf4), 'f64x2.pmax': simd(0xf7),
} as const;
export type Op = keyof typeof OPS;

// Loads and stores: opcode and the natural alignment (log2 bytes).
const MEM = {
  'f64.load': [[0x2b], 3], 'v128.load': [simd(0x00), 4], 'v128.load32_splat': [simd(0x09), 2],
  'v128.load64_splat': [simd(0x0a), 3], 'v128.store': [simd(0x0b), 4],
} as const satisfies Record<string, readonly [readonly number[], number]>;
export type MemOp = keyof typeof MEM;

/** One function: parameters, result types, extra locals and its code, written fluently. */
export class Fn {
  readonly code: number[] = [];
  private readonly extra: ValType[] = [];
  constructor(
    readonly params: readonly ValType[],
    readonly results: readonly ValType[] = [],
  ) {}

  /** A new local of the given type; returns its index. */
  local(t: ValType): number {
    this.extra.push(t);
    return this.params.length + this.extra.length - 1;
  }

  op(...names: Op[]): this {
    for (const n of names) this.code.push(...OPS[n]);
    return this;
  }
  get(i: number): this {
    return this.emit(0x20, ...uleb(i));
  }
  set(i: number): this {
    return this.emit(0x21, ...uleb(i));
  }
  tee(i: number): this {
    return this.emit(0x22, ...uleb(i));
  }
  i32(v: number): this {
    return this.emit(0x41, ...sleb(v | 0));
  }
  /** v128.const with both f64 lanes = v. */
  f64x2(v: number): this {
    return this.vconst(new Uint8Array(new Float64Array([v, v]).buffer));
  }
  mem(name: MemOp, offset = 0): this {
    const [code, align] = MEM[name];
    this.code.push(...code, align, ...uleb(offset));
    return this;
  }
  /** i8x16.shuffle with its 16 byte lane indices. */
  shuffle(lanes: readonly number[]): this {
    return this.op('i8x16.shuffle').emit(...lanes);
  }
  block(): this {
    return this.emit(0x02, 0x40);
  }
  loop(): this {
    return this.emit(0x03, 0x40);
  }
  end(): this {
    return this.emit(0x0b);
  }
  br(depth: number): this {
    return this.emit(0x0c, ...uleb(depth));
  }
  brIf(depth: number): this {
    return this.emit(0x0d, ...uleb(depth));
  }
  call(index: number): this {
    return this.emit(0x10, ...uleb(index));
  }

  /** The code section entry: size, locals (one group per local), body, end. */
  body(): number[] {
    const locals = [...uleb(this.extra.length), ...this.extra.flatMap((t) => [1, t])];
    const b = [...locals, ...this.code, 0x0b];
    return [...uleb(b.length), ...b];
  }

  private emit(...bytes: number[]): this {
    this.code.push(...bytes);
    return this;
  }
  private vconst(bytes: Uint8Array): this {
    return this.emit(...simd(0x0c), ...bytes);
  }
}

const section = (id: number, content: number[]): number[] => [id, ...uleb(content.length), ...content];
const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const name = (s: string): number[] => [...uleb(s.length), ...[...s].map((c) => c.charCodeAt(0))];

/**
 * A module importing its memory as env.memory and exporting the named functions (in order);
 * `data` is written into that memory at `offset` when the module is instantiated.
 */
export function assemble(funcs: ReadonlyArray<readonly [string, Fn]>, data?: { offset: number; bytes: Uint8Array }): Uint8Array {
  const types = funcs.map(([, f]) => [0x60, ...vec(f.params.map((t) => [t])), ...vec(f.results.map((t) => [t]))]);
  const bytes = [
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec(types)),
    ...section(2, vec([[...name('env'), ...name('memory'), 0x02, 0x00, 0x00]])), // memory, min 0 pages, no max
    ...section(3, vec(funcs.map((_, i) => uleb(i)))),
    ...section(7, vec(funcs.map(([n], i) => [...name(n), 0x00, ...uleb(i)]))),
    ...section(10, vec(funcs.map(([, f]) => f.body()))),
    ...(data ? section(11, vec([[0x00, 0x41, ...sleb(data.offset), 0x0b, ...uleb(data.bytes.length), ...data.bytes]])) : []),
  ];
  return new Uint8Array(bytes);
}
