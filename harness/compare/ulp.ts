// Distance in units in the last place: how many representable values of the dtype lie between two
// numbers. NaN against NaN is 0, NaN against a number is Infinity; -0 and +0 are the same point.
import { bf16Bits, f16Bits } from '../../engine/half.js';
import type { RealDType } from './dtype-math.js';

const f32 = new Float32Array(1);
const i32 = new Int32Array(f32.buffer);
const f64 = new Float64Array(1);
const i64 = new BigInt64Array(f64.buffer);

/** Position of x on the dtype's number line (sign-magnitude bits turned into an ordered integer). */
function ordinal(d: RealDType, x: number): bigint {
  switch (d) {
    case 'float64': {
      f64[0] = x;
      const b = i64[0] ?? 0n;
      return b < 0n ? -(b & 0x7fffffffffffffffn) : b;
    }
    case 'float32': {
      f32[0] = x;
      const b = i32[0] ?? 0;
      return BigInt(b < 0 ? -(b & 0x7fffffff) : b);
    }
    case 'float16':
    case 'bfloat16': {
      const h = d === 'float16' ? f16Bits(x) : bf16Bits(x);
      return BigInt(h & 0x8000 ? -(h & 0x7fff) : h);
    }
  }
}

export function ulpDistance(d: RealDType, a: number, b: number): number {
  const na = Number.isNaN(a);
  const nb = Number.isNaN(b);
  if (na || nb) return na && nb ? 0 : Infinity;
  const diff = ordinal(d, a) - ordinal(d, b);
  return Number(diff < 0n ? -diff : diff);
}
