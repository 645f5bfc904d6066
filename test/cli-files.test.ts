// The CLI's input files as users write them, through the built bin: a config's dtype as PyTorch users
// write it ("torch.float64"), and a hostile safetensors header length echoed exactly (BigInt, not a double).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const bin = join(import.meta.dirname, '..', 'bin', 'rnn-conformance.js');
const dir = mkdtempSync(join(tmpdir(), 'rnn-cli-files-'));
const at = (n: string) => join(dir, n);

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('config dtype names', () => {
  it.each(['float16', 'bfloat16', 'float32', 'float64', 'complex64', 'complex128'])('"torch.%s" is the same config as "%s" (init writes the same bytes)', (d) => {
    const cfg = { input_size: 3, hidden_size: 4, num_layers: 2, bidirectional: true };
    writeFileSync(at(`plain-${d}.json`), JSON.stringify({ ...cfg, dtype: d }));
    writeFileSync(at(`torch-${d}.json`), JSON.stringify({ ...cfg, dtype: `torch.${d}` }));
    const a = cli(['init', '--config', at(`plain-${d}.json`), '--seed', '7', '--out', at(`plain-${d}.safetensors`)]);
    const b = cli(['init', '--config', at(`torch-${d}.json`), '--seed', '7', '--out', at(`torch-${d}.safetensors`)]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    expect(Buffer.compare(readFileSync(at(`plain-${d}.safetensors`)), readFileSync(at(`torch-${d}.safetensors`)))).toBe(0);
  });

  it('"torch.int64" is refused as torch refuses torch.int64 (exit 1, its words)', () => {
    writeFileSync(at('int.json'), JSON.stringify({ input_size: 3, hidden_size: 4, dtype: 'torch.int64' }));
    const r = cli(['init', '--config', at('int.json'), '--seed', '7', '--out', at('int.safetensors')]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe('RuntimeError: Only Tensors of floating point and complex dtype can require gradients');
  });
});

describe('large integers in messages', () => {
  it('a safetensors header length of 2^62 is printed as 4611686018427387904 (exit 2, naming the file)', () => {
    writeFileSync(at('c.json'), JSON.stringify({ input_size: 3, hidden_size: 4 }));
    const bytes = Buffer.alloc(16);
    bytes.writeBigUInt64LE(2n ** 62n, 0);
    writeFileSync(at('huge.safetensors'), bytes);
    const r = cli(['forward', '--config', at('c.json'), '--weights', at('huge.safetensors'), '--input', at('huge.safetensors'), '--out', at('y.safetensors')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(at('huge.safetensors'));
    expect(r.stderr).toContain('header length 4611686018427387904 is over the 100000000-byte limit');
  });
});
