// The targeted constructions a case can ask materialize for (regimes.ts names what each reaches).
export const STEERS = [
  'hx-special', // spec.special goes into hx instead of the input
  'overflow', // inputs near half the dtype's maximum, a weight row of ones: the first step overflows
  'underflow', // inputs of a few smallest normals, weight 1/4: hidden states land on subnormals
  'dropout-overflow', // layer 0 passes 0.6–0.9·max through; dropout's 1/(1-p) pushes it past the maximum
  'ctanh-large', // complex pre-activations at and beyond glibc's large-argument threshold (44, 354)
  'ctanh-pole', // complex pre-activations near the poles Im = π/2 + kπ with a small real part
  'relu-growth', // W_hh of 0.5s, positive drive: relu states double each step
  'zeros', // inputs with rows of exact ±0, no bias, no hx: outputs of exact zeros
  'product-overflow', // bfloat16 x·W_ih products past float32's range: inf - inf = NaN, and inf where a fused sum stays finite
  'grad-product-overflow', // bfloat16 grad·W_hh products past float32's range in one partial sum: inf - inf = NaN in grad.hx
  'grad-weight-product-overflow', // bfloat16 gsᵀ·hx products past float32's range: torch's transposed mm keeps inf in grad.weight_hh
  'underflow-amplified', // a subnormal state (x of a few smallest normals, W_ih = 1/4) times W_hh = 1/smallest normal: visible next step
  'ctanh-inf', // complex pre-activations with an infinite real part from finite values (x·W_ih or W_hh·hx overflows)
  'lanes-cancel', // 16-bit x·W_ih whose 8-lane sums are ±2^25 and a small one: AVX2's reduction tree keeps it, lanes in order lose it
  'grad-swamped', // 16-bit weight gradients at 2048 (float16) or 256 (bfloat16) plus 0.75 a step: rounded after each step they stay put
] as const;
export type Steer = (typeof STEERS)[number];
