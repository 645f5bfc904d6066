// A whole case judged: both sides refused (same type and message, character for character), one
// refused (fail), or both computed (output and h_n through the comparator, mismatches referred to
// the float64 oracle when there is one: see oracle-rule.ts).
import type { Tensor } from '../../engine/tensor.js';
import { compareTensors, type TensorVerdict } from './compare.js';
import { judgeWithOracle, type OracleEvidence } from './oracle-rule.js';
import { locateHN, locateOutput, type RNNLayout } from './rnn-locate.js';
import { resolveTolerance, type ToleranceOverrides } from './tolerances.js';

export interface Computed {
  output: Tensor;
  hN: Tensor;
}
export interface Refused {
  type: string;
  message: string;
}
export type EngineOutcome = Computed | Refused;
/** torch's result; `oracle` is the same case computed by torch in float64/complex128. The sidecar's
 * RefResult ('ok' and 'refused') fits this shape. */
export type RefOutcome = (Computed & { oracle?: Computed & { samePrecision?: boolean } }) | Refused;

export interface JudgeContext {
  config?: RNNLayout;
  unbatched: boolean;
  tolerances?: ToleranceOverrides;
}

export interface TensorJudgement {
  name: 'output' | 'h_n';
  verdict: TensorVerdict;
  status: 'match' | 'amplified' | 'fail';
  oracle?: OracleEvidence;
}

export interface CaseVerdict {
  ok: boolean;
  kind: 'match' | 'amplified' | 'mismatch' | 'refusals-match' | 'refusals-differ' | 'one-refused';
  tensors: TensorJudgement[];
  message: string;
}

const computed = (o: EngineOutcome | RefOutcome): o is Computed => 'output' in o;
const refusal = (r: Refused): string => `${r.type}: ${r.message}`;

export function judgeCase(engine: EngineOutcome, torch: RefOutcome, ctx: JudgeContext): CaseVerdict {
  if (!computed(engine) && !computed(torch)) {
    const same = engine.type === torch.type && engine.message === torch.message;
    return {
      ok: same,
      kind: same ? 'refusals-match' : 'refusals-differ',
      tensors: [],
      message: same ? `both refused: ${refusal(torch)}` : `both refused, differently:\n  torch:  ${refusal(torch)}\n  engine: ${refusal(engine)}`,
    };
  }
  if (!computed(engine) || !computed(torch)) {
    const message = computed(torch)
      ? `the engine refused what torch computed:\n  engine: ${refusal(engine as Refused)}`
      : `the engine computed what torch refused:\n  torch:  ${refusal(torch)}`;
    return { ok: false, kind: 'one-refused', tensors: [], message };
  }
  const oracle = torch.oracle && !torch.oracle.samePrecision ? torch.oracle : undefined;
  const cfg = ctx.config;
  const tensors = (['output', 'h_n'] as const).map((name) => {
    const [e, t, o] = name === 'output' ? [engine.output, torch.output, oracle?.output] : [engine.hN, torch.hN, oracle?.hN];
    const describeIndex = cfg ? (i: number[]) => (name === 'output' ? locateOutput(cfg, ctx.unbatched, i) : locateHN(cfg, ctx.unbatched, i)) : undefined;
    const tol = resolveTolerance(t.dtype, ctx.tolerances);
    const verdict = compareTensors(e, t, { ...tol, name, describeIndex });
    return judgeTensor(name, verdict, e, t, o, tol);
  });
  const failed = tensors.filter((t) => t.status === 'fail');
  const amplified = tensors.filter((t) => t.status === 'amplified');
  const kind = failed.length ? 'mismatch' : amplified.length ? 'amplified' : 'match';
  const parts = [...failed, ...amplified].map((t) => `${t.name}: ${t.verdict.message}${t.oracle ? `\nOracle: ${t.oracle.explanation}` : ''}`);
  return { ok: failed.length === 0, kind, tensors, message: parts.join('\n\n') };
}

function judgeTensor(name: 'output' | 'h_n', verdict: TensorVerdict, e: Tensor, t: Tensor, o: Tensor | undefined, tol: { rtol: number; atol: number }): TensorJudgement {
  if (verdict.ok) return { name, verdict, status: 'match' };
  // Shape or dtype errors, or no oracle of the same shape: nothing can excuse the mismatch.
  if (verdict.reason !== 'values' || !o || o.shape.join() !== t.shape.join()) return { name, verdict, status: 'fail' };
  const evidence = judgeWithOracle(e, t, o, tol);
  return { name, verdict, status: evidence.outcome === 'amplified' ? 'amplified' : 'fail', oracle: evidence };
}
