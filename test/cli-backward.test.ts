// `rnn-conformance backward` through the built CLI, against torch.autograd.backward on the same files in
// the command's order (python/testing/cli_files.py):
// cases in all six dtypes (training-mode dropout from --seed), torch's refusals as `TypeName: message`
// with exit 1, bad files with exit 2 naming the file, --help. The CLI reads and writes only files.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DTYPES, Generator, RNN, isComplex, roundBF16, roundF16, zeros, type DType, type Tensor } from '../engine/index.js';
import { decodeSafetensors } from '../engine/safetensors.js';
import { encodeInputFile, encodeStateDict, encodeUpstreamGradFile, fileDType } from '../engine/state-dict-file.js';
import { fromRaw } from '../engine/safetensors.js';
import { compareTensors, judgeWithOracle, resolveTolerance } from '../harness/compare/index.js';
import { decodeTensors, runTool } from './python-tools.js';

const bin = join(import.meta.dirname, '..', 'bin', 'rnn-conformance.js');
const dir = mkdtempSync(join(tmpdir(), 'rnn-backward-'));

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function fill(t: Tensor, seed: number): Tensor {
  let s = seed >>> 0 || 1;
  const rnd = (): number => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const round = t.dtype === 'float16' ? roundF16 : t.dtype === 'bfloat16' ? roundBF16 : (x: number): number => x;
  const scale = isComplex(t.dtype) ? 0.7 : 2;
  for (let i = 0; i < t.data.length; i++) t.data[i] = round((rnd() * 2 - 1) * scale);
  return t;
}

interface Files {
  config: string;
  weights: string;
  input: string;
  grad: string;
  out: string;
}

function write(k: string, cfg: Record<string, unknown>, sd: Record<string, Tensor>, input: Tensor, hx: Tensor | null, gOut: Tensor, gHN: Tensor | null): Files {
  const p = (n: string) => join(dir, `${k}-${n}`);
  writeFileSync(p('config.json'), JSON.stringify(cfg));
  writeFileSync(p('weights.safetensors'), encodeStateDict(sd));
  writeFileSync(p('input.safetensors'), encodeInputFile(hx ? { input, hx } : { input }));
  writeFileSync(p('grad.safetensors'), encodeUpstreamGradFile(gHN ? { output: gOut, h_n: gHN } : { output: gOut }));
  return { config: p('config.json'), weights: p('weights.safetensors'), input: p('input.safetensors'), grad: p('grad.safetensors'), out: p('out.safetensors') };
}

const flags = (f: Files) => ['backward', '--config', f.config, '--weights', f.weights, '--input', f.input, '--grad', f.grad, '--out', f.out];

function readResult(path: string, dtype: DType): Record<string, Tensor> {
  const out: Record<string, Tensor> = {};
  for (const [name, raw] of decodeSafetensors(readFileSync(path)).tensors) out[name] = fromRaw(raw, fileDType(raw, dtype));
  return out;
}

