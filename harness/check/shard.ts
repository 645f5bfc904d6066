// `check --shard i/n`: case i of a run depends only on (seed, i, dtypes), so a shard is just a subset of
// indices. Round-robin (index % n === i-1) keeps every shard's share of the covering rows (the first
// indices) and of the random tail equal, and the shards of one run are disjoint with the run as union.
import { UsageError } from '../files/index.js';

export interface Shard {
  /** 1-based, as CI matrices count. */
  index: number;
  count: number;
}

export function parseShard(text: string, usage: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || !Number.isSafeInteger(index) || !Number.isSafeInteger(count) || count < 1 || index < 1 || index > count) {
    throw new UsageError(`--shard must be i/n with 1 <= i <= n (e.g. --shard 2/4), got '${text}'\n${usage}`);
  }
  return { index, count };
}

export function inShard(caseIndex: number, shard: Shard | undefined): boolean {
  return shard === undefined || caseIndex % shard.count === shard.index - 1;
}

/** The case indices of this shard of a run of `cases` cases (all of them without a shard). */
export function shardIndices(cases: number, shard: Shard | undefined): number[] {
  const out: number[] = [];
  for (let i = shard ? shard.index - 1 : 0; i < cases; i += shard ? shard.count : 1) out.push(i);
  return out;
}

export function formatShard(shard: Shard): string {
  return `${shard.index}/${shard.count}`;
}
