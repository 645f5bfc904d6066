import { describe, expect, it } from 'vitest';
import { hNSlot, locateHN, locateOutput, outputSlot } from './rnn-locate.js';

// Hand-computed: H=3, 2 layers, bidirectional, so D*H = 6 and h_n has 4 rows (l0 fwd, l0 rev, l1 fwd, l1 rev).
const cfg = { inputSize: 5, hiddenSize: 3, numLayers: 2, bidirectional: true, batchFirst: false };

describe('rnn-locate', () => {
  it('maps output (T, N, D*H): the unit index runs forward units then reverse units', () => {
    expect(locateOutput(cfg, false, [4, 1, 2])).toBe('t=4, batch 1, direction forward, unit 2 (layer 1, the last)');
    expect(locateOutput(cfg, false, [0, 0, 3])).toBe('t=0, batch 0, direction reverse, unit 0 (layer 1, the last)');
    expect(outputSlot(cfg, false, [7, 2, 5])).toEqual({ layer: 1, direction: 'reverse', batch: 2, unit: 2, t: 7 });
  });

  it('maps output (N, T, D*H) when batch_first', () => {
    expect(locateOutput({ ...cfg, batchFirst: true }, false, [1, 4, 2])).toBe('t=4, batch 1, direction forward, unit 2 (layer 1, the last)');
  });

  it('maps unbatched output (T, D*H), batch_first ignored', () => {
    expect(locateOutput({ ...cfg, batchFirst: true }, true, [4, 5])).toBe('t=4, direction reverse, unit 2 (layer 1, the last)');
  });

  it('maps h_n (L*D, N, H) rows to layer and direction, never batch-first', () => {
    expect(locateHN({ ...cfg, batchFirst: true }, false, [3, 1, 0])).toBe('layer 1, direction reverse, batch 1, unit 0');
    expect(locateHN(cfg, false, [2, 0, 1])).toBe('layer 1, direction forward, batch 0, unit 1');
    expect(hNSlot(cfg, false, [1, 0, 2])).toEqual({ layer: 0, direction: 'reverse', batch: 0, unit: 2 });
  });

  it('maps unbatched h_n (L*D, H) and unidirectional rows', () => {
    expect(locateHN(cfg, true, [1, 2])).toBe('layer 0, direction reverse, unit 2');
    expect(locateHN({ ...cfg, bidirectional: false, numLayers: 3 }, false, [2, 0, 1])).toBe('layer 2, direction forward, batch 0, unit 1');
  });
});
