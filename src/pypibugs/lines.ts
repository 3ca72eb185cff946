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
  /** `duplicate`: the same line again; `duplicate-fix`: the same fix in another repository (a fork). */
  readonly outcome: 'invalid-line' | 'duplicate' | 'duplicate-fix';
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

/** The repository URL as an identity: without trailing slashes and `.git`, case-folded (hosts ignore case). */
function repositoryIdentity(repo: string): string {
  return repo.replace(/\/+$/, '').replace(/\.git$/i, '').toLowerCase();
}

/** Identity of an exact duplicate: the same repository, commit, path, diff and rewrite. */
function exactKey(entry: Omit<PypiBugsLine, 'line' | 'key' | 'op'>): string {
  return `${repositoryIdentity(entry.repo)}\0${entry.hash}\0${entry.oldPath}\0${entry.diff}\0${entry.rewrite}`;
}

/**
 * Identity of the same fix in a fork: the repository's name without owner (a fork has the same name
 * under another owner), plus the buggy path, diff and rewrite; the commit may differ (cherry-picks).
 */
function fixKey(entry: Omit<PypiBugsLine, 'line' | 'key' | 'op'>): string {
  const name = repositoryIdentity(entry.repo).split('/').pop()!;
  return `${name}\0${entry.oldPath}\0${entry.diff}\0${entry.rewrite}`;
}

/**
 * Why `path` is not a plain path inside a repository (null when it is): the line's path is input, and
 * is read with git at `<commit>:<path>`, where `..` is fatal to the reading process and an absolute
 * path names the host's file system in git's messages.
 */
export function repositoryPathProblem(path: string): string | null {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is refused
  if (/[\u0000-\u001f\u007f]/.test(path)) return 'contains a control character';
  if (path.startsWith('/')) return 'is an absolute path';
  const segments = path.split('/');
  if (segments.includes('..')) return 'leaves the repository (..)';
  if (segments.some((segment) => segment === '' || segment === '.')) return 'is not a normalised relative path';
  return null;
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
  const pathProblem = repositoryPathProblem(fields['oldPath']!);
  if (pathProblem !== null) return { invalid: `"${FIELDS.oldPath.find((n) => record[n] !== undefined)}" ${pathProblem}: ${JSON.stringify(fields['oldPath'])}` };
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

/** Validates every line of the file's text; blank lines are ignored, duplicates (exact, and forks' copies of a fix) reported. */
export function readPypiBugsLines(content: string): ReadLines {
  const valid: PypiBugsLine[] = [];
  const rejected: RejectedLine[] = [];
  const firstSeen = new Map<string, number>();
  const firstFixSeen = new Map<string, { line: number; repo: string }>();
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
    const exact = exactKey(parsed);
    const first = firstSeen.get(exact);
    if (first !== undefined) {
      rejected.push({ line, key: parsed.key, outcome: 'duplicate', details: `same line as line ${first}`, duplicateOf: first });
      continue;
    }
    // In the same repository a different commit is processed (an unknown commit must come out
    // commit-missing, not a duplicate); in another repository it is a fork's copy of the fix.
    const fix = fixKey(parsed);
    const firstFix = firstFixSeen.get(fix);
    if (firstFix !== undefined && repositoryIdentity(firstFix.repo) !== repositoryIdentity(parsed.repo)) {
      rejected.push({ line, key: parsed.key, outcome: 'duplicate-fix', details: `same fix as line ${firstFix.line} (${firstFix.repo})`, duplicateOf: firstFix.line });
      continue;
    }
    firstSeen.set(exact, line);
    if (firstFix === undefined) firstFixSeen.set(fix, { line, repo: parsed.repo });
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
