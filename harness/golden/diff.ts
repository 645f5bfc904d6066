// How two answers of torch for the same fixture differ, in words a reviewer reads: the outcome, the
// warnings, and per tensor the greatest absolute and ULP difference (the one comparator's numbers).
import { encodeCaseFile, type CaseFile, type Reference } from '../case/index.js';
import type { Tensor } from '../../engine/tensor.js';
import { compareTensors } from '../compare/index.js';
import { outcomeWords } from './fixtures.js';

/** Greatest |a - b| over all elements (NaN against NaN counts as equal, NaN against a number as inf). */
export function maxAbsDifference(a: Tensor, b: Tensor): number {
  let m = 0;
  for (let i = 0; i < a.data.length; i++) {
    const x = a.data[i] as number;
    const y = b.data[i] as number;
    if (Object.is(x, y) || (Number.isNaN(x) && Number.isNaN(y)) || x === y) continue;
    const d = Math.abs(x - y);
    m = Math.max(m, Number.isNaN(d) ? Infinity : d);
  }
  return m;
}

const identical = (a: Tensor, b: Tensor): boolean =>
  a.dtype === b.dtype && a.shape.join() === b.shape.join() && a.data.every((x, i) => Object.is(x, b.data[i]) || (Number.isNaN(x) && Number.isNaN(b.data[i] as number)));

/** One line per differing tensor: `output: max abs 2.4e-07, 3 ULP (within float32 tolerance)`. */
export function tensorChange(name: string, before: Tensor, after: Tensor): string | null {
  if (before.dtype !== after.dtype) return `${name}: dtype ${before.dtype} -> ${after.dtype}`;
  if (before.shape.join() !== after.shape.join()) return `${name}: shape [${before.shape.join(', ')}] -> [${after.shape.join(', ')}]`;
  if (identical(before, after)) return null;
  const v = compareTensors(after, before, { name });
  const tol = v.ok ? `within ${after.dtype} tolerance` : `BEYOND ${after.dtype} tolerance: ${v.mismatched} / ${v.total} elements`;
  return `${name}: max abs ${maxAbsDifference(before, after).toPrecision(3)}, ${v.maxUlp.value} ULP at index [${v.maxUlp.index.join(', ')}] (${tol})`;
}

function referenceChanges(before: Reference | undefined, after: Reference | undefined): string[] {
  if (!before || !after) return [before ? 'torch answer removed' : 'torch answer added'];
  const out: string[] = [];
  const words = (r: Reference) => (r.kind === 'refused' ? `${r.type}: ${r.message} (at ${r.stage})` : outcomeWords(r));
  if (before.kind !== after.kind || (before.kind === 'refused' && after.kind === 'refused' && words(before) !== words(after))) {
    out.push(`torch: ${words(before)} -> ${words(after)}`);
  }
  if (before.warnings.join('\n') !== after.warnings.join('\n')) out.push(`warnings: ${JSON.stringify(before.warnings)} -> ${JSON.stringify(after.warnings)}`);
  const pairs: [string, Tensor | undefined, Tensor | undefined][] = [
    ['output', before.output, after.output],
    ['h_n', before.hN, after.hN],
  ];
  const grads = new Set([...Object.keys(before.grads ?? {}), ...Object.keys(after.grads ?? {})]);
  for (const k of grads) pairs.push([`grad.${k}`, before.grads?.[k], after.grads?.[k]]);
  const names = new Set([...Object.keys(before.stateDict ?? {}), ...Object.keys(after.stateDict ?? {})]);
  for (const k of names) pairs.push([`init ${k}`, before.stateDict?.[k], after.stateDict?.[k]]);
  for (const [name, a, b] of pairs) {
    if (!a && !b) continue;
    if (!a || !b) {
      if (before.kind === after.kind) out.push(`${name}: ${a ? 'removed' : 'added'}`);
      continue;
    }
    const line = tensorChange(name, a, b);
    if (line) out.push(line);
  }
  return out;
}

/** What changed between the stored fixture and the new one (empty: nothing, byte for byte). */
export function describeChange(before: CaseFile, after: CaseFile): string[] {
  const out: string[] = [];
  const caseBytes = (f: CaseFile) => encodeCaseFile({ case: f.case });
  const a = caseBytes(before);
  const b = caseBytes(after);
  if (a.length !== b.length || a.some((x, i) => x !== b[i])) out.push('the case itself changed (config, seed, input, hx or weights): torch answers a different question');
  if (before.note !== after.note) out.push(`description: ${JSON.stringify(before.note ?? '')} -> ${JSON.stringify(after.note ?? '')}`);
  return [...out, ...referenceChanges(before.reference, after.reference)];
}
