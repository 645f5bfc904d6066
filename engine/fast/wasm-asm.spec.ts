import { describe, expect, it } from 'vitest';
import { wasmApi, type WasmApi } from './backend.js';
import { assemble, F64, Fn, I32, sleb, uleb, V128 } from './wasm-asm.js';

describe('wasm-asm', () => {
  it('encodes LEB128 as the spec examples do', () => {
    expect(uleb(0)).toEqual([0]);
    expect(uleb(127)).toEqual([0x7f]);
    expect(uleb(128)).toEqual([0x80, 0x01]);
    expect(uleb(624485)).toEqual([0xe5, 0x8e, 0x26]);
    expect(uleb(2 ** 32 - 1)).toEqual([0xff, 0xff, 0xff, 0xff, 0x0f]);
    expect(sleb(0)).toEqual([0]);
    expect(sleb(-1)).toEqual([0x7f]);
    expect(sleb(63)).toEqual([0x3f]);
    expect(sleb(64)).toEqual([0xc0, 0x00]);
    expect(sleb(-64)).toEqual([0x40]);
    expect(sleb(-65)).toEqual([0xbf, 0x7f]);
    expect(sleb(-123456)).toEqual([0xc0, 0xbb, 0x78]);
    // the ends of the ranges they accept (LEB128 by its definition, printed by a 7-bits-a-byte encoder in Python 3.11)
    expect(uleb(2 ** 53 - 1)).toEqual([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x0f]);
    expect(sleb(2 ** 31 - 1)).toEqual([0xff, 0xff, 0xff, 0xff, 0x07]);
    expect(sleb(-(2 ** 31))).toEqual([0x80, 0x80, 0x80, 0x80, 0x78]);
  });

  const refused = (encode: () => number[], message: string): void => {
    expect(encode).toThrow(RangeError);
    expect(encode).toThrow(message);
  };

  // First the values the encoders would end on, wrongly, without their checks (a check's mutant fails here in milliseconds);
  // next uleb on NaN or ±Infinity, which would never end, and on a negative one (which ends, toward 0, wrongly).
  it('refuses a non-integer or unsafe uleb and a non-int32 sleb, naming the value', () => {
    refused(() => uleb(1.5), 'uleb: 1.5 is not a non-negative safe integer');
    refused(() => uleb(2 ** 53), 'uleb: 9007199254740992 is not a non-negative safe integer');
    refused(() => sleb(2 ** 31), 'sleb: 2147483648 is not a 32-bit signed integer');
    refused(() => sleb(-(2 ** 31) - 1), 'sleb: -2147483649 is not a 32-bit signed integer');
    refused(() => sleb(0.5), 'sleb: 0.5 is not a 32-bit signed integer');
    refused(() => sleb(NaN), 'sleb: NaN is not a 32-bit signed integer');
    refused(() => sleb(-Infinity), 'sleb: -Infinity is not a 32-bit signed integer');
    refused(() => sleb(undefined as unknown as number), 'sleb: undefined is not a 32-bit signed integer');
  });

  it('refuses a negative, NaN, infinite or missing uleb, naming the value', () => {
    refused(() => uleb(-1), 'uleb: -1 is not a non-negative safe integer');
    refused(() => uleb(NaN), 'uleb: NaN is not a non-negative safe integer');
    refused(() => uleb(Infinity), 'uleb: Infinity is not a non-negative safe integer');
    refused(() => uleb(undefined as unknown as number), 'uleb: undefined is not a non-negative safe integer');
  });

  it('assembles a module that validates and runs: loops, locals, memory, SIMD, a data segment', () => {
    // sum(p, n): the f64 sum of n doubles at p, two lanes at a time (n even), then the lanes added
    const f = new Fn([I32, I32], [F64]);
    const acc = f.local(V128);
    const end = f.local(I32);
    f.get(0).get(1).i32(3).op('i32.shl', 'i32.add').set(end);
    f.block().get(0).get(end).op('i32.ge_u').brIf(0).loop();
    f.get(acc).get(0).mem('v128.load').op('f64x2.add').set(acc);
    f.get(0).i32(16).op('i32.add').tee(0).get(end).op('i32.lt_u').brIf(0).end().end();
    // lanes: store the vector at 0 and read both back
    f.i32(0).get(acc).mem('v128.store').i32(0).mem('f64.load').i32(0).mem('f64.load', 8);
    f.code.push(0xa0); // f64.add
    const data = new Uint8Array(new Float64Array([1.5, 2.25, -4, 8]).buffer);
    const bytes = assemble([['sum', f]], { offset: 64, bytes: data });
    const wasm = wasmApi() as WasmApi;
    expect(wasm.validate(bytes)).toBe(true);
    const memory = new wasm.Memory({ initial: 1 });
    const { sum } = new wasm.Instance(new wasm.Module(bytes), { env: { memory } }).exports as { sum: (p: number, n: number) => number };
    expect(sum(64, 4)).toBe(7.75);
    expect(sum(64, 2)).toBe(3.75);
    expect(sum(64, 0)).toBe(0);
  });
});
