import { describe, expect, it } from 'vitest';
import { bf16Bits, bf16FromBits, f16Bits, f16FromBits } from './half.js';

/** The JS number a float32 bit pattern reads as (a NaN keeps its payload through float64). */
const float32 = (word: number): number => new Float32Array(new Uint32Array([word]).buffer)[0] as number;

describe('NaN payloads', () => {
  // torch 2.13 (int32 words .view(torch.float32), then .to(torch.float16) / .to(torch.bfloat16)) gives a NaN
  // for each of these words (bfloat16: 0xffff for every one); rounding a NaN's payload up as a number would
  // carry into the sign and give -0 for 0x7fffffff.
  it('bfloat16: a float32 NaN of any payload stays a NaN (torch: 0xffff for every one)', () => {
    for (const w of [0x7fffffff, 0xffffffff, 0x7fc00001, 0x7f800001, 0x7fc00000]) {
      expect(Number.isNaN(bf16FromBits(bf16Bits(float32(w)))), `0x${w.toString(16)}`).toBe(true);
    }
  });
  it('float16: a float32 NaN of any payload stays a NaN', () => {
    for (const w of [0x7fffffff, 0xffffffff, 0x7fc00001, 0x7f800001, 0x7fc00000]) {
      expect(Number.isNaN(f16FromBits(f16Bits(float32(w)))), `0x${w.toString(16)}`).toBe(true);
    }
  });
});