describe('backward command (live)', () => {
  // one case per dtype, each with several layers, and between them every layout and option
  const cases = DTYPES.map((dtype, i) => {
    const cplx = isComplex(dtype);
    const cfg = {
      input_size: 3, hidden_size: 4, num_layers: 2 + (i % 2), nonlinearity: !cplx && i % 2 ? 'relu' : 'tanh', bias: i !== 2,
      batch_first: i % 3 === 0, bidirectional: i % 2 === 0, dropout: cplx ? 0 : 0.4, dtype,
    };
    const seed = 1000 + i;
    const D = cfg.bidirectional ? 2 : 1;
    const N = 3;
    const T = 5;
    const unbatched = i === 4;
    const inShape = unbatched ? [T, 3] : cfg.batch_first ? [N, T, 3] : [T, N, 3];
    const hShape = unbatched ? [cfg.num_layers * D, 4] : [cfg.num_layers * D, N, 4];
    const outShape = unbatched ? [T, D * 4] : cfg.batch_first ? [N, T, D * 4] : [T, N, D * 4];
    const rnn = RNN.fromTorchConfig(cfg, { generator: new Generator(seed) }); // torch.manual_seed(seed); nn.RNN(**cfg)
    const input = fill(zeros(dtype, inShape), seed + 1);
    const hx = i % 3 !== 1 ? fill(zeros(dtype, hShape), seed + 2) : null;
    const gOut = fill(zeros(dtype, outShape), seed + 3);
    const gHN = i !== 5 ? fill(zeros(dtype, hShape), seed + 4) : null;
    return { dtype, cfg, seed, train: !cplx, sd: rnn.stateDict(), input, hx, gOut, gHN };
  });

  interface TorchOnFiles {
    want: Record<string, Tensor>;
    oracle: Record<string, Tensor>;
    error: { type: string; message: string } | null;
  }
  /** torch on the same files, in the commands' order (python/testing/cli_files.py, one run for all), with the oracle. */
  function torchOn(jobs: { f: Files; seed?: number; train?: boolean; grad?: boolean; enforceSorted?: boolean }[]): TorchOnFiles[] {
    const input = jobs.map(({ f, seed, train, grad, enforceSorted }) => ({
      config: f.config, weights: f.weights, input: f.input, ...(grad === false ? {} : { grad: f.grad }), seed, train, oracle: true, ...(enforceSorted === undefined ? {} : { enforce_sorted: enforceSorted }),
    }));
    const { tensors, meta } = decodeTensors(runTool('cli_files.py', [], JSON.stringify(input)));
    const answers = jobs.map((_, k): TorchOnFiles => ({ want: {}, oracle: {}, error: (meta.errors as TorchOnFiles['error'][])[k] ?? null }));
    for (const [key, t] of Object.entries(tensors)) {
      const [, k, oracle, name] = /^(\d+)\.(oracle\.)?(.*)$/.exec(key) as RegExpExecArray;
      const a = answers[Number(k)] as TorchOnFiles;
      (oracle ? a.oracle : a.want)[name as string] = t;
    }
    return answers;
  }

  /** The CLI's tensors against torch's: bit for bit in float16/bfloat16, else the comparator and the oracle rule. */
  function differences(dtype: DType, got: Record<string, Tensor>, want: Record<string, Tensor>, oracle: Record<string, Tensor>, names: readonly string[]): string[] {
    return names.flatMap((name) => {
      const g = got[name] as Tensor;
      const w = want[name] as Tensor;
      if (dtype === 'float16' || dtype === 'bfloat16') return w.data.every((x, i) => Object.is(x, g.data[i])) ? [] : [`${dtype} ${name}: not bit-identical`];
      const v = compareTensors(g, w, { name });
      const o = oracle[name];
      if (v.ok || (o && judgeWithOracle(g, w, o, resolveTolerance(dtype)).outcome === 'amplified')) return [];
      return [`${dtype} ${name}: ${v.message}`];
    });
  }

  it('writes torch\'s output, h_n and gradients in all six dtypes (bit for bit in float16/bfloat16)', () => {
    const failures: string[] = [];
    const files = cases.map((c, k) => write(String(k), c.cfg, c.sd, c.input, c.hx, c.gOut, c.gHN));
    const torch = torchOn(cases.map((c, k) => ({ f: files[k] as Files, seed: c.seed, train: c.train })));
    cases.forEach((c, k) => {
      const f = files[k] as Files;
      const r = cli([...flags(f), '--seed', String(c.seed), ...(c.train ? ['--train'] : [])]);
      expect(r.code, r.stderr).toBe(0);
      const t = torch[k] as TorchOnFiles;
      if (t.error) throw new Error(`torch refused: ${t.error.message}`);
      const got = readResult(f.out, c.dtype);
      expect(Object.keys(got).sort()).toEqual(Object.keys(t.want).sort());
      failures.push(...differences(c.dtype, got, t.want, t.oracle, Object.keys(t.want)));
    });
    expect(failures).toEqual([]);
  });

  it('forward --train --seed N is torch.manual_seed(N) right before the forward pass on the loaded weights: torch\'s output and h_n', () => {
    // model.load_state_dict(W); torch.manual_seed(N); model.train(); model(x) -- python/testing/cli_files.py's order.
    const failures: string[] = [];
    const files = cases.map((c, k) => write(`fwd-${k}`, c.cfg, c.sd, c.input, c.hx, c.gOut, c.gHN));
    const torch = torchOn(cases.map((c, k) => ({ f: files[k] as Files, seed: c.seed, train: c.train, grad: false })));
    cases.forEach((c, k) => {
      const f = files[k] as Files;
      const r = cli(['forward', '--config', f.config, '--weights', f.weights, '--input', f.input, '--out', f.out, '--seed', String(c.seed), ...(c.train ? ['--train'] : [])]);
      expect(r.code, r.stderr).toBe(0);
      const t = torch[k] as TorchOnFiles;
      if (t.error) throw new Error(`torch refused: ${t.error.message}`);
      failures.push(...differences(c.dtype, readResult(f.out, c.dtype), t.want, t.oracle, ['output', 'h_n']));
    });
    expect(failures).toEqual([]);
    expect(cases.filter((c) => c.train && c.cfg.dropout > 0).length, 'cases that draw dropout masks').toBeGreaterThan(2);
  });

  it('--train without --seed draws a seed, prints it, and --seed with it reproduces the run byte for byte', () => {
    const c = cases[0] as (typeof cases)[number];
    expect(c.train && c.cfg.dropout > 0).toBe(true);
    for (const command of ['forward', 'backward'] as const) {
      const f = write(`drawn-${command}`, c.cfg, c.sd, c.input, c.hx, c.gOut, c.gHN);
      const args = command === 'forward' ? ['forward', '--config', f.config, '--weights', f.weights, '--input', f.input, '--out', f.out] : flags(f);
      const r = cli([...args, '--train']);
      expect(r.code, r.stderr).toBe(0);
      const m = new RegExp(`^${command} --train without --seed: seed (\\d+) drawn \\(torch\\.manual_seed\\(\\1\\) before the forward pass\\); reproduce with --seed \\1$`, 'm').exec(r.stderr);
      expect(m, r.stderr).not.toBeNull();
      const first = readFileSync(f.out);
      const again = cli([...args, '--train', '--seed', (m as RegExpExecArray)[1] as string]);
      expect(again.code, again.stderr).toBe(0);
      expect(again.stderr).not.toContain('drawn');
      expect(Buffer.compare(readFileSync(f.out), first), `${command}: the printed seed reproduces the run`).toBe(0);
    }
  });

  it('prints torch\'s refusals of upstream gradients (exit 1), word for word', () => {
    const c = cases[2]; // float32
    const bad: [string, Tensor, Tensor | null][] = [
      ['shape', fill(zeros('float32', [5, 3, 7]), 1), null],
      ['complex', fill(zeros('complex64', [...c.gOut.shape]), 2), null],
      ['h_n shape', c.gOut, fill(zeros('float32', [1, 3, 4]), 3)],
    ];
    const files = bad.map(([, g, h], k) => write(`refuse-${k}`, c.cfg, c.sd, c.input, c.hx, g, h));
    const torch = torchOn(files.map((f) => ({ f })));
    bad.forEach(([what], k) => {
      const f = files[k] as Files;
      const t = torch[k] as TorchOnFiles;
      if (!t.error) throw new Error(`${what}: torch accepted it`);
      const r = cli(flags(f));
      expect(r.code, what).toBe(1);
      expect(r.stderr.trim(), what).toBe(`${t.error.type}: ${t.error.message}`);
    });
  });

  it('refuses bad files with exit 2, naming the file, and writes nothing', () => {
    const c = cases[2];
    const f = write('badfile', c.cfg, c.sd, c.input, c.hx, c.gOut, null);
    writeFileSync(f.grad, encodeInputFile({ input: c.gOut })); // `input` is not a gradient file's tensor
    let r = cli(flags(f));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(f.grad);
    expect(r.stderr).toContain('unexpected tensor `input`');
    writeFileSync(f.grad, new Uint8Array([1, 2, 3]));
    r = cli(flags(f));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(f.grad);
    expect(() => readFileSync(f.out)).toThrow();
    r = cli(flags(f).slice(0, 7));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('missing --grad');
    // --enforce-sorted packs by lengths: without them it is a usage error
    r = cli([...flags(write('nolengths', c.cfg, c.sd, c.input, c.hx, c.gOut, null)), '--enforce-sorted', 'false']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--enforce-sorted packs by `lengths`');
  });

  it('with lengths: packs, runs, pads back, and writes the padded input\'s gradients (torch\'s; complex refused in torch\'s words)', () => {
    const batched = cases.filter((c) => c.input.shape.length === 3);
    const lengthsOf = (k: number): { lengths: number[]; enforceSorted: boolean } => (k % 2 ? { lengths: [5, 4, 2], enforceSorted: true } : { lengths: [2, 5, 4], enforceSorted: false });
    const files = batched.map((c, k) => {
      const f = write(`packed-${k}`, c.cfg, c.sd, c.input, c.hx, c.gOut, c.gHN);
      writeFileSync(f.input, encodeInputFile({ input: c.input, ...(c.hx ? { hx: c.hx } : {}), lengths: { shape: [3], data: BigInt64Array.from(lengthsOf(k).lengths.map(BigInt)) } }));
      return f;
    });
    const torch = torchOn(batched.map((c, k) => ({ f: files[k] as Files, seed: c.seed, train: c.train, enforceSorted: lengthsOf(k).enforceSorted })));
    const failures: string[] = [];
    batched.forEach((c, k) => {
      const f = files[k] as Files;
      const r = cli([...flags(f), '--seed', String(c.seed), ...(c.train ? ['--train'] : []), '--enforce-sorted', String(lengthsOf(k).enforceSorted)]);
      const t = torch[k] as TorchOnFiles;
      if (t.error) {
        expect(isComplex(c.dtype), `${c.dtype}: torch refused ${t.error.message}`).toBe(true);
        expect(r.code, c.dtype).toBe(1);
        expect(r.stderr.trim().split('\n').at(-1), c.dtype).toBe(`${t.error.type}: ${t.error.message}`);
        return;
      }
      expect(r.code, r.stderr).toBe(0);
      const got = readResult(f.out, c.dtype);
      expect(Object.keys(got).sort()).toEqual(Object.keys(t.want).sort());
      for (const name of Object.keys(t.want)) expect(got[name]?.shape, name).toEqual(t.want[name]?.shape);
      failures.push(...differences(c.dtype, got, t.want, t.oracle, Object.keys(t.want)));
    });
    expect(failures).toEqual([]);
    expect(batched.filter((c) => !isComplex(c.dtype)).length).toBeGreaterThan(2);
  });

  it('--help explains the command', () => {
    const h = cli(['backward', '--help']);
    expect(h.code).toBe(0);
    expect(h.stdout).toContain('usage: rnn-conformance backward');
    expect(h.stdout).toContain('torch.autograd.backward');
  });
});
