// engine/py-unicode.ts's tables (float() and repr() of a str beyond ASCII) are Python 3.11's own:
// python/testing/py_text_tables.py prints them from the interpreter's unicodedata and str methods.
import { describe, expect, it } from 'vitest';
import { DIGIT_ZEROS, nonprintableRanges, WIDE_SPACES } from '../engine/py-unicode.js';
import { runToolJson } from './python-tools.js';

interface Tables {
  python: string;
  unicode: string;
  digit_zeros: number[];
  wide_spaces: number[];
  nonprintable: number[][];
}

describe("engine/py-unicode.ts: Python 3.11's character tables", () => {
  it('python/testing/py_text_tables.py prints the same digits, spaces and non-printable ranges', () => {
    const t = runToolJson<Tables>('py_text_tables.py');
    expect([t.python.split('.').slice(0, 2).join('.'), t.unicode]).toEqual(['3.11', '14.0.0']);
    expect(DIGIT_ZEROS).toEqual(t.digit_zeros);
    expect(WIDE_SPACES).toEqual(t.wide_spaces);
    expect(nonprintableRanges()).toEqual(t.nonprintable);
  });
});
