#!/usr/bin/env node
// The mutation score of engine/ from a Stryker JSON report (reports/mutation.json, written by `npm run mutate`)
// and the equivalent mutants listed in docs/mutation-testing.md (the table headed `| file:line | mutant(s) |`).
//
// usage: node scripts/mutation-score.mjs [REPORT] [DOC]
// Prints one markdown row per file (mutants, equivalent, killed, timed out, survived, no coverage, score of the
// non-equivalent), the total, and every surviving or uncovered mutant that is not on a listed line (file:line,
// mutator, replacement): each is a gap in the gate or an equivalent still to be listed with its reason.
// A survivor counts as equivalent when its line is listed for its file and the listed row names its replacement
// (one of the row's `code` spans, `...` in it matching any text, or else a span that is part of the
// replacement: rows name some mutants by the part they change, `- 0` for `+ 0`); a survivor on a listed line
// whose replacement no row names is printed as `unnamed` and counted as survived. Exit 1 when a mutant survives
// off the list, 0 otherwise; 2 on a bad report or doc.
import { readFileSync } from 'node:fs';

const [reportPath = 'reports/mutation.json', docPath = 'docs/mutation-testing.md'] = process.argv.slice(2);

function fail(message) {
  process.stderr.write(`mutation-score: ${message}\n`);
  process.exit(2);
}

let report;
try {
  report = JSON.parse(readFileSync(reportPath, 'utf8'));
} catch (e) {
  fail(`cannot read the Stryker report ${reportPath}: ${e instanceof Error ? e.message : String(e)} (run \`npm run mutate\` first)`);
}
if (!report || typeof report.files !== 'object') fail(`${reportPath} is not a Stryker mutation report (no "files")`);

let doc;
try {
  doc = readFileSync(docPath, 'utf8');
} catch (e) {
  fail(`cannot read ${docPath}: ${e instanceof Error ? e.message : String(e)}`);
}

const norm = (s) => s.replace(/\s+/g, ' ').trim();

/**
 * The code spans of a cell as CommonMark reads them: a run of n backticks opens one, the next run of exactly n
 * closes it (an unclosed run is text), and one space is stripped at each end when both are there: so a row can
 * name a replacement that holds backticks (the empty template literal, two backticks, as a space, the two, a space,
 * between single backticks).
 */
