#!/usr/bin/env node
// npm run mutate [-- STRYKER_OPTIONS]: StrykerJS on engine/ (stryker.config.json), incremental from the committed
// baseline test/mutate/baseline.json.gz, then the score (scripts/mutation-score.mjs).
//
// The baseline is Stryker's own incremental report of the last run: every mutant's status, the tests that
// cover it and the test that killed it. Stryker re-tests only what changed since (a mutant whose code changed,
// a killed mutant whose killing test changed, a survivor or timeout that a new test covers) and reuses every
// other result, so a run on an unchanged tree costs its dry run and a run after a change costs the mutants it
// touches. After a run that finishes, the baseline holds its results (rewritten only when they differ from it:
// scripts/baseline-results.mjs): commit it with the change, as golden/ is
// committed after `golden regen`. `npm run mutate -- --force` re-tests every mutant (from scratch; 68 min on 2
// cores: docs/mutation-testing.md), `-- --mutate engine/x.ts` only part (the rest keeps its recorded results).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import { resultsDigest } from './baseline-results.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const BASELINE = join(root, 'test', 'mutate', 'baseline.json.gz');
const WORK = join(root, 'reports', 'stryker-incremental.json');

function writeAtomically(path, bytes) {
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, bytes);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

mkdirSync(dirname(WORK), { recursive: true });
// the digest of the baseline's results (scripts/baseline-results.mjs): a run that ends with the same ones leaves it
let baselineDigest;
if (existsSync(BASELINE)) {
  let json;
  try {
    json = gunzipSync(readFileSync(BASELINE));
    baselineDigest = resultsDigest(JSON.parse(json.toString('utf8')));
  } catch (e) {
    process.stderr.write(`mutate: ${BASELINE} is not a gzipped Stryker incremental report (${e instanceof Error ? e.message : String(e)}): restore it from git, or delete it to start from scratch\n`);
    process.exit(2);
  }
  writeAtomically(WORK, json);
  process.stdout.write(`mutate: starting from the baseline ${BASELINE}\n`);
} else {
  rmSync(WORK, { force: true });
  process.stdout.write(`mutate: no baseline (${BASELINE}): every mutant is tested\n`);
}

const stryker = spawnSync('nice', ['-n', '10', join(root, 'node_modules', '.bin', 'stryker'), 'run', '--incrementalFile', WORK, ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
if (stryker.error) {
  process.stderr.write(`mutate: could not start Stryker: ${stryker.error.message} (run \`npm install\` first)\n`);
  process.exit(2);
}
if (stryker.status !== 0) {
  process.stderr.write(`mutate: Stryker exited with ${stryker.status ?? stryker.signal}; the baseline is unchanged\n`);
  process.exit(stryker.status ?? 1);
}
const ran = readFileSync(WORK);
// the same results as the baseline (only the run's numbering differs): leave the committed file as it is
if (baselineDigest === resultsDigest(JSON.parse(ran.toString('utf8')))) {
  process.stdout.write(`mutate: this run's results are the baseline's (${BASELINE} left as it is)\n`);
} else {
  writeAtomically(BASELINE, gzipSync(ran, { level: 9 }));
  process.stdout.write(`mutate: the baseline ${BASELINE} now holds this run's results (commit it with your change)\n`);
}
const score = spawnSync(process.execPath, [join(root, 'scripts', 'mutation-score.mjs'), join(root, 'reports', 'mutation.json'), join(root, 'docs', 'mutation-testing.md')], { cwd: root, stdio: 'inherit' });
process.exit(score.status ?? 1);
