// The one definition of a conformance case (docs/case-format.md): its spec, its materialized tensors,
// its file form and its wire form, refusal stages, torch's answer, and the tensors' blob codec.
export {
  REFUSAL_STAGES, kindOfCase, refusalStageSchema, type ConformanceCase, type Refusal, type RefusalStage,
} from './case.js';
export * from './spec.js';
export { STEERS, type Steer } from './steer-names.js';
export * from './kinds.js';
export { CASE_FORMAT, decodeCaseFile, encodeCaseFile, type CaseFile, type CaseHeader, type Reference } from './file.js';
export type { Grads, InitResult, Oracle, RefResult } from './result.js';
export { toRefCase, wireCase, toRefResult, type RefCase } from './wire.js';
export { BlobBuilder, tensorFromBlob, type TensorDesc } from './codec.js';