function codeSpans(text) {
  const runs = [...text.matchAll(/`+/g)];
  const spans = [];
  for (let i = 0; i < runs.length; i++) {
    const open = runs[i];
    const close = runs.findIndex((r, k) => k > i && r[0].length === open[0].length);
    if (close < 0) continue;
    const s = text.slice(open.index + open[0].length, runs[close].index);
    spans.push(s.length >= 2 && s.startsWith(' ') && s.endsWith(' ') && s.trim() !== '' ? s.slice(1, -1) : s);
    i = close;
  }
  return spans;
}

/** listed.get('engine/x.ts') -> Map(line -> list of replacement patterns) */
function listedEquivalents(text) {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.startsWith('| file:line | mutant(s) |'));
  if (start < 0) fail(`${docPath} has no equivalents table (a header \`| file:line | mutant(s) | why equivalent |\`)`);
  const listed = new Map();
  for (const row of lines.slice(start + 2)) {
    if (!row.startsWith('|')) break;
    const cells = row.split(/(?<!\\)\|/).slice(1, -1);
    if (cells.length < 3) fail(`${docPath}: an equivalents row has fewer than 3 cells: ${row}`);
    const where = cells[0].trim();
    const patterns = codeSpans(cells[1]).map((c) => norm(c.replaceAll('\\|', '|')));
    if (patterns.length === 0) fail(`${docPath}: an equivalents row names no mutant in \`code\`: ${row}`);
    let file;
    for (const part of where.split(',')) {
      const m = /^\s*(?:([\w./-]+\.ts):)?(\d+)\s*$/.exec(part);
      if (!m) fail(`${docPath}: cannot read \`${where}\` as file:line[, line...]`);
      if (m[1]) file = `engine/${m[1]}`;
      if (!file) fail(`${docPath}: \`${where}\` names no file`);
      const byLine = listed.get(file) ?? new Map();
      listed.set(file, byLine);
      byLine.set(Number(m[2]), [...(byLine.get(Number(m[2])) ?? []), ...patterns]);
    }
  }
  return listed;
}

function named(patterns, replacement) {
  const r = norm(replacement ?? '');
  const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  if (patterns.some((p) => new RegExp(`^${p.split('...').map((part) => escape(norm(part))).join('.*')}$`).test(r))) return 'exact';
  // rows that name a mutant by its changed part (`- 0` for `+ 0`, `* lanes - c`, `… / s.mr`)
  const fragments = patterns.flatMap((p) => p.split(/\.\.\.|…/)).map(norm).filter((p) => p.length > 0);
  return fragments.some((p) => r.includes(p)) ? 'fragment' : false;
}

const listed = listedEquivalents(doc);
const rows = [];
const open = [];
let byFragment = 0;
const total = { mutants: 0, equivalent: 0, killed: 0, timeout: 0, survived: 0, noCoverage: 0, other: 0 };
for (const [name, file] of Object.entries(report.files).sort(([a], [b]) => (a < b ? -1 : 1))) {
  const key = name.replace(/^(\.\/)?/, '').replace(/^(?!engine\/)/, 'engine/');
  const c = { mutants: 0, equivalent: 0, killed: 0, timeout: 0, survived: 0, noCoverage: 0, other: 0 };
  for (const m of file.mutants) {
    if (m.status === 'Ignored') continue;
    c.mutants++;
    if (m.status === 'Killed') c.killed++;
    else if (m.status === 'Timeout') c.timeout++;
    else if (m.status === 'Survived' || m.status === 'NoCoverage') {
      const patterns = listed.get(key)?.get(m.location.start.line);
      const how = patterns ? named(patterns, m.replacement) : false;
      if (how) {
        c.equivalent++;
        if (how === 'fragment') byFragment++;
      }
      else {
        if (m.status === 'Survived') c.survived++;
        else c.noCoverage++;
        open.push(`${key}:${m.location.start.line} ${m.status}${patterns ? ' (line listed, replacement unnamed)' : ''} ${m.mutatorName}: ${norm(m.replacement ?? '')}`);
      }
    } else c.other++;
  }
  const score = c.mutants - c.equivalent === 0 ? 100 : (100 * (c.killed + c.timeout)) / (c.mutants - c.equivalent);
  rows.push(`| ${key} | ${c.mutants} | ${c.equivalent} | ${c.killed} | ${c.timeout} | ${c.survived} | ${c.noCoverage} | ${c.other} | ${score.toFixed(1)}% |`);
  for (const k of Object.keys(total)) total[k] += c[k];
}
const score = (100 * (total.killed + total.timeout)) / (total.mutants - total.equivalent);
process.stdout.write(`| file | mutants | equivalent | killed | timeout | survived | no coverage | error | score |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|\n`);
process.stdout.write(rows.join('\n') + '\n');
process.stdout.write(`| **engine/** | ${total.mutants} | ${total.equivalent} | ${total.killed} | ${total.timeout} | ${total.survived} | ${total.noCoverage} | ${total.other} | ${score.toFixed(1)}% |\n\n`);
process.stdout.write(`score: ${score.toFixed(1)}% of the non-equivalent mutants killed ((${total.killed} killed + ${total.timeout} timed out) / (${total.mutants} - ${total.equivalent} listed equivalents, ${byFragment} of them matched by a fragment of their replacement)); ${(100 * (total.killed + total.timeout) / total.mutants).toFixed(1)}% of all\n`);
process.stdout.write(open.length ? `not on the equivalents list (${open.length}):\n${open.map((o) => `  ${o}`).join('\n')}\n` : 'every surviving mutant is a listed equivalent\n');
process.exit(open.length ? 1 : 0);
