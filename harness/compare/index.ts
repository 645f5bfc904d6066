// The one comparator of the project: tolerances, tensor verdicts, RNN locations and case verdicts.
export * from './tolerances.js';
export * from './compare.js';
export { ulpDistance } from './ulp.js';
export { pyFloat, pyComplex, pyIndex, pyPercent1, torchSize } from './pyformat.js';
export * from './rnn-locate.js';
export * from './case-verdict.js';
export * from './oracle-rule.js';
