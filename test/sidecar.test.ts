// The torch sidecar and its client, against real torch 2.13 (.venv or $RNN_CONFORMANCE_PYTHON).
// Expected values come from a direct Python computation run live; faults are injected with the
// test doubles in python/testing/fake_sidecars/. A missing torch fails these tests, it never skips them.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DTYPES, isComplex, type DType } from '../engine/dtype.js';
import { numel, tensor, type Tensor } from '../engine/tensor.js';
import { BlobBuilder, tensorFromBlob } from '../harness/case/codec.js';
import { encodeFrame, FrameReader, pyJson, ReplySchema, type RawFrame } from '../harness/sidecar/protocol.js';
import { defaultPython, repoRoot, sidecarScript } from '../harness/sidecar/paths.js';
import { toolPath } from './python-tools.js';
import {
  ReferenceUnavailableError,
  Sidecar,
  SidecarCrashedError,
  SidecarPool,
  TorchVersionMismatchError,
  type RefCase,
  type RefResult,
} from '../harness/sidecar/index.js';

const fakes = join(repoRoot(), 'python', 'testing', 'fake_sidecars');
const faulty = join(fakes, 'faulty.py');

/** Runs python/testing/<tool> in the reference Python with JSON on stdin (as the sidecar gets it: NaN
 * as {"$float": "nan"}, integer numbers as ints); returns the JSON it prints. Asynchronous: it runs
 * while the sidecar starts. */
