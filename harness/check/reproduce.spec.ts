import { describe, expect, it } from 'vitest';
import { DTYPES } from '../../engine/dtype.js';
import { replayCase, replayFile, reproduceRun, streamArgs } from './reproduce.js';

describe('reproduce commands', () => {
  it('a stream names only what differs from the defaults, in one order', () => {
    expect(streamArgs({ engineFlag: '', noConfig: false }, 7, DTYPES)).toBe('--seed 7');
    expect(streamArgs({ engineFlag: '--engine onnxruntime', breakKind: 'bias', configFile: 'c.json', noConfig: false }, -3, ['float32', 'float64'])).toBe('--seed -3 --engine onnxruntime --dtypes float32,float64 --break bias --config-file c.json');
    expect(streamArgs({ engineFlag: '', noConfig: true }, 1, ['float16'])).toBe('--seed 1 --dtypes float16 --no-config');
  });

  it('the run, one case, a shrunk case and a saved file', () => {
    expect(reproduceRun('--seed 1 --no-config', 300)).toBe('rnn-conformance check --seed 1 --no-config --cases 300');
    expect(reproduceRun('--seed 1', 100, { index: 2, count: 3 })).toBe('rnn-conformance check --seed 1 --cases 100 --shard 2/3');
    expect(replayCase('--seed 3 --break bias', 5)).toBe('rnn-conformance check --seed 3 --break bias --case 5');
    expect(replayCase('--seed 3', 5, '0:1:0')).toBe('rnn-conformance check --seed 3 --case 5 --path 0:1:0');
    expect(replayFile('r/case-3-5.safetensors', 'bias')).toBe('rnn-conformance replay r/case-3-5.safetensors --break bias');
    expect(replayFile('r/c.safetensors', undefined, '--engine tfjs')).toBe('rnn-conformance replay r/c.safetensors --engine tfjs');
  });
});
