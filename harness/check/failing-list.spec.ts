import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { groupBySeed, nextFailing, readFailing, writeFailing, type FailingEntry } from './failing-list.js';

const e = (seed: number, index: number, first = 't0'): FailingEntry => ({ id: `${seed}:${index}`, seed, index, dtypes: ['float32'], first_failed: first, last_failed: first, message: 'm' });

describe('failing.json', () => {
  it('still failing: kept with first_failed; passed: dropped; unchecked: kept as is; new: added', () => {
    const previous = [e(1, 1), e(1, 2), e(2, 3)];
    const failures = [{ ...e(1, 1), message: 'again\nmore' }, { ...e(5, 9), message: 'new' }];
    const next = nextFailing(previous, failures, 't1', [e(2, 3)]);
    expect(next).toEqual([e(2, 3), { ...e(1, 1), last_failed: 't1', message: 'again' }, { ...e(5, 9, 't1'), message: 'new' }]);
  });

  it('groups re-runs by seed and dtype list, and round-trips through the file; a bad file names itself', () => {
    expect(groupBySeed([e(1, 1), e(2, 3), e(1, 2), e(1, 2)])).toEqual([
      { seed: 1, dtypes: ['float32'], indices: [1, 2] },
      { seed: 2, dtypes: ['float32'], indices: [3] },
    ]);
    const dir = mkdtempSync(join(tmpdir(), 'failing-'));
    expect(readFailing(dir)).toEqual([]);
    writeFailing(dir, [e(1, 1)]);
    expect(readFailing(dir)).toEqual([e(1, 1)]);
    writeFileSync(join(dir, 'failing.json'), '{"version": 1, "cases": [{"seed": 1}]}');
    expect(() => readFailing(dir)).toThrow(join(dir, 'failing.json'));
  });
});
