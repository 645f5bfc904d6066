// A clone works at any path on any machine: no tracked source names an absolute path of a developer's
// machine, and none reads the team's shared folder outside the repository (a user's clone has none).
// And python/ holds the only Python: no .py file elsewhere, no Python program inside a TypeScript or
// JavaScript string (tests reach torch through the sidecar or a script under python/testing/).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../harness/sidecar/paths.js';

const ROOT = repoRoot();
/** Tracked text files (binary fixtures hold no paths worth reading). */
const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' })
  .split('\0')
  .filter((f) => f && !/\.(safetensors|png|bin)$/.test(f));

// Written so that this file does not match itself (S splits the samples below).
const S = '/';
const RULES: [string, RegExp][] = [
  ['absolute path of a machine', /(?<![\w.])\/(?:work|home|root|Users|mnt)\/|[A-Z]:\\Users\\/],
  ['read of the shared folder outside the repository', /\.\.\/+shared\b|\bshared\/seed\//],
  // the team's design documents live outside the repository: a clone has none of them to follow
  ['citation of a document not in the repository', /\b(?:TORCH_RNN_SPEC|DESIGN|STYLE)\.md\b/],
];

/** file:line: rule: text, for every offending line of the given files. */
function offences(files: string[], read: (f: string) => string): string[] {
  const found: string[] = [];
  for (const f of files) {
    read(f).split('\n').forEach((line, i) => {
      for (const [rule, re] of RULES) if (re.test(line)) found.push(`${f}:${i + 1}: ${rule}: ${line.trim().slice(0, 160)}`);
    });
  }
  return found;
}

/** A line that starts a Python program (`import torch`, `from safetensors ...`, `import sys, json`):
 * no TypeScript or JavaScript import looks like it. */
const PYTHON_LINE = /^\s*(?:import\s+(?:torch|numpy|sys|json|ctypes|struct|base64|warnings)\b(?!.*\bfrom\s*['"])|from\s+(?:torch|safetensors|numpy)\b)/;
const SCRIPT_FILE = /\.(?:ts|mts|cts|js|mjs|cjs)$/;

/** file:line for every line of a script file that starts a Python program. */
function inlinePython(files: string[], read: (f: string) => string): string[] {
  return files.filter((f) => SCRIPT_FILE.test(f)).flatMap((f) => read(f).split('\n').flatMap((line, i) => (PYTHON_LINE.test(line) ? [`${f}:${i + 1}: ${line.trim().slice(0, 120)}`] : [])));
}

describe('python/ holds the only Python', () => {
  it('no tracked .py file outside python/', () => {
    expect(tracked.filter((f) => f.endsWith('.py') && !f.startsWith('python/'))).toEqual([]);
  });

  it('no Python program inside a TypeScript or JavaScript file', () => {
    const found = inlinePython(tracked, (f) => readFileSync(join(ROOT, f), 'utf8'));
    expect(found, found.join('\n')).toEqual([]);
  });

  it('the rule catches an inline program and passes TypeScript imports, naming file:line', () => {
    const samples: Record<string, string> = {
      'a.ts': "const SCRIPT = String.raw`\nimport torch\nprint(torch.__version__)`;",
      'b.ts': "const PY = `\nimport sys, json, torch\n`;",
      'c.mjs': "x('-c', `\nfrom safetensors import deserialize\n`)",
      'd.ts': "import json from './x.json';\nimport sys, { y } from './sys.js';\nimport * as torch from './torch.js';\n// import torch in a comment mid-line is no program",
      'e.py': 'import torch',
    };
    expect(inlinePython(Object.keys(samples), (f) => samples[f] as string).map((o) => o.split(': ')[0])).toEqual(['a.ts:2', 'b.ts:2', 'c.mjs:2']);
  });
});

describe('portable sources', () => {
  it('git ls-files lists the sources', () => {
    expect(tracked).toContain('package.json');
    expect(tracked).toContain('test/portable.test.ts');
  });

  it('no tracked file names an absolute machine path or reads the shared folder', () => {
    const found = offences(tracked, (f) => readFileSync(join(ROOT, f), 'utf8'));
    expect(found, found.join('\n')).toEqual([]);
  });

  it('the rules catch what they are for, naming file:line', () => {
    const samples: Record<string, string> = {
      'a.ts': `const PY = '${S}work/main/.venv/bin/python';`,
      'b.ts': `ok\nreadFileSync('..${S}shared${S}seed/000.txt')`,
      'c.md': `see ${S}home/someone/x and ${S}Users/me/y`,
      'd.ts': "join(tmpdir(), 'x'); '.venv/bin/python'; 'https://example.org/work/'",
      'e.ts': `// as DESIGN${'.'}md says`,
    };
    expect(offences(Object.keys(samples), (f) => samples[f]).map((o) => o.split(': ').slice(0, 2).join(': '))).toEqual([
      'a.ts:1: absolute path of a machine',
      'b.ts:2: read of the shared folder outside the repository',
      'c.md:1: absolute path of a machine',
      'e.ts:1: citation of a document not in the repository',
    ]);
  });
});
