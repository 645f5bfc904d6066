import { describe, expect, it } from 'vitest';
import { DTYPES, isDType } from './dtype.js';

describe('isDType (public: engine/index.ts)', () => {
  it("accepts exactly the engine's six dtype names", () => {
    for (const d of DTYPES) expect(isDType(d), d).toBe(true);
    for (const x of ['int64', 'Float32', 'float', '', 'complex', 3, null, undefined, ['float32']]) expect(isDType(x), String(x)).toBe(false);
  });
});