function python<T>(tool: string, input: unknown): Promise<T> {
  return new Promise((resolve, reject) => {
    const p = spawn(defaultPython(), [toolPath(tool)], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
    p.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
    p.on('error', reject);
    p.on('close', (code) => (code === 0 ? resolve(JSON.parse(out) as T) : reject(new Error(`direct python failed (${code}): ${err}`))));
    p.stdin.end(pyJson(input));
  });
}

interface Direct {
  output?: number[];
  h_n?: number[];
  sd?: Record<string, number[]>;
  oracle?: number[];
  stage?: string;
  type?: string;
  message?: string;
}

/** Deterministic inputs exactly representable in every dtype (multiples of 1/8 in [-1, 1]). */
function exactInput(dtype: DType, shape: number[]): Tensor {
  const n = numel(shape) * (isComplex(dtype) ? 2 : 1);
  return tensor(dtype, shape, Array.from({ length: n }, (_, i) => (((i * 5) % 17) - 8) / 8));
}

const values = (t: Tensor): number[] => Array.from(t.data);
const ok = (r: RefResult | undefined) => {
  if (r?.kind !== 'ok') throw new Error(`expected an ok result, got ${JSON.stringify(r)}`);
  return r;
};

// Every direct computation the tests compare against, run in one Python process up front.
const dtypeCase = (dtype: DType) => {
  const config = { input_size: 2, hidden_size: 3, num_layers: 2, bidirectional: true, dtype };
  const shape = [4, 2, 2];
  return { config, shape, input: exactInput(dtype, shape) };
};
const seeds = [-5, 2n ** 40n + 3n, 2 ** 32 + 1];
const oracleCase = { config: { input_size: 3, hidden_size: 4, nonlinearity: 'relu' }, shape: [5, 1, 3], input: exactInput('float32', [5, 1, 3]) };
const hxCase = {
  config: { input_size: 3, hidden_size: 2, num_layers: 2, batch_first: true, dtype: 'complex64' },
  input: exactInput('complex64', [2, 4, 3]),
  hx: exactInput('complex64', [2, 2, 2]),
};
const base = { input_size: 2, hidden_size: 3 };
const refusals: RefCase[] = [
  { id: 'sigmoid', config: { ...base, nonlinearity: 'sigmoid' }, input: exactInput('float32', [2, 2]) },
  { id: '1d', config: base, seed: 1, input: exactInput('float32', [4]) },
  { id: 'nan-dropout', config: { ...base, dropout: NaN } },
  { id: 'int-dtype', config: { ...base, dtype: 'int32' } },
  { id: 'no-dtype', config: { ...base, dtype: 'float33' } },
  { id: 'unknown-key', config: JSON.parse('{"input_size": 2, "hidden_size": 3, "__proto__": 1}') as Record<string, unknown> },
  { id: 'no-input', config: base },
];
const specs: Record<string, unknown> = {
  ...Object.fromEntries(DTYPES.map((dtype) => {
    const c = dtypeCase(dtype);
    return [`dtype:${dtype}`, { config: c.config, seed: 7, dtype, shape: c.shape, x: values(c.input) }];
  })),
  ...Object.fromEntries(seeds.map((seed) => [`seed:${seed}`, { config: { input_size: 1, hidden_size: 2 }, seed, dtype: 'float32', shape: [1, 1], x: [0.5] }])),
  hx: { config: hxCase.config, seed: 11, dtype: 'complex64', shape: [2, 4, 3], x: values(hxCase.input), h: values(hxCase.hx), hshape: [2, 2, 2] },
  oracle: { config: oracleCase.config, seed: 3, dtype: 'float32', shape: oracleCase.shape, x: values(oracleCase.input), oracle: true },
  ...Object.fromEntries(refusals.map((c) => [`refusal:${c.id}`, { config: c.config, seed: c.seed, dtype: 'float32', shape: c.input?.shape, x: c.input ? values(c.input) : null }])),
};

let sidecar: Sidecar;
let direct: { meta: { torch: string; git: string; cap: string; py: string }; results: Record<string, Direct> };
const expected = (name: string): Direct => {
  const d = direct.results[name];
  if (!d) throw new Error(`no direct result ${name}`);
  return d;
};
beforeAll(async () => {
  [sidecar, direct] = await Promise.all([Sidecar.start(), python<typeof direct>('sidecar_direct.py', specs)]);
});
afterAll(async () => {
  await sidecar.close();
});

// ---- the real sidecar ---------------------------------------------------------------------------

describe('handshake', () => {
  test('reports protocol, torch, build, CPU capability, threads, CPU and python', () => {
    const h = sidecar.hello;
    expect(h.protocol).toBe(1);
    expect(h.torch).toBe(direct.meta.torch);
    expect(h.gitVersion).toBe(direct.meta.git);
    expect(h.cpuCapability).toBe(direct.meta.cap);
    expect(h.python).toBe(direct.meta.py);
    expect(h.numThreads).toBe(1);
    expect(h.build.some((l) => l.startsWith('CPU capability usage'))).toBe(true);
    expect(h.cpuModel.length).toBeGreaterThan(0);
  });
});

describe('results match a direct torch computation', () => {
  test.each(DTYPES)('%s: seeded init, forward, and the returned state dict loaded back', async (dtype) => {
    const { config, input } = dtypeCase(dtype);
    const [seeded] = await sidecar.run([{ id: 'seeded', config, seed: 7, input }]);
    const want = expected(`dtype:${dtype}`);
    const r = ok(seeded);
    expect(r.output.dtype).toBe(dtype);
    expect(r.output.shape).toEqual([4, 2, 6]);
    expect(r.hN.shape).toEqual([4, 2, 3]);
    expect(values(r.output)).toEqual(want.output);
    expect(values(r.hN)).toEqual(want.h_n);
    const sd = r.stateDict ?? {};
    expect(Object.keys(sd)).toEqual(Object.keys(want.sd ?? {}));
    for (const [k, t] of Object.entries(sd)) expect(values(t), k).toEqual(want.sd?.[k]);
    // The same weights sent back (state dict path, other seed or none, as check sends a snapshot case:
    // the sidecar's constructor then skips the init draws the load overwrites) give the same answer.
    const [loaded, unseeded] = await sidecar.run([
      { id: 'loaded', config, seed: 99, stateDict: sd, input },
      { id: 'unseeded', config, stateDict: sd, input },
    ]);
    for (const l of [loaded, unseeded]) {
      expect(values(ok(l).output), l?.id).toEqual(want.output);
      expect(values(ok(l).hN), l?.id).toEqual(want.h_n);
      expect(ok(l).stateDict).toBeUndefined();
    }
  });

  test('hx given, batch_first, two layers (complex64)', async () => {
    const [r] = await sidecar.run([{ id: 'hx', config: hxCase.config, seed: 11, input: hxCase.input, hx: hxCase.hx }]);
    expect(ok(r).output.shape).toEqual([2, 4, 2]);
    expect(values(ok(r).output)).toEqual(expected('hx').output);
    expect(values(ok(r).hN)).toEqual(expected('hx').h_n);
  });

  test('seeds: negative and beyond 2^32 (bigint) reach torch.manual_seed intact', async () => {
    for (const seed of seeds) {
      const r = await sidecar.init({ input_size: 1, hidden_size: 2 }, seed);
      if (r.kind !== 'ok') throw new Error(JSON.stringify(r));
      expect(values(r.stateDict.weight_hh_l0), String(seed)).toEqual(expected(`seed:${seed}`).sd?.weight_hh_l0);
    }
  });

  test('oracle: float64 answer for float32, 40-digit answer for float64, none when dropout draws masks', async () => {
    const { shape, config, input } = oracleCase;
    const x64 = exactInput('float64', shape);
    const [r32, r64, train, trainP0] = await sidecar.run([
      { id: 'f32', config, seed: 3, input, oracle: true },
      { id: 'f64', config: { ...config, dtype: 'float64' }, seed: 3, input: x64, oracle: true },
      { id: 'train', config: { ...config, num_layers: 2, dropout: 0.5 }, seed: 3, input, oracle: true, train: true },
      { id: 'train-p0', config, seed: 3, input, oracle: true, train: true },
    ]);
    expect(ok(r32).oracle?.samePrecision).toBe(false);
    expect(ok(r32).oracle?.output.dtype).toBe('float64');
    expect(values(ok(r32).oracle?.output ?? input)).toEqual(expected('oracle').oracle);
    // float64 is already double: its oracle is the recurrence in 40-digit mpmath (python/oracle_mp.py),
    // which on this well-conditioned case agrees with torch's float64 to a few ulps.
    expect(ok(r64).oracle?.samePrecision).toBe(false);
    const exact = values(ok(r64).oracle?.output ?? input);
    values(ok(r64).output).forEach((v, i) => expect(Math.abs(v - (exact[i] as number))).toBeLessThanOrEqual(1e-14 * Math.max(1, Math.abs(v))));
    // Dropout masks do not depend on the dtype: re-seeded, the widened copy draws the same masks, so
    // its answer is torch's own up to float32 rounding (this case is well-conditioned).
    const trainOracle = values(ok(train).oracle?.output ?? input);
    values(ok(train).output).forEach((v, i) => expect(Math.abs(v - (trainOracle[i] as number))).toBeLessThanOrEqual(1e-5 + 1.3e-6 * Math.abs(v)));
    // Train mode without dropout draws is deterministic: the oracle is computed (and equals eval's here).
    expect(values(ok(trainP0).oracle?.output ?? input)).toEqual(expected('oracle').oracle);
  });
});

describe('refusals are data', () => {
  test('constructor, load_state_dict and forward refusals carry stage, type and torch message', async () => {
    const cases = refusals;
    const results = await sidecar.run(cases);
    results.forEach((r, i) => {
      const d = expected(`refusal:${cases[i].id}`);
      expect(r.kind, cases[i].id).toBe('refused');
      if (r.kind !== 'refused') return;
      expect({ stage: r.stage, type: r.type, message: r.message }, cases[i].id).toEqual({ stage: d.stage, type: d.type, message: d.message });
    });
    expect(results.map((r) => r.kind === 'refused' && r.stage)).toEqual(['config', 'forward', 'config', 'config', 'config', 'config', 'forward']);
    expect(results[0].kind === 'refused' && results[0].message).toBe("Unknown nonlinearity 'sigmoid'. Select from 'tanh' or 'relu'.");
  });

  test('load_state_dict refusal; dropout UserWarning text recorded', async () => {
    const config = { input_size: 1, hidden_size: 1, dropout: 0.5 };
    const init = await sidecar.init(config, 0);
    if (init.kind !== 'ok') throw new Error(JSON.stringify(init));
    expect(init.warnings).toEqual([
      'dropout option adds dropout after all but last recurrent layer, so non-zero dropout expects num_layers greater than 1, but got dropout=0.5 and num_layers=1',
    ]);
    const [r] = await sidecar.run([{ id: 'missing-key', config, stateDict: { weight_ih_l0: init.stateDict.weight_ih_l0 }, input: exactInput('float32', [1, 1]) }]);
    if (r.kind !== 'refused') throw new Error(JSON.stringify(r));
    expect(r.stage).toBe('load');
    expect(r.type).toBe('RuntimeError');
    expect(r.message).toMatch(/^Error\(s\) in loading state_dict for RNN:\n\tMissing key\(s\) in state_dict: "weight_hh_l0"/);
    expect(r.warnings).toHaveLength(1);
    // A full state dict: loaded (eval mode, no seed: the constructor skips the init draws), the
    // constructor's warning still recorded.
    const [full] = await sidecar.run([{ id: 'full', config, stateDict: init.stateDict, input: exactInput('float32', [1, 1]) }]);
    expect(ok(full).warnings).toEqual(init.warnings);
    expect(ok(full).output.shape).toEqual([1, 1]);
    expect(sidecar.alive).toBe(true);
  });
});

describe('transport', () => {
  test('many cases per request come back in order', async () => {
    const cases: RefCase[] = Array.from({ length: 300 }, (_, i) => ({
      id: `case-${i}`,
      config: { input_size: 1 + (i % 4), hidden_size: 1 + (i % 5), dtype: DTYPES[i % DTYPES.length] },
      seed: i,
      input: exactInput(DTYPES[i % DTYPES.length], [1 + (i % 3), 1 + (i % 4)]),
    }));
    const results = await sidecar.run(cases);
    expect(results.map((r) => r.id)).toEqual(cases.map((c) => c.id));
    results.forEach((r, i) => expect(ok(r).output.shape).toEqual([1 + (i % 3), 1 + (i % 5)]));
  });

  test('complex128 tensors at 8-byte (not 16-byte) blob offsets do not crash torch', async () => {
    const config = { input_size: 2, hidden_size: 2, dtype: 'complex128' };
    const init = await sidecar.init(config, 5);
    if (init.kind !== 'ok') throw new Error(JSON.stringify(init));
    const input = exactInput('complex128', [3, 2]);
    const [aligned] = await sidecar.run([{ id: 'aligned', config, stateDict: init.stateDict, input }]);
    // Hand-built request: every tensor at offset 8 mod 16, which the client itself never sends.
    const parts: Uint8Array[] = [];
    let size = 0;
    const at8 = (t: Tensor) => {
      const pad = 8 + ((16 - (size % 16)) % 16);
      parts.push(new Uint8Array(pad), new Uint8Array(t.data.buffer));
      size += pad;
      const d = { dtype: t.dtype, shape: t.shape, offset: size, nbytes: t.data.byteLength };
      size += t.data.byteLength;
      return d;
    };
    const sd = Object.fromEntries(Object.entries(init.stateDict).map(([k, t]) => [k, at8(t)]));
    const header = { type: 'run', id: 1, cases: [{ id: 'odd', config, state_dict: sd, input: at8(input), oracle: true }] };
    const reply = await rawExchange(encodeFrame(pyJson(header), Buffer.concat(parts)));
    const parsed = ReplySchema.parse(reply.header);
    if (parsed.type !== 'run-result' || parsed.results[0].kind !== 'ok') throw new Error(JSON.stringify(reply.header));
    expect(values(tensorFromBlob(parsed.results[0].output, reply.blob))).toEqual(values(ok(aligned).output));
  });
});

/** Spawns the real sidecar without the client, sends one frame, returns the reply frame. */
function rawExchange(frame: Buffer): Promise<RawFrame> {
  return new Promise((resolve, reject) => {
    const p = spawn(defaultPython(), [sidecarScript()], { stdio: ['pipe', 'pipe', 'inherit'] });
    const reader = new FrameReader();
    const got: RawFrame[] = [];
    p.stdout.on('data', (c: Buffer) => {
      got.push(...reader.push(c));
      if (got.length === 1) p.stdin.write(frame);
      if (got.length === 2) p.stdin.end();
    });
    p.on('exit', (code, signal) => (got.length === 2 ? resolve(got[1]) : reject(new Error(`sidecar exited ${code ?? signal} with ${got.length} frames`))));
  });
}

// ---- faults ---------------------------------------------------------------------------------------

const small = (id: string, i = 0): RefCase => ({ id, config: { input_size: 2, hidden_size: 2 }, seed: i, input: exactInput('float32', [2, 2]) });
const state = () => mkdtempSync(join(tmpdir(), 'fake-sidecar-'));
const noTorch = { FAKE_NO_TORCH: '1' }; // for faults that fire before torch is needed: a fast start

// Each fault test starts its own sidecars, so they run side by side.
describe.concurrent('faults in the sidecar process', () => {
  test('killed mid-request (SIGKILL): error names the case; the pool retries on a fresh sidecar', async () => {
    const s = await Sidecar.start({ script: faulty, env: noTorch });
    const err = await s.run([small('a'), small('victim!kill')]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SidecarCrashedError);
    expect((err as SidecarCrashedError).message).toMatch(/failed while running case\(s\) a, victim!kill: sidecar was killed by SIGKILL/);
    expect((err as SidecarCrashedError).caseIds).toEqual(['a', 'victim!kill']);
    expect(s.alive).toBe(false);
    await expect(s.run([small('after')])).rejects.toBe(err);

    const pool = await SidecarPool.start(1, { script: faulty, batchSize: 2, env: { FAKE_STATE_DIR: state() } });
    const results = await pool.run([small('p0'), small('p1!kill-once'), small('p2'), small('p3')]);
    expect(results.map((r) => r.kind)).toEqual(['ok', 'ok', 'ok', 'ok']);
    expect(pool.restarts).toBe(1);
    await pool.close();
  });

  test('runs pending at once share the workers: a later run is not held back by an earlier one stuck on one worker', async () => {
    const pool = await SidecarPool.start(2, { script: faulty, batchSize: 1, requestTimeoutMs: 4000, env: { FAKE_STATE_DIR: state() } });
    try {
      const first = pool.run([small('a0!hang-once'), small('a1')]);
      const second = pool.run([small('b0'), small('b1'), small('b2')]);
      // The free worker serves the second run while the first waits on its hung batch (killed after
      // 4 s and retried on a fresh sidecar).
      expect(await Promise.race([first.then(() => 'first'), second.then(() => 'second')])).toBe('second');
      expect((await second).map((r) => [r.id, r.kind])).toEqual([['b0', 'ok'], ['b1', 'ok'], ['b2', 'ok']]);
      expect((await first).map((r) => [r.id, r.kind])).toEqual([['a0!hang-once', 'ok'], ['a1', 'ok']]);
      expect(pool.restarts).toBe(1);
    } finally {
      await pool.close();
    }
  });

  test('requests are pipelined: the next batch waits on stdin while one runs; each request has its own deadline; a fault fails the running request, not those queued behind it', async () => {
    // The pool writes a worker's next batch before reading the reply to the one it runs.
    const pool = await SidecarPool.start(1, { script: faulty, batchSize: 1 });
    try {
      const results = await pool.run([small('a!peek'), small('b'), small('c!peek')]);
      expect(results.map((r) => ok(r).warnings)).toEqual([['fake sidecar: the next request was waiting'], [], ['fake sidecar: the next request was not waiting']]);
    } finally {
      await pool.close();
    }
    // Two requests of 1.5 s each, written at once: 3 s in all, each within its 2.5 s deadline (timed
    // from the reply before it).
    const s = await Sidecar.start({ script: faulty, requestTimeoutMs: 2500 });
    const slow = await Promise.all([s.run([small('x!slow')]), s.run([small('y!slow')])]);
    expect(slow.flat().map((r) => [r.id, r.kind])).toEqual([['x!slow', 'ok'], ['y!slow', 'ok']]);
    const [killed, queued] = await Promise.all([s.run([small('k!kill')]), s.run([small('q')])].map((p) => p.catch((e: unknown) => e)));
    expect(killed).toBeInstanceOf(SidecarCrashedError);
    expect([(killed as SidecarCrashedError).caseIds, (killed as SidecarCrashedError).notRun]).toEqual([['k!kill'], false]);
    expect(queued).toBeInstanceOf(SidecarCrashedError);
    expect([(queued as SidecarCrashedError).caseIds, (queued as SidecarCrashedError).notRun]).toEqual([['q'], true]);
    expect((queued as Error).message).toMatch(/failed before reaching case\(s\) q: sidecar was killed by SIGKILL/);
  });

  test('hangs: the request times out, the sidecar is killed, the pool carries on', async () => {
    const s = await Sidecar.start({ script: faulty, requestTimeoutMs: 800, env: noTorch });
    const err = await s.run([small('stuck!hang')]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SidecarCrashedError);
    expect((err as Error).message).toMatch(/running case\(s\) stuck!hang: no reply within 800 ms \(hung\?\)/);

    const pool = await SidecarPool.start(1, { script: faulty, requestTimeoutMs: 3000, env: { FAKE_STATE_DIR: state() } });
    const results = await pool.run([small('h0'), small('h1!hang-once')]);
    expect(results.map((r) => r.kind)).toEqual(['ok', 'ok']);
    expect(pool.restarts).toBe(1);
    await pool.close();
  });

  test('garbage on stdout: a clear error; a persistent poison case is isolated and marked unavailable', async () => {
    const s = await Sidecar.start({ script: faulty, env: noTorch });
    const err = await s.run([small('g!garbage')]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SidecarCrashedError);
    expect((err as Error).message).toMatch(/g!garbage: garbage on stdout where a frame should start: "Traceback \(most recent call last\): not a frame/);

    const pool = await SidecarPool.start(1, { script: faulty, batchSize: 4 });
    const results = await pool.run([small('q0'), small('q1'), small('q2!garbage'), small('q3')]);
    expect(results.map((r) => r.kind)).toEqual(['ok', 'ok', 'unavailable', 'ok']);
    expect(results[2].kind === 'unavailable' && results[2].reason).toMatch(/running case\(s\) q2!garbage: garbage on stdout/);
    expect(pool.restarts).toBe(4); // retry [q0..q3], then halves [q2, q3] and [q2]
    await pool.close();
  }, 300_000); // five torch start-ups one after another (the pool's and four restarts), beside the other fault tests

  test('truncated frame then exit: the pool retries on a fresh sidecar', async () => {
    const s = await Sidecar.start({ script: faulty, env: noTorch });
    const err = await s.run([small('t!truncate')]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SidecarCrashedError);
    expect((err as Error).message).toMatch(/t!truncate: truncated frame on stdout: 28 of 112 bytes; then it exited with code 1/);

    const pool = await SidecarPool.start(1, { script: faulty, env: { FAKE_STATE_DIR: state() } });
    const results = await pool.run([small('t0'), small('t1!truncate-once')]);
    expect(results.map((r) => r.kind)).toEqual(['ok', 'ok']);
    expect(pool.restarts).toBe(1);
    await pool.close();
  });

  test('a stderr flood (8 MB of warnings) neither blocks the pipe nor grows memory', async () => {
    const s = await Sidecar.start({ script: faulty, requestTimeoutMs: 20_000 });
    const results = await s.run([small('f!flood'), small('f2')]);
    expect(results.map((r) => r.kind)).toEqual(['ok', 'ok']);
    expect(s.stderr.split('\n')).toHaveLength(20);
    expect(s.stderr).toMatch(/UserWarning: a warning that repeats/);
    await s.close();
  });

  test('prints to stdout from Python, fd 1 and C land on stderr, not among the frames', async () => {
    const s = await Sidecar.start({ script: faulty });
    const results = await s.run([small('noisy!print')]);
    expect(results.map((r) => r.kind)).toEqual(['ok']);
    await s.close();
    expect(s.stderr).toMatch(/print\(\) from python\nos\.write to fd 1\nputs\(\) from C/);
  });

  test('exits at start-up: ReferenceUnavailableError with exit code and stderr; a pool whose replacement dies carries on', async () => {
    const err = await Sidecar.start({ script: join(fakes, 'exit_at_start.py') }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ReferenceUnavailableError);
    expect((err as Error).message).toMatch(/exited with code 7 before its handshake; run `npm install`.*RNN_CONFORMANCE_PYTHON[\s\S]*simulated start-up failure/);

    // Two workers; the third start fails. The crashed worker's batch moves to the survivor.
    const env = { FAKE_STATE_DIR: state(), FAKE_GOOD_STARTS: '2', FAKE_LATER_START: 'exit' };
    const pool = await SidecarPool.start(2, { script: faulty, batchSize: 1, env });
    const results = await pool.run([small('w0!kill-once'), small('w1'), small('w2'), small('w3'), small('w4')]);
    expect(results.map((r) => r.kind)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);
    expect([pool.size, pool.restarts]).toEqual([1, 1]);
    // When the last worker goes too, every case still gets a result: unavailable, with the reason.
    const last = await pool.run([small('x0'), small('x1!kill'), small('x2')]);
    expect(last.map((r) => r.kind)).toEqual(['ok', 'unavailable', 'unavailable']);
    expect(last[1].kind === 'unavailable' && last[1].reason).toMatch(/exited with code 7 before its handshake[\s\S]*refusing to start again[\s\S]*after: .*x1!kill: sidecar was killed by SIGKILL/);
    expect(last[2].kind === 'unavailable' && last[2].reason).toMatch(/^no torch sidecar left: .*exited with code 7/);
    expect(pool.size).toBe(0);
    await pool.close();
  });

  test('no handshake in time', async () => {
    const err = await Sidecar.start({ script: join(fakes, 'silent.py'), startTimeoutMs: 800 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ReferenceUnavailableError);
    expect((err as Error).message).toMatch(/sent no handshake within 800 ms/);
  });

  test('a restarted sidecar with another torch version fails the pool instead of mixing results', async () => {
    const env = { FAKE_STATE_DIR: state(), FAKE_GOOD_STARTS: '1', FAKE_LATER_START: 'torch=2.0.0' };
    const pool = await SidecarPool.start(1, { script: faulty, env });
    const err = await pool.run([small('v!kill-once')]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TorchVersionMismatchError);
    expect((err as Error).message).toMatch(/a sidecar reports torch 2\.0\.0 \(.*\) but the pool started with torch 2\.13\.0/);
    await pool.close();
  });
});

describe('environment faults', () => {
  test('python missing (RNN_CONFORMANCE_PYTHON=/nonexistent)', async () => {
    const saved = process.env.RNN_CONFORMANCE_PYTHON;
    process.env.RNN_CONFORMANCE_PYTHON = '/nonexistent';
    try {
      const err = await Sidecar.start().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ReferenceUnavailableError);
      expect((err as Error).message).toMatch(/^Python not found at \/nonexistent: run `npm install` .* or set RNN_CONFORMANCE_PYTHON/);
    } finally {
      if (saved === undefined) delete process.env.RNN_CONFORMANCE_PYTHON;
      else process.env.RNN_CONFORMANCE_PYTHON = saved;
    }
    const err = await Sidecar.start({ python: 'no-such-python-3.11' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ReferenceUnavailableError);
    expect((err as Error).message).toMatch(/Python not found \(no-such-python-3\.11\)/);
  });

  test('torch missing (the system python3 has no torch)', async () => {
    const err = await SidecarPool.start(1, { python: 'python3' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ReferenceUnavailableError);
    expect((err as Error).message).toMatch(/cannot import torch: No module named 'torch' \(python 3\.\d+.*\); run `npm install`/);
  });
});

test('BlobBuilder aligns every tensor to 64 bytes', () => {
  const b = new BlobBuilder();
  const d1 = b.add(tensor('float16', [3], [1, 2, 3]));
  const d2 = b.add(tensor('complex128', [1], [1, 2]));
  expect([d1.offset, d1.nbytes, d2.offset, d2.nbytes]).toEqual([0, 6, 64, 16]);
  expect(values(tensorFromBlob(d2, b.bytes()))).toEqual([1, 2]);
});
