// The nn.RNN arguments and sequence length the torch-backed property tests draw alike, as fc.record
// members: spread them into a test's own record beside what only that test draws.
import fc from 'fast-check';
import { DTYPES } from '../engine/index.js';

export function rnnArgsFields(max: { input: number; hidden: number }) {
  return {
    dtype: fc.constantFrom(...DTYPES),
    input_size: fc.integer({ min: 1, max: max.input }),
    hidden_size: fc.integer({ min: 1, max: max.hidden }),
    num_layers: fc.integer({ min: 1, max: 3 }),
    relu: fc.boolean(),
    bias: fc.boolean(),
    batch_first: fc.boolean(),
    bidirectional: fc.boolean(),
    dropout: fc.constantFrom(0, 0, 0.3, 1),
    T: fc.integer({ min: 1, max: 7 }),
  };
}
