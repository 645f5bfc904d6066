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
] as const;
export type Steer = (typeof STEERS)[number];
