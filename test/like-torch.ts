// The one road from a test to torch, in the spirit of tinygrad's helper_test_op: a conformance case
// (harness/case: forward, packed or gradient) goes to the torch sidecar pool exactly as `check` sends
// it (toRefCase), the engine runs it as check runs it (harness/engines/engine-side.ts), and check's judge
// decides over the one comparator (harness/compare): warnings, the seeded init bit for bit, refusals
// word for word, tensors by assert_close's tolerances, and a mismatch re-run with torch's float64
// oracle. A missing torch fails the test (the pool cannot start, or every verdict is 'unavailable').
import { afterAll, expect } from 'vitest';
import type { Tensor } from '../engine/tensor.js';
import { toRefCase, type ConformanceCase } from '../harness/case/index.js';
import { dropoutMismatch } from '../harness/check/dropout-probe.js';
import { runEngine, type EngineFactory, type EngineResult } from '../harness/engines/engine-side.js';
import { judge, type CaseVerdict } from '../harness/check/judge.js';
import type { ToleranceOverrides } from '../harness/compare/index.js';
import { SidecarPool, type RefResult } from '../harness/sidecar/index.js';

let started: Promise<SidecarPool> | undefined;

/** This test file's sidecar pool (one sidecar: test files already run side by side), started once. */
export function torchPool(): Promise<SidecarPool> {
  return (started ??= SidecarPool.start(1));
}

afterAll(async () => {
  const pool = started;
  started = undefined;
  if (pool) await (await pool).close();
});

export interface LikeTorchOptions {
  /** The engine under test (default: the built-in exact engine); a test plants bugs through it. */
  engine?: EngineFactory;
  tolerances?: ToleranceOverrides;
  /** Ask torch for the float64 oracle up front for every case (default: only to re-judge a mismatch, as check does). */
  oracle?: boolean;
}

export interface Judged {
  case: ConformanceCase;
  engine: EngineResult;
  /** torch's answer; with the oracle when a mismatch was re-run against it. */
  torch: RefResult;
  verdict: CaseVerdict;
}

/** Both sides of every case and check's verdict on each. */
export async function likeTorch(cases: readonly ConformanceCase[], opts: LikeTorchOptions = {}): Promise<Judged[]> {
  const pool = await torchPool();
  const refs = pool.run(cases.map((c) => toRefCase(c, opts.oracle ?? false)));
  const engine = cases.map((c) => runEngine(c, opts.engine));
  const torch = await refs;
  const judgeOpts = { tolerances: opts.tolerances, dropoutMismatch: dropoutMismatch(pool.hello) };
  const judged = cases.map((c, i): Judged => {
    const e = engine[i] as EngineResult;
    const t = torch[i] as RefResult;
    return { case: c, engine: e, torch: t, verdict: judge(c, e, t, judgeOpts) };
  });
  const retry = judged.filter((j) => j.verdict.status === 'failed' && j.verdict.oracleWanted);
  if (retry.length > 0) {
    const withOracle = await pool.run(retry.map((j) => toRefCase(j.case, true)));
    retry.forEach((j, k) => {
      j.torch = withOracle[k] as RefResult;
      j.verdict = judge(j.case, j.engine, j.torch, judgeOpts);
    });
  }
  return judged;
}

/**
 * Fails the test unless every case passes check's judge ('unavailable' fails too: no torch is no
 * pass). `reproduce` goes at the head of the failure message: how to run the same cases again.
 */
export async function expectLikeTorch(cases: ConformanceCase | readonly ConformanceCase[], opts: LikeTorchOptions & { reproduce?: string } = {}): Promise<Judged[]> {
  const judged = await likeTorch(Array.isArray(cases) ? cases : [cases as ConformanceCase], opts);
  const failures = judged.filter((j) => j.verdict.status !== 'passed').map((j) => `case ${j.case.id} (${describeCase(j.case)}): ${j.verdict.status}\n  ${j.verdict.message.replace(/\n/g, '\n  ')}`);
  expect(failures, `${opts.reproduce ?? ''}\n${failures.join('\n')}`).toEqual([]);
  return judged;
}

/** The case's settings in one line, for failure messages. */
export function describeCase(c: ConformanceCase): string {
  const extra = { seed: c.seed, train: c.train, input: c.input.shape, hx: c.hx?.shape ?? null, ...(c.lengths ? { lengths: c.lengths, enforceSorted: c.enforceSorted ?? true } : {}), ...(c.gradOutput ? { gradOutput: c.gradOutput.shape, gradHN: c.gradHN?.shape ?? null } : {}) };
  return `${JSON.stringify(c.config)} ${JSON.stringify(extra)}`;
}

/** Verdict kinds by dtype (`float32 passed`, `float16 refusal`, `complex64 amplified`), for the log. */
export function verdictKinds(judged: readonly Judged[]): Record<string, number> {
  const kinds: Record<string, number> = {};
  for (const j of judged) {
    const v = j.verdict;
    const kind = v.status !== 'passed' ? v.status : v.refusal ? 'refusal' : v.amplified ? 'amplified' : 'passed';
    const key = `${String(j.case.config.dtype ?? 'float32')} ${kind}`;
    kinds[key] = (kinds[key] ?? 0) + 1;
  }
  return kinds;
}

/** The tensors both sides computed, by name (`output`, `h_n`, `grad.<name>`). */
export function computedPairs(j: Judged): [string, Tensor, Tensor][] {
  if (j.engine.kind !== 'ok' || j.torch.kind !== 'ok') return [];
  const e = j.engine;
  const t = j.torch;
  return [
    ['output', e.output, t.output],
    ['h_n', e.hN, t.hN],
    ...Object.entries(t.grads ?? {}).flatMap(([k, g]): [string, Tensor, Tensor][] => (e.grads?.[k] ? [[`grad.${k}`, e.grads[k] as Tensor, g]] : [])),
  ];
}
