import { describe, expect, it } from 'vitest';
import { DTYPES } from '../../engine/dtype.js';
import { coveringRows, regimeBlockFor } from '../gen/stream.js';
import { coverageJson, coverageText, emptyCoverage, exactJson, exactText, missed, missedByGradient, tallyCoverage, tallyExact, uncovered, type ExactByDtype } from './coverage.js';
import { bitIdentical, type CaseRecord } from './run-check.js';

const record = (status: 'passed' | 'failed', regimes: string[], gradient = false) => ({ case: gradient ? { gradOutput: {} } : {}, verdict: { status, message: '', regimes } }) as unknown as CaseRecord;

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
    expect(coverageJson(cov).regimes[first[1] as string]).toEqual({ cases: 2, passed: 1, failed: 1, gradient: 0 });
    expect(cov.expectedGradient).toEqual([]);
  });

  it('a gradient block case expects its regimes reached by a gradient case: a forward case reaching them is not enough', () => {
    const at = block.findIndex((e) => e.fixed.gradient);
    const twin = block[at];
    expect(twin?.fixed.gradient).toBeTruthy();
    const targets = twin?.targets ?? [];
    const cov = emptyCoverage(DTYPES, [rows + at]);
    expect(cov.expected.sort()).toEqual([...targets].sort());
    expect(cov.expectedGradient.sort()).toEqual([...targets].sort());
    tallyCoverage(cov, record('passed', targets));
    expect(missed(cov)).toEqual([]);
    expect(missedByGradient(cov).sort()).toEqual([...targets].sort());
    expect(uncovered(cov)).toContain(`${targets[0] ?? ''} (by a gradient case)`);
    expect(coverageText(cov)).toContain(`by gradient cases: 0 of ${targets.length} (MISSED: `);
    tallyCoverage(cov, record('failed', targets.slice(1), true));
    expect(missedByGradient(cov)).toEqual(targets.slice(0, 1));
    expect(coverageJson(cov).gradient).toEqual({ expected: targets.length, reached: targets.length - 1, missed: targets.slice(0, 1) });
    expect(coverageJson(cov).regimes[targets[1] as string]).toEqual({ cases: 2, passed: 1, failed: 1, gradient: 1 });
    tallyCoverage(cov, record('passed', targets.slice(0, 1), true));
    expect(uncovered(cov)).toEqual([]);
    expect(coverageText(cov)).toContain(`by gradient cases: ${targets.length} of ${targets.length}\n`);
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
