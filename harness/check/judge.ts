// The verdict on one case: the engine's result against torch's. Refusals must match in type and
// message; seeded weights bit for bit; warnings exactly; tensors through the one comparator (with the
// float64 oracle when torch's own rounding is amplified).
import type { Tensor } from '../../engine/tensor.js';
import { judgeCase, type ToleranceOverrides } from '../compare/index.js';
import type { ConformanceCase } from '../case/index.js';
import type { RefResult } from '../sidecar/index.js';
import type { EngineResult } from '../engines/engine-side.js';

export interface CaseVerdict {
  status: 'passed' | 'failed' | 'unavailable' | 'unsupported';
  /** Unsupported: what the engine does not claim (`dtype:NAME` or a feature). */
  unsupported?: string[];
  /** Empty when passed; otherwise what differs, in the comparator's words. */
  message: string;
  /** Both sides refused, identically. */
  refusal?: boolean;
  /** Passed only thanks to the float64 oracle (both sides equally far from the exact answer). */
  amplified?: boolean;
  /** Failed on values without an oracle: worth re-running with torch's float64 answer. */
  oracleWanted?: boolean;
  /** The case's own seconds: the engine's plus torch's (its oracle re-run included), as JUnit reports. */
  timeS?: number;
  /** The numeric regimes the case reached (harness/gen/regimes.ts), when coverage was asked for. */
  regimes?: string[];
  /** Elements of output and h_n bit-identical to torch's (when both answered), with coverage. */
  exact?: { dtype: string; elements: number; identical: number };
}

const fail = (message: string, extra: Partial<CaseVerdict> = {}): CaseVerdict => ({ status: 'failed', message, ...extra });
const pass = (extra: Partial<CaseVerdict> = {}): CaseVerdict => ({ status: 'passed', message: '', ...extra });

/** First differing element of two tensors, bit for bit (NaN payloads aside). */
export function firstBitDifference(a: Tensor, b: Tensor): string | null {
  if (a.dtype !== b.dtype) return `dtype ${a.dtype} vs ${b.dtype}`;
  if (a.shape.join() !== b.shape.join()) return `shape [${a.shape.join(', ')}] vs [${b.shape.join(', ')}]`;
  for (let i = 0; i < a.data.length; i++) {
    const x = a.data[i] as number;
    const y = b.data[i] as number;
    if (!Object.is(x, y) && !(Number.isNaN(x) && Number.isNaN(y))) return `storage element ${i}: engine ${x} vs torch ${y}`;
  }
  return null;
}

function compareStateDicts(engine: Record<string, Tensor>, torch: Record<string, Tensor>): string | null {
  const ek = Object.keys(engine);
  const tk = Object.keys(torch);
  if (ek.join() !== tk.join()) return `state_dict keys differ: engine [${ek.join(', ')}] vs torch [${tk.join(', ')}]`;
  for (const k of ek) {
    const d = firstBitDifference(engine[k] as Tensor, torch[k] as Tensor);
    if (d) return `seeded init differs from torch.manual_seed: ${k}: ${d}`;
  }
  return null;
}

export interface JudgeOptions {
  tolerances?: ToleranceOverrides | undefined;
  /** Set when this torch draws other dropout masks than the engine (dropout-probe.ts): why. */
  dropoutMismatch?: string | null | undefined;
}

/** Whether the engine drew training-mode dropout masks in this case (0 < p < 1 between layers). */
function drewMasks(engine: EngineResult): boolean {
  if (engine.kind !== 'ok') return false;
  const { dropout, numLayers } = engine.rnn.config;
  return engine.rnn.training && dropout > 0 && dropout < 1 && numLayers > 1;
}

export function judge(c: ConformanceCase, engine: EngineResult, torch: RefResult, opts: JudgeOptions = {}): CaseVerdict {
  const v = judgeAll(c, engine, torch, opts);
  // A failure that masks drawn differently by this torch explain is not the engine's: it is unknowable here.
  if (v.status === 'failed' && opts.dropoutMismatch && drewMasks(engine)) return { status: 'unavailable', message: opts.dropoutMismatch };
  return v;
}

function judgeAll(c: ConformanceCase, engine: EngineResult, torch: RefResult, opts: JudgeOptions): CaseVerdict {
  if (torch.kind === 'unavailable') return { status: 'unavailable', message: torch.reason };
  if (engine.warnings.join('\n') !== torch.warnings.join('\n')) {
    return fail(`warnings differ:\n  engine: ${JSON.stringify(engine.warnings)}\n  torch:  ${JSON.stringify(torch.warnings)}`);
  }
  // repr(module): the string torch prints, compared exactly where torch's answer records it.
  if (engine.kind === 'ok' && torch.kind === 'ok' && torch.repr !== undefined && engine.rnn.toString() !== torch.repr) {
    return fail(`repr differs:\n  engine: ${JSON.stringify(engine.rnn.toString())}\n  torch:  ${JSON.stringify(torch.repr)}`);
  }
  // Weights made by the seeded constructor are compared bit for bit (torch.manual_seed reproduction).
  if (!c.stateDict && torch.stateDict && (engine.kind === 'ok' || engine.stage === 'forward')) {
    const sd = engine.kind === 'ok' ? engine.stateDict : null;
    if (sd) {
      const d = compareStateDicts(sd, torch.stateDict);
      if (d) return fail(d);
    }
  }
  // Refusals, values and the float64 oracle: the one comparator decides.
  const v = judgeCase(engine.kind === 'ok' ? engine : { type: engine.type, message: engine.message }, torch, {
    unbatched: c.input.shape.length === 2,
    ...(engine.kind === 'ok' ? { config: engine.rnn.config } : {}),
    ...(opts.tolerances ? { tolerances: opts.tolerances } : {}),
  });
  if (v.ok) return pass({ ...(v.kind === 'refusals-match' ? { refusal: true } : {}), ...(v.kind === 'amplified' ? { amplified: true } : {}) });
  const stage = engine.kind === 'refused' ? ` (engine refused at ${engine.stage})` : torch.kind === 'refused' ? ` (torch refused at ${torch.stage})` : '';
  return fail(`${v.message}${stage}`, { oracleWanted: v.kind === 'mismatch' && torch.kind === 'ok' && !torch.oracle });
}
