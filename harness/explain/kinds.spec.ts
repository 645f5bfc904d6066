// explain's report on packed and gradient cases, from two engines' final tensors (no torch needed:
// the real engine stands in for torch, a deliberately broken one for the engine under test).
import { describe, expect, it } from 'vitest';
import { brokenEngine } from '../engines/broken-engines.js';
import { runEngine } from '../engines/engine-side.js';
import { resolveTolerance } from '../compare/index.js';
import { materialize } from '../gen/materialize.js';
import type { CaseSpec } from '../case/index.js';
import { explainGradient, explainPacked } from './kinds.js';

const BASE: CaseSpec = {
  input_size: 3, hidden_size: 4, num_layers: 2, nonlinearity: 'tanh', bias: true, batch_first: false, dropout: 0, bidirectional: true,
  dtype: 'float64', seed: 1, weights: 'snapshot', weightScale: 1, seqLen: 6, batch: 3, unbatched: false, hx: true, inputScale: 1,
  special: 'none', train: false, dataSeed: 5, configMutation: null, inputMutation: null,
};

const ok = (r: ReturnType<typeof runEngine>) => {
  if (r.kind !== 'ok') throw new Error(`refused: ${r.message}`);
  return r;
};

describe('explain on the other kinds', () => {
  it('packed: padded steps fed into the recurrence show as h_n parting only for the shorter sequences', () => {
    const c = materialize({ ...BASE, bidirectional: false, packed: { lengths: 'unsorted', enforceSorted: false, fault: null } }, 'p');
    c.lengths = [6, 2, 4];
    const good = ok(runEngine(c));
    const bad = ok(runEngine(c, brokenEngine('packed')));
    const r = explainPacked(c, good.rnn.config, bad, good, resolveTolerance('float64'));
    expect(r.lines.length).toBe(4);
    expect(r.lines[2]).toMatch(/seq {2}1 \(length {3}2\) {2}··░░░░ {2}h_n past tolerance/);
    expect(r.verdict).toMatch(/h_n parts only for sequences shorter than the longest \(1: length 2, 2: length 4\): padded steps fed into the recurrence\?/);
    expect(explainPacked(c, good.rnn.config, good, good, resolveTolerance('float64')).verdict).toBeNull();
  });

  it('gradient: a dropped grad_h_n parts the last layer first, the input gradient at backward step 0', () => {
    const c = materialize({ ...BASE, gradient: { gradHN: true, fault: null } }, 'g');
    const good = ok(runEngine(c));
    const bad = ok(runEngine(c, brokenEngine('gradient')));
    const r = explainGradient(c, good.rnn.config, bad.grads ?? {}, good.grads ?? {}, resolveTolerance('float64'));
    expect(r.lines[1]).toMatch(/^ {2}grad\.weight_hh_l1 /);
    expect(r.verdict).toMatch(/^gradient: first parts in grad\.weight_hh_l1 .*backward step 0 \(t=5\) — where grad_h_n enters/);
    expect(explainGradient(c, good.rnn.config, good.grads ?? {}, good.grads ?? {}, resolveTolerance('float64')).verdict).toBeNull();
  });

  it('gradient: a finite gradient where torch has inf (an overflow regime) parts there, not "within"', () => {
    const c = materialize({ ...BASE, gradient: { gradHN: true, fault: null } }, 'g');
    const good = ok(runEngine(c));
    const grads = good.grads ?? {};
    const inf = (k: string, v: number) => {
      const t = grads[k];
      if (!t) throw new Error(`no grad ${k}`);
      const data = t.data.slice();
      data[0] = v;
      return { ...grads, [k]: { ...t, data } };
    };
    for (const [k, v] of [['weight_hh_l1', Infinity], ['bias_hh_l1', -Infinity]] as const) {
      const r = explainGradient(c, good.rnn.config, grads, inf(k, v), resolveTolerance('float64'));
      expect(r.lines.find((l) => l.startsWith(`  grad.${k} `))).toMatch(/past tolerance \(Infinity\)$/);
      expect(r.verdict).toMatch(new RegExp(`^gradient: first parts in grad\\.${k} `));
      // +inf against -inf
      expect(explainGradient(c, good.rnn.config, inf(k, -v), inf(k, v), resolveTolerance('float64')).verdict).toMatch(new RegExp(`^gradient: first parts in grad\\.${k} `));
    }
  });
});
