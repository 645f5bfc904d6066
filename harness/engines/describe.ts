// Capabilities in one line, for headers and the matrix.
import { DTYPES } from '../../engine/dtype.js';
import { FEATURE_NAMES, type Capabilities } from './adapter.js';

export function describeCapabilities(c: Capabilities): string {
  const notClaimed = FEATURE_NAMES.filter((f) => !c.features.includes(f));
  const dtypes = DTYPES.filter((d) => c.dtypes.includes(d));
  return `claims ${dtypes.join(', ') || 'no dtype'}; ${notClaimed.length ? `not ${notClaimed.join(', ')}` : 'every feature'}`;
}
