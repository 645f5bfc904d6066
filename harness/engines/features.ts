// What a case needs from an implementation: its dtype and features (adapter.ts's FEATURES), read from
// the case itself (config and tensors), so saved case files and replays are classified the same way.
import { isDType, type DType } from '../../engine/dtype.js';
import type { ConformanceCase } from '../case/index.js';
import { runEngine } from './engine-side.js';
import { kindOfCase } from '../case/index.js';
import type { Capabilities, Feature } from './adapter.js';

/** The case's dtype as the config names it (a mutated, invalid dtype is reported as given). */
export function caseDtype(c: ConformanceCase): string {
  return c.spec?.dtype ?? String(c.config.dtype ?? 'float32');
}

/** Whether torch refuses this case: generated invalid inputs, else what the builtin engine (torch's twin) does. */
function refusalCase(c: ConformanceCase): boolean {
  if (c.spec) return c.spec.configMutation !== null || c.spec.inputMutation !== null;
  return runEngine(c).kind === 'refused';
}

export function caseFeatures(c: ConformanceCase): Feature[] {
  const cfg = c.config;
  const layers = typeof cfg.num_layers === 'number' ? cfg.num_layers : 1;
  const dropout = typeof cfg.dropout === 'number' ? cfg.dropout : 0;
  const has: Record<Feature, boolean> = {
    batch_first: cfg.batch_first === true,
    bidirectional: cfg.bidirectional === true,
    multi_layer: layers > 1,
    relu: cfg.nonlinearity === 'relu',
    no_bias: cfg.bias === false,
    hx: c.hx !== null,
    unbatched: c.input.shape.length === 2,
    empty: c.input.shape.includes(0),
    train_dropout: c.train && dropout > 0 && layers > 1,
    seeded_init: c.stateDict === null,
    torch_refusals: refusalCase(c),
  };
  return (Object.keys(has) as Feature[]).filter((f) => has[f]);
}

/**
 * What keeps an adapter from this case: its dtype (as `dtype:NAME`) and features it does not claim.
 * A seeded init it does not claim is no obstacle: the harness hands it torch's weights.
 */
export function missing(caps: Capabilities, c: ConformanceCase): string[] {
  const out: string[] = [];
  const dtype = caseDtype(c);
  const features = caseFeatures(c);
  // An invalid dtype is a refusal case: only the refusal claim decides it.
  if (!(features.includes('torch_refusals') && !isDType(dtype)) && !caps.dtypes.includes(dtype as DType)) out.push(`dtype:${dtype}`);
  for (const f of features) if (f !== 'seeded_init' && !caps.features.includes(f)) out.push(f);
  // The adapter interface is a forward on padded input: packed and gradient cases are the builtin engine's.
  const kind = kindOfCase(c);
  if (kind !== 'forward') out.push(`kind:${kind}`);
  return out;
}
