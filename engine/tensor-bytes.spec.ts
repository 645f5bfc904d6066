import { describe, expect, it } from 'vitest';
import { swapBytes, tensorFromBytes } from './tensor-bytes.js';

describe('tensorFromBytes', () => {
  it('refuses a byte count that does not fit the shape, naming shape, dtype and both counts', () => {
    expect(() => tensorFromBytes('float32', [2, 3], new Uint8Array(20))).toThrow(new RangeError('shape [2, 3] of float32 needs 24 bytes, got 20'));
    expect(() => tensorFromBytes('float16', [3], new Uint8Array(8))).toThrow(new RangeError('shape [3] of float16 needs 6 bytes, got 8'));
    // a shape whose byte count is not a safe integer is refused before any allocation
    expect(() => tensorFromBytes('complex128', [2 ** 30, 2 ** 30], new Uint8Array(0))).toThrow(RangeError);
  });
});

describe('swapBytes (what a big-endian host does to every lane)', () => {
  it('reverses each run of `width` bytes in place', () => {
    const b = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]);
    swapBytes(b, 2);
    expect([...b]).toEqual([2, 1, 4, 3, 6, 5, 8, 7]);
    swapBytes(b, 4);
    expect([...b]).toEqual([3, 4, 1, 2, 7, 8, 5, 6]);
    swapBytes(b, 8);
    expect([...b]).toEqual([6, 5, 8, 7, 2, 1, 4, 3]);
  });
});
