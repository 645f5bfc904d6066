import { describe, expect, it } from 'vitest';
import type { CaseResult } from '../check/case-result.js';
import { toJUnit } from './junit.js';
import { validateJUnit } from './junit-validate.js';
import { parseXml } from '../files/xml.js';

const base: CaseResult = { id: '1:0', seed: 1, index: 0, dtypes: ['float32'], dtype: 'float32', kind: 'forward', description: 'float32 2->4 L1', status: 'passed', message: '', refusal: false, amplified: false, replay: 'rnn-conformance check --seed 1 --case 0', timeS: 0.25 };
const run = { suiteName: 'rnn-conformance check seed 1', started: new Date(Date.UTC(2026, 0, 2, 3, 4, 5)), hostname: 'h', durationS: 1.5, properties: [['seed', '1']] as const, log: 'header <&>' };

const ok = `<?xml version="1.0"?><testsuite name="s" timestamp="2026-01-02T03:04:05" hostname="h" tests="1" failures="1" errors="0" time="1"><properties/><testcase name="a" classname="c" time="0"><failure type="t">x</failure></testcase><system-out/><system-err/></testsuite>`;

describe('JUnit writer and Ant-schema validator', () => {
  it('writes every verdict kind as the schema wants, with honest counts', () => {
    const results: CaseResult[] = [
      base,
      { ...base, id: '1:1', status: 'failed', message: 'Tensor-likes are not close!\n\nGreatest absolute difference: 2 at index (0,) (up to 1e-05 allowed)\n\u0001 ]]> "q" <tag> &' },
      { ...base, id: '1:2', status: 'failed', message: 'both refused, differently', quarantined: 'torch bug #1' },
      { ...base, id: '1:3', status: 'unavailable', message: 'sidecar died' },
    ];
    const xml = toJUnit(results, run);
    expect(validateJUnit(xml)).toEqual([]);
    const suite = parseXml(xml);
    expect(suite.attrs).toMatchObject({ tests: '4', failures: '1', errors: '1', skipped: '1', timestamp: '2026-01-02T03:04:05' });
    const [passed, failed, quarantined, unavailable] = suite.children.filter((c) => c.name === 'testcase');
    expect(passed?.attrs.time).toBe('0.250000');
    expect(failed?.children[0]?.name).toBe('failure');
    expect(failed?.children[0]?.attrs.type).toBe('values-not-close');
    expect(failed?.children[0]?.text).toContain('replay: rnn-conformance check --seed 1 --case 0');
    expect(failed?.children[0]?.text).toContain('\uFFFD ]]> "q" <tag> &'); // control character replaced, the rest round-trips
    expect(quarantined?.children[0]?.name).toBe('skipped');
    expect(quarantined?.children[0]?.attrs.message).toBe('quarantined: torch bug #1');
    expect(unavailable?.children[0]).toMatchObject({ name: 'error', attrs: { type: 'reference-unavailable' } });
    expect(suite.children.find((c) => c.name === 'system-out')?.text).toBe('header <&>');
  });

  it('accepts a minimal valid document and names every rule a broken one breaks', () => {
    expect(validateJUnit(ok)).toEqual([]);
    const broken: [string, string][] = [
      [ok.replace('<properties/>', ''), 'children must be <properties>'],
      [ok.replace('<system-err/>', ''), 'children must be'],
      [ok.replace(' hostname="h"', ''), 'missing required attribute hostname'],
      [ok.replace('2026-01-02T03:04:05', '2026-01-02T03:04:05Z'), 'timestamp'],
      [ok.replace('2026-01-02T03:04:05', '2026-02-30T03:04:05'), 'timestamp'],
      [ok.replace('tests="1"', 'tests="one"'), 'not an xs:int'],
      [ok.replace('failures="1"', 'failures="0"'), 'failures="0" but the suite holds 1'],
      [ok.replace(' time="0"', ''), 'missing required attribute time'],
      [ok.replace('<failure type="t">', '<failure>'), 'missing required attribute type'],
      [ok.replace('<failure type="t">x</failure>', '<failure type="t">x</failure><skipped/>'), 'at most one'],
      [ok.replace('classname="c"', 'classname="c" file="f"'), 'attribute file is not in the schema'],
      [ok.replace('<testsuite ', '<suite ').replace('</testsuite>', '</suite>'), 'root element'],
      [ok.replace('x</failure>', 'a & b</failure>'), "bare '&'"],
      [ok.replace('</testcase>', ''), 'not well-formed'],
      [ok.replace('x</failure>', '\u0000</failure>'), 'not allowed in XML 1.0'],
    ];
    for (const [doc, why] of broken) expect(validateJUnit(doc).join('\n'), doc).toContain(why);
  });
});
