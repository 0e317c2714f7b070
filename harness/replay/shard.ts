// `--shard i/n`: a deterministic partition of the fixtures by a hash of the fixture id (FNV-1a 32-bit, seed 0).
//
// Fixture `id` belongs to shard `i` of `n` when fnv1a(id) mod n = i - 1. The partition depends on the id alone — not
// on the corpus, the selection flags, the order of files or the machine — so n machines running shards 1..n with the
// same options cover every selected fixture exactly once, and `h1compat merge` of their results equals one unsharded
// run. Adding a fixture never moves another between shards.

import { hashSeed } from './segment';

export interface Shard {
  /** 1-based */
  readonly index: number;
  readonly count: number;
}

/** `2/4` -> {index: 2, count: 4}; throws a one-line message otherwise. */
export function parseShard(text: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = m === null ? NaN : Number(m[1]);
  const count = m === null ? NaN : Number(m[2]);
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(count) || count < 1 || index < 1 || index > count) {
    throw new Error(`--shard must be i/n with 1 <= i <= n, got \`${text}\``);
  }
  return { index, count };
}

/** The shard (1-based) a fixture id falls in, of `count`. */
export function shardOfId(id: string, count: number): number {
  return (hashSeed(0, id) % count) + 1;
}

export function inShard(id: string, shard: Shard): boolean {
  return shardOfId(id, shard.count) === shard.index;
}
