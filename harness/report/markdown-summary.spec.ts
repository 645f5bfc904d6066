// The Markdown job summary's verdict names why the run exited as it did: a --require-coverage miss (exit 4)
// and an interrupted run (exit 130) are neither "reference unavailable" (exit 3) nor each other.
import { describe, expect, it } from 'vitest';
import { noOutcomes } from '../check/case-result.js';
import type { CheckResult } from '../check/check.js';
import { EXIT } from '../check/exit-codes.js';
import { emptyTotals } from '../check/run-check.js';
import { markdownVerdict } from './markdown-summary.js';

type VerdictInput = Parameters<typeof markdownVerdict>[0];
const plan = { total: 500, settings: { flags: { breakKind: 'bias' } } } as unknown as CheckResult['plan'];
const run = (exitCode: number, extra: Partial<VerdictInput> = {}): VerdictInput => ({
  exitCode, untriggered: false, interrupted: null, done: 500, totals: { ...emptyTotals(), unavailable: 2 }, plan,
  coverage: { expected: ['float16 overflow', 'relu growth'], expectedGradient: [], counts: new Map([['relu growth', { cases: 3, passed: 3, failed: 0, gradient: 0 }]]) },
  ...extra,
});

describe('check --summary: the verdict line', () => {
  const all = { ...noOutcomes(), failed: 3, quarantined: 1 };
  it('one line per exit code', () => {
    expect(markdownVerdict(run(EXIT.conforms), all)).toBe('✅ conforms (1 quarantined failure(s))');
    expect(markdownVerdict(run(EXIT.divergence), all)).toBe('❌ 3 divergence(s)');
    expect(markdownVerdict(run(EXIT.environment), all)).toBe('⚠️ 2 case(s) not checked: reference unavailable');
    expect(markdownVerdict(run(EXIT.coverage), all)).toBe('❌ every case conformed, but 1 numeric regime(s) were missed (--require-coverage): float16 overflow');
    const byGradient = { expected: ['relu growth'], expectedGradient: ['relu growth'], counts: new Map([['relu growth', { cases: 3, passed: 3, failed: 0, gradient: 0 }]]) };
    expect(markdownVerdict(run(EXIT.coverage, { coverage: byGradient }), all)).toBe('❌ every case conformed, but 1 numeric regime(s) were missed (--require-coverage): relu growth (by a gradient case)');
    expect(markdownVerdict(run(EXIT.interrupted, { interrupted: 'SIGINT', done: 120 }), all)).toBe('⏹️ interrupted (SIGINT) after 120 of 500 cases: 3 failed so far');
  });
  it('a --break self-test that did not trigger says so whatever the exit code', () => {
    expect(markdownVerdict(run(EXIT.divergence, { untriggered: true }), all)).toBe('❌ self-test did not trigger (--break bias)');
  });
});
