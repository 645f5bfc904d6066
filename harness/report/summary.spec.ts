// by_kind counts as every other output counts (issue 16): a quarantined failure is `quarantined`,
// never also `failed`, in the JSON's by_kind and in the text summary's kind rows alike.
import { describe, expect, it } from 'vitest';
import { countOutcomes, type CaseResult } from '../check/case-result.js';
import type { Handshake } from '../sidecar/index.js';
import { emptyTotals } from '../check/run-check.js';
import { summaryJson } from './json.js';
import { summaryText } from './summary.js';

const r = (i: number, kind: CaseResult['kind'], extra: Partial<CaseResult> = {}): CaseResult => ({
  id: `1:${i}`, seed: 1, index: i, dtypes: ['float32'], dtype: 'float32', kind, description: 'd', status: 'passed', message: '', refusal: false, amplified: false, replay: `r ${i}`, timeS: 0, ...extra,
});

describe('check summary: counts by kind', () => {
  const results = [
    r(0, 'forward'),
    r(1, 'gradient', { status: 'failed', message: 'm', quarantined: 'known' }),
    r(2, 'gradient', { status: 'failed', message: 'm' }),
    r(3, 'packed', { status: 'unavailable' }),
    r(4, 'packed', { status: 'failed', message: 'm', quarantined: 'known' }),
  ];
  const all = countOutcomes(results).get('all');
  const byDtype = countOutcomes(results, (x) => [x.dtype]);
  const byKind = countOutcomes(results, (x) => [x.kind]);
  if (!all) throw new Error('no counts');

  it('--json by_kind: quarantined failures apart from failed, as the totals and by_dtype count them', () => {
    const hello = { torch: '2.13.0', cpuCapability: 'AVX2' } as Handshake;
    const j = summaryJson({ totals: emptyTotals(), all, byDtype, byKind, stale: [], durationS: 1, restarts: 0, hello, seed: 1, dtypes: ['float32'], failures: [] });
    expect(j.by_kind).toEqual({
      forward: { cases: 1, passed: 1, failed: 0, quarantined: 0, unavailable: 0, unsupported: 0 },
      gradient: { cases: 2, passed: 0, failed: 1, quarantined: 1, unavailable: 0, unsupported: 0 },
      packed: { cases: 2, passed: 0, failed: 0, quarantined: 1, unavailable: 1, unsupported: 0 },
    });
    const sum = (k: 'failed' | 'quarantined') => Object.values(j.by_kind).reduce((n, c) => n + c[k], 0);
    expect([sum('failed'), sum('quarantined')]).toEqual([j.failed, j.quarantined_failures]);
    expect([j.failed, j.quarantined_failures]).toEqual([1, 2]);
  });

  it('the text summary kind rows say the same', () => {
    const text = summaryText({ totals: emptyTotals(), all, byDtype, byKind, durationS: 1, casesPerS: 5, restarts: 0, stale: [] });
    expect(text).toContain('  (gradient)      2 cases       0 passed     1 failed  1 quarantined\n');
    expect(text).toContain('  (packed)        2 cases       0 passed     0 failed  1 quarantined  1 unavailable\n');
    expect(text).not.toContain('(forward)');
  });
});
