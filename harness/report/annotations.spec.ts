import { describe, expect, it } from 'vitest';
import { annotation, escapeData, escapeProperty, githubAnnotations, MAX_ERROR_ANNOTATIONS } from './annotations.js';
import type { CaseResult } from '../check/case-result.js';

describe('GitHub annotations', () => {
  it("escapes as @actions/core does: data % \\r \\n; properties also : and ,", () => {
    expect(escapeData('50% a\r\nb: c, d')).toBe('50%25 a%0D%0Ab: c, d');
    expect(escapeProperty('50% a\r\nb: c, d')).toBe('50%25 a%0D%0Ab%3A c%2C d');
    expect(annotation('error', 'case 1:2, x', 'line1\nline2')).toBe('::error title=case 1%3A2%2C x::line1%0Aline2');
  });

  it('one error per counted failure up to the limit, then a count; quarantined ones are warnings', () => {
    const r = (i: number, extra: Partial<CaseResult> = {}): CaseResult => ({ id: `1:${i}`, seed: 1, index: i, dtypes: ['float32'], dtype: 'float32', kind: 'forward', description: 'd', status: 'failed', message: 'm', refusal: false, amplified: false, replay: `r ${i}`, timeS: 0, ...extra });
    const lines = githubAnnotations([...Array.from({ length: 12 }, (_, i) => r(i)), r(20, { quarantined: 'known' }), r(21, { status: 'passed' })]);
    expect(lines.filter((l) => l.startsWith('::error title=rnn-conformance 1%3A'))).toHaveLength(MAX_ERROR_ANNOTATIONS);
    expect(lines).toContain('::error title=rnn-conformance::2 more failing case(s): see the job summary or the JUnit report');
    expect(lines.filter((l) => l.startsWith('::warning'))).toEqual(['::warning title=rnn-conformance 1%3A20%3A quarantined::known%0Am%0Areplay: r 20']);
  });
});
