// scripts/mutation-score.mjs: the score of a Stryker report against the equivalents table of a doc. A small
// report and doc written here: listed survivors count as equivalent only where their row names their
// replacement; anything else surviving is printed and makes the exit 1; a bad report is exit 2.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../harness/sidecar/paths.js';

const dir = mkdtempSync(join(tmpdir(), 'mutation-score-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const mutant = (line: number, status: string, replacement: string) => ({
  id: `${line}-${replacement}`, mutatorName: 'ConditionalExpression', replacement, status, location: { start: { line, column: 1 }, end: { line, column: 9 } },
});

function runScore(report: string, docFile: string): { code: number; out: string; err: string } {
  try {
    return { code: 0, out: execFileSync(process.execPath, [join(repoRoot(), 'scripts', 'mutation-score.mjs'), report, docFile], { encoding: 'utf8', stdio: 'pipe' }), err: '' };
  } catch (e) {
    const x = e as { status: number; stdout: string; stderr: string };
    return { code: x.status, out: x.stdout, err: x.stderr };
  }
}

function score(files: Record<string, unknown[]>, doc: string): { code: number; out: string; err: string } {
  const report = join(dir, 'report.json');
  const docFile = join(dir, 'doc.md');
  writeFileSync(report, JSON.stringify({ schemaVersion: '2', thresholds: {}, files: Object.fromEntries(Object.entries(files).map(([k, mutants]) => [k, { language: 'typescript', source: '', mutants }])) }));
  writeFileSync(docFile, doc);
  return runScore(report, docFile);
}

const DOC = `# doc

| file:line | mutant(s) | why equivalent |
|---|---|---|
| a.ts:3 | \`true\`, \`x >= ...\` | because |
| a.ts:7, b.ts:2 | \`i <= n\` | the write past the end is dropped |

after the table
`;

describe('scripts/mutation-score.mjs', () => {
  it('counts listed survivors as equivalent only where their replacement is named, and prints the rest', () => {
    const r = score({
      'engine/a.ts': [mutant(3, 'Survived', 'true'), mutant(3, 'Survived', 'x >= y + 1'), mutant(3, 'Survived', 'false'), mutant(7, 'NoCoverage', 'i <= n'), mutant(9, 'Killed', 'false'), mutant(10, 'Timeout', '{}'), mutant(11, 'Ignored', '""')],
      'engine/b.ts': [mutant(2, 'Survived', 'i <= n'), mutant(4, 'Survived', 'i <= n')],
    }, DOC);
    expect(r.code, r.err).toBe(1);
    expect(r.out).toContain('| engine/a.ts | 6 | 3 | 1 | 1 | 1 | 0 | 0 | 66.7% |');
    expect(r.out).toContain('| engine/b.ts | 2 | 1 | 0 | 0 | 1 | 0 | 0 | 0.0% |');
    expect(r.out).toContain('| **engine/** | 8 | 4 | 1 | 1 | 2 | 0 | 0 | 50.0% |');
    expect(r.out).toContain('engine/a.ts:3 Survived (line listed, replacement unnamed) ConditionalExpression: false');
    expect(r.out).toContain('engine/b.ts:4 Survived ConditionalExpression: i <= n');
  });

  it('exits 0 when every survivor is listed', () => {
    const r = score({ 'engine/a.ts': [mutant(3, 'Survived', 'true'), mutant(5, 'Killed', 'false')] }, DOC);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('100.0% of the non-equivalent mutants killed ((1 killed + 0 timed out) / (2 - 1 listed equivalents, 0 of them matched by a fragment of their replacement))');
    expect(r.out).toContain('every surviving mutant is a listed equivalent');
  });

  it('reads a row\'s code spans as CommonMark does: one holding backticks names a replacement with them', () => {
    const doc = '| file:line | mutant(s) | why equivalent |\n|---|---|---|\n| a.ts:4 | `false`, ` `` ` (the message emptied) | never thrown |\n';
    const r = score({ 'engine/a.ts': [mutant(4, 'Survived', 'false'), mutant(4, 'NoCoverage', '``'), mutant(4, 'Survived', '"x"')] }, doc);
    expect(r.code, r.err).toBe(1);
    expect(r.out).toContain('| engine/a.ts | 3 | 2 | 0 | 0 | 1 | 0 | 0 | 0.0% |');
    expect(r.out).toContain('engine/a.ts:4 Survived (line listed, replacement unnamed) ConditionalExpression: "x"');
  });

  it('refuses a report that is not one, and a doc without the table, naming the file (exit 2)', () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"nope": 1}');
    const e = runScore(bad, join(dir, 'doc.md'));
    expect(e.code).toBe(2);
    expect(e.err).toContain(`${bad} is not a Stryker mutation report`);
    const r = score({ 'engine/a.ts': [] }, '# no table\n');
    expect(r.code).toBe(2);
    expect(r.err).toContain('has no equivalents table');
  });
});
