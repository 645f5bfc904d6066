#!/usr/bin/env node
// The CLI entry: runs the compiled harness (npm install builds it into dist/ via `prepare`).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const main = new URL('../dist/harness/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(main))) {
  process.stderr.write('rnn-conformance: dist/ is missing; run `npm install` (or `npm run build`) first\n');
  process.exit(3);
}
const { main: run } = await import(main.href);
process.exitCode = await run(process.argv.slice(2));
