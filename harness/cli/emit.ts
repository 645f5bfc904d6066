// `replay CASE --emit-python FILE` / `--emit-js FILE`: a failing case as standalone scripts, each reading
// the case file itself. Python: torch's side with torch and safetensors only (python/repro_case.py with
// CASE filled in). JavaScript: the engine's side, importing the `rnn-conformance` package only.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { repoRoot } from '../sidecar/paths.js';

const CASE_LINE = 'CASE = None  # set by --emit-python';

export function pythonRepro(casePath: string): string {
  const template = readFileSync(join(repoRoot(), 'python', 'repro_case.py'), 'utf8');
  if (!template.includes(CASE_LINE)) throw new Error(`python/repro_case.py lost its line '${CASE_LINE}'`);
  // A JSON string is a valid Python string literal.
  return template.replace(CASE_LINE, `CASE = ${JSON.stringify(resolve(casePath))}`);
}

export function jsRepro(casePath: string): string {
  return `// The engine's side of one rnn-conformance case, standalone: the rnn-conformance package only.
// Written by \`rnn-conformance replay CASE --emit-js\`; run: node <this file> [CASE.safetensors]
// It does what the harness does: Generator(seed) (torch.manual_seed), RNN.fromTorchConfig(config),
// loadStateDict(weights) when the case holds them, train(train), forward(input, hx) drawing dropout
// from the same generator; it prints output and h_n, then every value exactly as a \`json:\` line, or
// the refusal as torch would print it, \`TypeName: message\` (exit 1).
import { readFileSync } from 'node:fs';
import { Generator, RNN, TorchError, decodeSafetensors, fromRaw } from 'rnn-conformance';

const CASE = process.argv[2] ?? ${JSON.stringify(resolve(casePath))};
const { tensors, metadata } = decodeSafetensors(readFileSync(CASE));
const header = JSON.parse(metadata.case);
const tensor = (name) => fromRaw(tensors.get(name), header.dtypes[name]);
const names = Object.keys(header.dtypes);
const weights = Object.fromEntries(names.filter((k) => k.startsWith('weights.')).map((k) => [k.slice('weights.'.length), tensor(k)]));
const input = tensor('input');
const hx = names.includes('hx') ? tensor('hx') : null;

// Every value as JSON can carry it exactly (complex as interleaved re, im; NaN and infinities as text).
const exact = (t) => ({ dtype: t.dtype, shape: t.shape, data: Array.from(t.data, (x) => (Number.isFinite(x) ? x : String(x).replace('Infinity', 'inf').replace('NaN', 'nan'))) });

console.log(\`case \${header.id} on the rnn-conformance engine\`);
try {
  const generator = new Generator(header.seed);
  const rnn = RNN.fromTorchConfig(header.config, { generator });
  if (Object.keys(weights).length > 0) rnn.loadStateDict(weights);
  rnn.train(header.train);
  const [output, hN] = rnn.forward(input, hx, { generator });
  console.log('output =', output.dtype, output.shape, Array.from(output.data));
  console.log('h_n =', hN.dtype, hN.shape, Array.from(hN.data));
  console.log('json:', JSON.stringify({ side: 'engine', case: header.id, output: exact(output), h_n: exact(hN) }));
} catch (err) {
  if (!(err instanceof TorchError)) throw err;
  console.log(\`\${err.type}: \${err.message}\`);
  process.exitCode = 1;
}
`;
}
