/**
 * Reading and validating the PyPIBugs JSONL: every line becomes either a valid entry or a rejected
 * line with its line number and reason, so that one bad line never stops the others.
 */
import { createHash } from 'node:crypto';
import { tryParseCanonicalOp } from '../rewrite/canonical.js';
import type { RewriteOp } from '../rewrite/ops.js';
import type { Shard } from '../run/shard.js';

export interface PypiBugsLine {
  /** 1-based line number in the input file. */
  readonly line: number;
  /** Stable identity of the line across runs: its number plus a digest of its fields (resume key). */
  readonly key: string;
  readonly repo: string;
  /** The fixing commit. */
  readonly hash: string;
  readonly diff: string;
  /** The buggy file's path at the parent of `hash`. */
  readonly oldPath: string;
  /** Canonical text of the operation that fixes the bug. */
  readonly rewrite: string;
  readonly op: RewriteOp;
}

export interface RejectedLine {
  readonly line: number;
  readonly key: string;
  readonly outcome: 'invalid-line' | 'duplicate';
  readonly details: string;
  /** For a duplicate: the line number of the first occurrence, which is kept. */
  readonly duplicateOf?: number;
}

export interface ReadLines {
  readonly valid: PypiBugsLine[];
  readonly rejected: RejectedLine[];
  /** Number of non-blank lines. */
  readonly total: number;
}

const COMMIT = /^[0-9a-f]{7,40}$/i;

/** Field aliases accepted on input: the first name present wins. */
const FIELDS = {
  repo: ['repo'],
  hash: ['hash', 'sha'],
  diff: ['diff'],
  oldPath: ['old_path', 'path'],
  rewrite: ['rewrite'],
} as const;

function lineKey(line: number, text: string): string {
  return `${line}:${createHash('sha256').update(text).digest('hex').slice(0, 16)}`;
}

/**
 * Identity for duplicate detection: the repository's name without owner (a fork has the same name
 * under another owner), case-folded and without `.git`, plus the buggy path, diff and rewrite.
 */
function duplicateKey(entry: Omit<PypiBugsLine, 'line' | 'key' | 'op'>): string {
  const name = entry.repo.replace(/\/+$/, '').replace(/\.git$/i, '').split('/').pop()!.toLowerCase();
  return `${name}\0${entry.oldPath}\0${entry.diff}\0${entry.rewrite}`;
}

/** Validates one line's text; returns the entry or the reason it is invalid. */
export function parseLine(text: string, line: number): PypiBugsLine | { invalid: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { invalid: `not JSON: ${(error as Error).message}` };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { invalid: 'not a JSON object' };
  const record = value as Record<string, unknown>;
  const fields: Record<string, string> = {};
  for (const [field, names] of Object.entries(FIELDS)) {
    const name = names.find((n) => record[n] !== undefined);
    if (name === undefined) return { invalid: `missing field ${names.map((n) => `"${n}"`).join(' or ')}` };
    const fieldValue = record[name];
    if (typeof fieldValue !== 'string' || fieldValue === '') return { invalid: `field "${name}" is not a non-empty string` };
    fields[field] = fieldValue;
  }
  if (!COMMIT.test(fields['hash']!)) return { invalid: `"hash" is not a commit id: ${JSON.stringify(fields['hash'])}` };
  const op = tryParseCanonicalOp(fields['rewrite']!);
  if (op === null) return { invalid: `"rewrite" is not a canonical rewrite operation: ${JSON.stringify(fields['rewrite'])}` };
  return {
    line,
    key: lineKey(line, text),
    repo: fields['repo']!,
    hash: fields['hash']!.toLowerCase(),
    diff: fields['diff']!,
    oldPath: fields['oldPath']!,
    rewrite: fields['rewrite']!,
    op,
  };
}

/** Validates every line of the file's text; blank lines are ignored, exact duplicates reported. */
export function readPypiBugsLines(content: string): ReadLines {
  const valid: PypiBugsLine[] = [];
  const rejected: RejectedLine[] = [];
  const firstSeen = new Map<string, number>();
  let total = 0;
  const texts = content.split('\n');
  for (let i = 0; i < texts.length; i++) {
    const text = texts[i]!.endsWith('\r') ? texts[i]!.slice(0, -1) : texts[i]!;
    if (text.trim() === '') continue;
    total++;
    const line = i + 1;
    const parsed = parseLine(text, line);
    if ('invalid' in parsed) {
      rejected.push({ line, key: lineKey(line, text), outcome: 'invalid-line', details: parsed.invalid });
      continue;
    }
    const identity = duplicateKey(parsed);
    const first = firstSeen.get(identity);
    if (first !== undefined) {
      rejected.push({ line, key: parsed.key, outcome: 'duplicate', details: `same fix as line ${first}`, duplicateOf: first });
      continue;
    }
    firstSeen.set(identity, line);
    valid.push(parsed);
  }
  return { valid, rejected, total };
}

/** The repository's lines, grouped, in order of first appearance (lines keep their file order). */
export function groupByRepository(lines: readonly PypiBugsLine[]): Map<string, PypiBugsLine[]> {
  const groups = new Map<string, PypiBugsLine[]>();
  for (const line of lines) {
    const group = groups.get(line.repo);
    if (group === undefined) groups.set(line.repo, [line]);
    else group.push(line);
  }
  return groups;
}

/** Whether `repo` belongs to `shard`: by a hash of the URL, so a repository is never split across shards. */
export function repositoryInShard(repo: string, shard: Shard): boolean {
  if (shard.count === 1) return true;
  const digest = createHash('md5').update(repo).digest();
  return digest.readUInt32BE(0) % shard.count === shard.index;
}
