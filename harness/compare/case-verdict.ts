// A whole case judged: both sides refused (same type and message, character for character), one
// refused (fail), or both computed (output, h_n and, for a gradient case, every gradient through the
// comparator, mismatches referred to the float64 oracle when there is one: see oracle-rule.ts).
import type { Tensor } from '../../engine/tensor.js';
import { compareTensors, type TensorVerdict } from './compare.js';
import { judgeWithOracle, type OracleEvidence } from './oracle-rule.js';
import { locateHN, locateInput, locateOutput, type RNNLayout } from './rnn-locate.js';
import { resolveTolerance, type ToleranceOverrides } from './tolerances.js';

export interface Computed {
  output: Tensor;
  hN: Tensor;
  /** A gradient case's gradients by name (`input`, `hx`, parameters), judged as `grad.<name>`. */
  grads?: Record<string, Tensor>;
}
export interface Refused {
  type: string;
  message: string;
}
export type EngineOutcome = Computed | Refused;
/** torch's result; `oracle` is the same case computed by torch in float64/complex128. The sidecar's
 * RefResult ('ok' and 'refused') fits this shape. */
export type RefOutcome = (Computed & { oracle?: Computed & { samePrecision?: boolean } }) | Refused;
// (an oracle's `grads` may be absent while torch's are there: no oracle for those tensors)

export interface JudgeContext {
  config?: RNNLayout;
  unbatched: boolean;
  tolerances?: ToleranceOverrides;
}

export interface TensorJudgement {
  /** `output`, `h_n`, or `grad.<name>` for a gradient. */
  name: string;
  verdict: TensorVerdict;
  status: 'match' | 'amplified' | 'fail';
  oracle?: OracleEvidence;
}

export interface CaseJudgement {
  ok: boolean;
  kind: 'match' | 'amplified' | 'mismatch' | 'refusals-match' | 'refusals-differ' | 'one-refused';
  tensors: TensorJudgement[];
  message: string;
}

const computed = (o: EngineOutcome | RefOutcome): o is Computed => 'output' in o;
const refusal = (r: Refused): string => `${r.type}: ${r.message}`;

export function judgeCase(engine: EngineOutcome, torch: RefOutcome, ctx: JudgeContext): CaseJudgement {
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
  const gradNames = (c: Computed) => Object.keys(c.grads ?? {}).join(', ');
  if (gradNames(engine) !== gradNames(torch)) {
    const message = `gradients differ in names:\n  torch:  [${gradNames(torch)}]\n  engine: [${gradNames(engine)}]`;
    return { ok: false, kind: 'mismatch', tensors: [], message };
  }
  type Locate = ((cfg: RNNLayout, unbatched: boolean, i: number[]) => string) | null;
  const triples: [string, Tensor, Tensor, Tensor | undefined, Locate][] = [
    ['output', engine.output, torch.output, oracle?.output, locateOutput],
    ['h_n', engine.hN, torch.hN, oracle?.hN, locateHN],
    ...Object.entries(torch.grads ?? {}).map(([k, t]): [string, Tensor, Tensor, Tensor | undefined, Locate] => [
      `grad.${k}`, engine.grads?.[k] as Tensor, t, oracle?.grads?.[k], k === 'input' ? locateInput : k === 'hx' ? locateHN : null,
    ]),
  ];
  const tensors = triples.map(([name, e, t, o, locate]) => {
    const describeIndex = cfg && locate ? (i: number[]) => locate(cfg, ctx.unbatched, i) : undefined;
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

function judgeTensor(name: string, verdict: TensorVerdict, e: Tensor, t: Tensor, o: Tensor | undefined, tol: { rtol: number; atol: number }): TensorJudgement {
  if (verdict.ok) return { name, verdict, status: 'match' };
  // Shape or dtype errors, or no oracle of the same shape: nothing can excuse the mismatch.
  if (verdict.reason !== 'values' || !o || o.shape.join() !== t.shape.join()) return { name, verdict, status: 'fail' };
  const evidence = judgeWithOracle(e, t, o, tol);
  return { name, verdict, status: evidence.outcome === 'amplified' ? 'amplified' : 'fail', oracle: evidence };
}
