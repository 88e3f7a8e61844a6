// `--shard i/N`: this machine runs the runs whose index mod N = i (runner.md §2).

export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** Parses `i/N` with 0 ≤ i < N; returns a message for anything else. */
export function parseShard(text: string): Shard | string {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (match === null) return `--shard: expected i/N (e.g. 0/4), got '${text}'`;
  const index = Number(match[1]);
  const count = Number(match[2]);
  if (count < 1 || index >= count) return `--shard: expected 0 ≤ i < N and N ≥ 1, got '${text}'`;
  return { index, count };
}

export function inShard(runIndex: number, shard: Shard | null): boolean {
  return shard === null || runIndex % shard.count === shard.index;
}
