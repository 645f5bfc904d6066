// `rnn-conformance forward` with `lengths` in the input file, through the built CLI: the output is
// pack_padded_sequence -> nn.RNN -> pad_packed_sequence as the engine's API computes it, refusals
// print torch's `TypeName: message` and exit 1, bad flags and bad `lengths` tensors exit 2 naming
// the flag or the file. (Agreement with torch itself: test/packed-vs-torch.test.ts.)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Generator, RNN, packPaddedSequence, padPackedSequence, zeros } from '../engine/index.js';
import { encodeSafetensors, toRaw } from '../engine/safetensors.js';
import { decodeOutputFile, encodeInputFile, encodeStateDict } from '../engine/state-dict-file.js';

const bin = join(import.meta.dirname, '..', 'bin', 'rnn-conformance.js');
const dir = mkdtempSync(join(tmpdir(), 'rnn-cli-packed-'));
const cli = (args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });

const config = { input_size: 2, hidden_size: 3, num_layers: 2, bidirectional: true, batch_first: true, dtype: 'float64' };
const rnn = RNN.fromTorchConfig(config, { generator: new Generator(3) });
const input = zeros('float64', [3, 4, 2]); // batch_first: 3 sequences of up to 4 steps
input.data.forEach((_, i) => (input.data[i] = Math.sin(i)));
writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
writeFileSync(join(dir, 'weights.safetensors'), encodeStateDict(rnn.stateDict()));

function run(name: string, lengths: number[] | null, flags: string[] = [], shape = lengths ? [lengths.length] : []) {
  const path = join(dir, `${name}.safetensors`);
  writeFileSync(path, encodeInputFile(lengths ? { input, lengths: { shape, data: BigInt64Array.from(lengths.map(BigInt)) } } : { input }));
  const out = join(dir, `${name}-out.safetensors`);
  const r = cli(['forward', '--config', join(dir, 'config.json'), '--weights', join(dir, 'weights.safetensors'), '--input', path, '--out', out, ...flags]);
  return { code: r.status, stderr: r.stderr, out, input: path };
}

describe('forward with lengths', () => {
  it('pads, packs (config batch_first, --enforce-sorted), runs and pads back with 0', () => {
    for (const [lengths, enforceSorted] of [[[4, 2, 1], true], [[2, 4, 1], false]] as const) {
      const r = run(`ok-${enforceSorted}`, [...lengths], ['--enforce-sorted', String(enforceSorted)]);
      expect(r.code, r.stderr).toBe(0);
      const got = decodeOutputFile(readFileSync(r.out), 'float64');
      const [packed, hN] = rnn.eval().forward(packPaddedSequence(input, [...lengths], { batchFirst: true, enforceSorted }), null);
      const [output] = padPackedSequence(packed, { batchFirst: true });
      expect(got.output.shape).toEqual([3, 4, 6]);
      expect([...got.output.data]).toEqual([...output.data]);
      expect([...got.h_n.data]).toEqual([...hN.data]);
    }
  });

  it("prints torch's refusal and exits 1 (texts from torch 2.13)", () => {
    const unsorted = run('unsorted', [2, 4, 1]); // --enforce-sorted defaults to true, as in torch
    expect(unsorted.code).toBe(1);
    expect(unsorted.stderr).toBe(
      'RuntimeError: `lengths` array must be sorted in decreasing order when `enforce_sorted` is True. You can pass `enforce_sorted=False` ' +
        'to pack_padded_sequence and/or pack_sequence to sidestep this requirement if you do not need ONNX exportability.\n',
    );
    expect(run('too-long', [5, 2, 1]).stderr).toBe('RuntimeError: start (7) + length (1) exceeds dimension size (7).\n');
    expect(run('two-d', [4, 2, 1], [], [1, 3]).stderr).toBe("RuntimeError: 'lengths' argument should be a 1D CPU int64 tensor, but got 2D cpu Long tensor\n");
    expect(existsSync(run('zero', [4, 2, 0]).out)).toBe(false); // nothing written
  });

  it('bad flags and bad lengths tensors are exit 2, naming the flag or the file', () => {
    const bad = run('bad-flag', [4, 2, 1], ['--enforce-sorted', 'yes']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--enforce-sorted must be true or false, got 'yes'");
    const noLengths = run('no-lengths', null, ['--enforce-sorted', 'false']);
    expect(noLengths.code).toBe(2);
    expect(noLengths.stderr).toContain('--enforce-sorted');
    const f32 = join(dir, 'f32-lengths.safetensors');
    writeFileSync(f32, encodeSafetensors([['input', toRaw(input)], ['lengths', toRaw(zeros('float32', [3]))]]));
    const r = cli(['forward', '--config', join(dir, 'config.json'), '--weights', join(dir, 'weights.safetensors'), '--input', f32, '--out', join(dir, 'x.safetensors')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(f32);
    expect(r.stderr).toContain('tensor `lengths`: dtype F32 is not int64 (I64)');
  });
});
