import { describe, expect, it } from 'vitest';
import { DTYPES } from '../../engine/dtype.js';
import { coveringRows, regimeBlockFor } from '../gen/stream.js';
import { coverageJson, coverageText, emptyCoverage, exactJson, exactText, missed, tallyCoverage, tallyExact, type ExactByDtype } from './coverage.js';
import { bitIdentical, type CaseRecord } from './run-check.js';

const record = (status: 'passed' | 'failed', regimes: string[]) => ({ verdict: { status, message: '', regimes } }) as unknown as CaseRecord;

describe('the regime table', () => {
  const rows = coveringRows(DTYPES).length;
  const block = regimeBlockFor(DTYPES);

  it('expects the regimes of the block cases the run includes, and names what was missed', () => {
    const first = block[0]?.targets ?? [];
    const cov = emptyCoverage(DTYPES, [0, rows]); // one covering row, the first block case
    expect(cov.expected.sort()).toEqual([...first].sort());
    tallyCoverage(cov, record('passed', first.slice(1)));
    tallyCoverage(cov, record('failed', first.slice(1, 2)));
    expect(missed(cov)).toEqual([first[0]]);
    expect(coverageText(cov)).toContain(`MISSED: ${first[0] ?? ''}`);
    expect(coverageJson(cov).regimes[first[1] as string]).toEqual({ cases: 2, passed: 1, failed: 1 });
  });

  it('a run without block cases (covering rows only) expects nothing', () => {
    expect(emptyCoverage(DTYPES, [0, 1, 2]).expected).toEqual([]);
  });

  it('exact_by_dtype: elements bit-identical to torch (complex: both parts; NaNs alike; -0 is not 0)', () => {
    const e = bitIdentical([{ dtype: 'complex64', shape: [3], data: new Float32Array([1, 2, NaN, 0, 5, 6]) }], [{ dtype: 'complex64', shape: [3], data: new Float32Array([1, 2, NaN, -0, 5, 6.5]) }]);
    expect(e).toEqual({ dtype: 'complex64', elements: 3, identical: 1 });
    const t: ExactByDtype = {};
    tallyExact(t, { verdict: { status: 'passed', message: '', exact: e } } as unknown as CaseRecord);
    tallyExact(t, { verdict: { status: 'passed', message: '', exact: { dtype: 'complex64', elements: 1, identical: 1 } } } as unknown as CaseRecord);
    expect(exactJson(t)).toEqual({ complex64: { elements: 4, identical: 2, fraction: 0.5 } });
    expect(exactText(t)).toBe('bit-identical to torch (elements of output and h_n): complex64 50.0%');
  });
});
