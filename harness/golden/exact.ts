// The exactness ratchet: golden/exact.json records, per fixture and tensor, whether the engine's answer
// is bit-identical to torch's stored one. Where it is, losing it is a regression even inside tolerance:
// `golden check` fails naming the fixture, tensor, element and ULP distance. `golden ratchet` records
// the engine's current state (run it after an improvement; a loss it records is visible in review).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isComplex, realPart } from '../../engine/dtype.js';
import type { Tensor } from '../../engine/tensor.js';
import { ulpDistance } from '../compare/ulp.js';
import { writeFileAtomic } from '../files/index.js';

export const EXACT_FILE = 'exact.json';
/** fixture -> tensor ('output', 'h_n', and for a gradient fixture 'grad.<name>') -> bit-identical to torch when recorded. */
export type ExactMap = Record<string, Record<string, boolean>>;

export function readExact(dir: string): ExactMap {
  const path = join(dir, EXACT_FILE);
  if (!existsSync(path)) return {};
  return JSON.parse(readFileSync(path, 'utf8')) as ExactMap;
}

export function writeExact(dir: string, map: ExactMap): void {
  const sorted = Object.fromEntries(Object.keys(map).sort().map((k) => [k, map[k]]));
  writeFileAtomic(join(dir, EXACT_FILE), `${JSON.stringify(sorted, null, 1)}\n`);
}

/** The first element where engine and torch differ in bits (NaNs alike), or null when identical. */
export function firstInexact(engine: Tensor, torch: Tensor): { index: number[]; engine: number; torch: number; ulp: number } | null {
  if (engine.shape.join() !== torch.shape.join() || engine.dtype !== torch.dtype) return { index: [], engine: NaN, torch: NaN, ulp: Infinity };
  const lanes = isComplex(engine.dtype) ? 2 : 1;
  for (let i = 0; i < engine.data.length; i++) {
    const a = engine.data[i] as number;
    const b = torch.data[i] as number;
    if (Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b))) continue;
    const flat = Math.floor(i / lanes);
    const index: number[] = [];
    let rest = flat;
    for (let d = engine.shape.length - 1; d >= 0; d--) {
      const n = engine.shape[d] as number;
      index.unshift(rest % n);
      rest = Math.floor(rest / n);
    }
    if (lanes === 2) index.push(i % 2); // 0: real part, 1: imaginary part
    return { index, engine: a, torch: b, ulp: ulpDistance(realPart(engine.dtype), a, b) };
  }
  return null;
}
