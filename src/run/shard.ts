/**
 * `--shard i/N`, shared by the jobs that can be spread over N machines: shard i (0-based) takes the
 * units of work whose position (extract: in the package list; pypibugs: by repository hash) modulo
 * N is i.
 */
export interface Shard {
  /** 0-based. */
  readonly index: number;
  readonly count: number;
}

/** Parses `i/N` with 0 <= i < N; null for anything else. */
export function parseShard(value: string): Shard | null {
  const match = /^(\d+)\/(\d+)$/.exec(value.trim());
  if (match === null) return null;
  const index = Number(match[1]);
  const count = Number(match[2]);
  return count >= 1 && index < count ? { index, count } : null;
}
