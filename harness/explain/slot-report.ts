// One layer-and-direction's report in an explanation (explain.ts builds it, verdict.ts reads it).
import type { Slot } from './engine-steps.js';
import type { Growth } from './growth.js';
import type { StepError } from './stats.js';

/** A teacher-forced step this many ULPs (at the step's scale) off torch is no rounding difference:
 * honest kernels differ by 1-2 (half types: one rounding of a float32 sum either way). */
export const LOCAL_ULPS = 16;

export interface SlotReport extends Slot {
  /** The engine's chain (free running) against torch, per timestep. */
  free: StepError[];
  /** The engine's step from torch's previous state and input (teacher forcing) against torch. */
  local: StepError[];
  /** Against the oracle's sequence (absent without an oracle). */
  engineVsOracle?: StepError[];
  torchVsOracle?: StepError[];
  growth: Growth;
  /** First timestep, in processing order, past the tolerance: free running, and locally (a step
   * past the tolerance and more than LOCAL_ULPS off torch). */
  firstFree: number | null;
  firstLocal: number | null;
}
