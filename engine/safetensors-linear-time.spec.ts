// The safetensors decoder's wall-clock bound, on its own: `npm run mutate` leaves this file out (Stryker's
// instrumentation slows every decoder step) and runs the rest of safetensors.spec.
import { describe, expect, it } from 'vitest';
import { decodeSafetensors, SafetensorsError } from './safetensors.js';

const enc = new TextEncoder();

/** A file from a header given as text (not re-serialised, so malformed JSON can be written). */
function file(header: string): Uint8Array {
  const h = enc.encode(header);
  const out = new Uint8Array(8 + h.length);
  new DataView(out.buffer).setUint32(0, h.length, true);
  out.set(h, 8);
  return out;
}

function decodeOrRefuse(bytes: Uint8Array): void {
  try {
    decodeSafetensors(bytes);
  } catch (err) {
    if (!(err instanceof SafetensorsError)) throw err;
  }
}

describe('decodeSafetensors on huge headers', () => {
  it('a 100 MB header of nesting or long strings is refused or parsed in linear time', () => {
    const t0 = Date.now();
    decodeOrRefuse(file(`{"a":"${'x'.repeat(5_000_000)}"}`));
    decodeOrRefuse(file('['.repeat(1_000_000)));
    decodeOrRefuse(file(`{${Array.from({ length: 100_000 }, (_, i) => `"k${i}":null`).join(',')}}`));
    expect(Date.now() - t0).toBeLessThan(5000);
  });
});
