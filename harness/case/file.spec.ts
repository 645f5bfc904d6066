// The file form keeps a packed and a gradient case whole: lengths and enforce_sorted, the upstream
// gradients, and torch's answer with its gradients (and the oracle's) in torch's order, byte-stable.
// The tensors here are whatever the engine computes: the test is the round trip, not the values.
import { describe, expect, it } from 'vitest';
import { runEngine } from '../engines/engine-side.js';
import { materialize } from '../gen/materialize.js';
import { decodeCaseFile, encodeCaseFile, type CaseFile, type CaseSpec, type Reference } from './index.js';

const BASE: CaseSpec = {
  input_size: 3, hidden_size: 4, num_layers: 2, nonlinearity: 'tanh', bias: true, batch_first: false, dropout: 0,
  bidirectional: true, dtype: 'float32', seed: 0, weights: 'snapshot', weightScale: 1, seqLen: 4, batch: 3,
  unbatched: false, hx: true, inputScale: 1, special: 'none', train: false, dataSeed: 5, configMutation: null, inputMutation: null,
};

function answered(spec: CaseSpec): CaseFile {
  const c = materialize(spec, 'x');
  const e = runEngine(c);
  if (e.kind !== 'ok') throw new Error(`the engine refused: ${e.message}`);
  const reference: Reference = { kind: 'ok', warnings: [], output: e.output, hN: e.hN, ...(e.grads ? { grads: e.grads } : {}) };
  if (e.grads) reference.oracle = { output: e.output, hN: e.hN, grads: Object.fromEntries(Object.entries(e.grads).reverse().slice(1)) };
  return { case: c, reference, note: 'n' };
}

describe('case file: packed and gradient cases', () => {
  it('a gradient case keeps its upstream gradients and torch.grad.* (and torch.oracle.grad.*), names in order', () => {
    const f = answered({ ...BASE, gradient: { gradHN: true, fault: null } });
    const bytes = encodeCaseFile(f);
    const back = decodeCaseFile(bytes);
    expect(back.case.gradOutput).toEqual(f.case.gradOutput);
    expect(back.case.gradHN).toEqual(f.case.gradHN);
    const names = Object.keys(f.reference?.grads ?? {});
    expect(names.slice(0, 3)).toEqual(['input', 'hx', 'weight_ih_l0']);
    expect(Object.keys(back.reference?.grads ?? {})).toEqual(names);
    expect(back.reference?.grads).toEqual(f.reference?.grads);
    expect(Object.keys(back.reference?.oracle?.grads ?? {})).toEqual(Object.keys(f.reference?.oracle?.grads ?? {}));
    expect(back.reference?.oracle?.grads).toEqual(f.reference?.oracle?.grads);
    expect(encodeCaseFile(back)).toEqual(bytes);
  });

  it('a gradient case without grad_h_n reads back with gradHN null, and a forward case with no grads at all', () => {
    const g = decodeCaseFile(encodeCaseFile(answered({ ...BASE, gradient: { gradHN: false, fault: null } })));
    expect(g.case.gradHN).toBeNull();
    const f = decodeCaseFile(encodeCaseFile(answered(BASE)));
    expect(f.case.gradOutput).toBeUndefined();
    expect(f.reference?.grads).toBeUndefined();
    expect(f.reference && 'grads' in f.reference).toBe(false);
  });

  it('a packed case keeps lengths and enforce_sorted', () => {
    const f = answered({ ...BASE, packed: { lengths: 'unsorted', enforceSorted: false, fault: null } });
    const back = decodeCaseFile(encodeCaseFile(f));
    expect(back.case.lengths).toEqual(f.case.lengths);
    expect(back.case.enforceSorted).toBe(false);
    expect(back.reference?.output).toEqual(f.reference?.output);
  });
});
