// `rnn-conformance/compare`: the one comparator as the package exports it (pure, like engine/: it runs
// in a browser). torch.testing.assert_close's rules and messages, its default tolerances per dtype, and
// the whole-case verdict `check` and `golden check` give (refusals, values, the float64 oracle).
export { compareTensors, type CompareOptions, type Located, type TensorVerdict } from './compare.js';
export {
  judgeCase, type CaseJudgement, type Computed, type EngineOutcome, type JudgeContext, type RefOutcome, type Refused, type TensorJudgement,
} from './case-verdict.js';
export { DEFAULT_TOLERANCES, resolveTolerance, type Tolerance, type ToleranceOverrides } from './tolerances.js';
export { ulpDistance } from './ulp.js';
export type { OracleEvidence } from './oracle-rule.js';
export type { RNNLayout } from './rnn-locate.js';
