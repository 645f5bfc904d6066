// What a Stryker incremental report says, apart from how one run happened to number it: `npm run mutate`
// compares the run's report with the committed baseline this way and rewrites the baseline only when they
// differ, so a run on an unchanged tree leaves test/mutate/baseline.json.gz as committed. Two runs number the
// tests in the order vitest found them (test ids), record the absolute project root and the config, and word
// a kill's reason with the run's own numbers; none of that is read when Stryker reuses a result. Kept: every
// file's and test file's source, and per mutant its place, mutator, replacement, status, static flag and the
// tests that cover and kill it (by test file and name).
import { createHash } from 'node:crypto';

/** The sha256 of the results in a Stryker incremental (mutation-testing-report-schema) report, in a canonical form. */
export function resultsDigest(report) {
  if (!report || typeof report.files !== 'object' || report.files === null) throw new Error('not a Stryker report: no "files"');
  const testName = new Map();
  const testFiles = Object.keys(report.testFiles ?? {}).sort().map((file) => {
    const tf = report.testFiles[file];
    const tests = (tf.tests ?? []).map((t) => {
      testName.set(t.id, `${file}#${t.name}`);
      return JSON.stringify([t.name, t.location ?? null]);
    });
    return [file, tf.source ?? null, tests.sort()];
  });
  const names = (ids) => (ids ?? []).map((id) => testName.get(id) ?? `?${id}`).sort();
  const hash = createHash('sha256');
  hash.update(JSON.stringify(testFiles));
  for (const file of Object.keys(report.files).sort()) {
    const f = report.files[file];
    const mutants = f.mutants.map((m) => JSON.stringify([m.location, m.mutatorName, m.replacement ?? null, m.status, !!m.static, names(m.killedBy), names(m.coveredBy)]));
    mutants.sort();
    hash.update(JSON.stringify([file, f.source ?? null]));
    for (const m of mutants) hash.update(m);
  }
  return hash.digest('hex');
}
