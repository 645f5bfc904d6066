// torch.manual_seed reproduction: the CPU generator, uniform_ and training-mode dropout, bit for bit.
export { DEFAULT_SEED, Generator, defaultGenerator, manualSeed } from './mt19937.js';
export { uniform_ } from './uniform.js';
export { dropout_ } from './dropout.js';
