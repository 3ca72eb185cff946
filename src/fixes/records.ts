/**
 * Fix records: one real fix as the function before and after it, with the tree edit between them.
 * `bugmine mine` writes them (`OUT/fixes.jsonl.gz`); the shared corpus of PyPIBugs fixes
 * (`datasets/pypibugs-fixes/fixes.jsonl.gz`) has the same content under its own keys. `readFixRecords`
 * reads either into `ReadFixRecord` (a `FixRecord` with its identity and where it was read), so the
 * pattern miner takes both. It is the only reader of fix records.
 *
 * The JSON form (one object per line, gzip): `repo`, `hash` (the fixing commit), `path` (the file
 * before the fix), `new_path` (after, when renamed), `function` (qualified name), `before`, `after`
 * (the function's source text on each side, from `def` to the end of the body), `before_range`,
 * `after_range` (`[[line, col], [line, col]]` in the file, lines from 1, columns from 0), `edit`
 * (the edit script between the two functions, `FixEditAction`s; absent from the corpus: compute it
 * with `diffCst(parseFunctionText(...), ...)`), `kind` (`single-rewrite` or `small-edit`), `scout`
 * and `rewrite` (for single-rewrite: BugLab's scout and the canonical fixing rewrite), and
 * `commit_message`, `author_date`, `licence` (SPDX id or null) when known.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { rangePair, type RangePair } from '../diff/index.js';
import type { EditAction } from '../diff/index.js';

export type FixKind = 'single-rewrite' | 'small-edit';

/** One edit action of a fix record: node refs as the differ names them, ranges as pairs. */
export interface FixEditAction {
  readonly action: EditAction['kind'];
  /** `b<id>` (before tree) or `a<id>` (after tree), pre-order ids of the function's diff tree. */
  readonly node: string;
  readonly type: string;
  /** insert/delete: the node's text; update: the new text. */
  readonly value?: string;
  /** update: the old text. */
  readonly from?: string;
  readonly parent?: string;
  readonly field?: string | null;
  readonly position?: number;
  readonly before_range?: RangePair | null;
  readonly after_range?: RangePair | null;
}

export interface FixRecord {
  readonly repo: string;
  readonly hash: string;
  readonly path: string;
  readonly newPath?: string;
  readonly function: string | null;
  readonly before: string;
  readonly after: string;
  readonly beforeRange: RangePair;
  readonly afterRange: RangePair;
  /** Null when the source (the shared corpus) has no script. */
  readonly edit: FixEditAction[] | null;
  /** Null when the source says neither (no `kind`, no `rewrite`). */
  readonly kind: FixKind | null;
  readonly scout: string | null;
  readonly rewrite: string | null;
  readonly commitMessage: string | null;
  readonly authorDate: string | null;
  readonly licence: string | null;
  /** The corpus's PyPIBugs line number, when the record comes from the corpus. */
  readonly pypibugsLine?: number;
}

export function editActionJson(action: EditAction): FixEditAction {
  switch (action.kind) {
    case 'insert':
      return { action: 'insert', node: action.node, type: action.type, value: action.value, parent: action.parent, field: action.field, position: action.position, after_range: rangePair(action.afterRange) };
    case 'delete':
      return { action: 'delete', node: action.node, type: action.type, value: action.value, before_range: rangePair(action.beforeRange) };
    case 'update':
      return { action: 'update', node: action.node, type: action.type, from: action.from, value: action.to, before_range: rangePair(action.beforeRange), after_range: rangePair(action.afterRange) };
    case 'move':
      return { action: 'move', node: action.node, type: action.type, parent: action.parent, field: action.field, position: action.position, before_range: rangePair(action.beforeRange), after_range: rangePair(action.afterRange) };
  }
}

/** The JSON object of a record, as `bugmine mine` writes it. */
export function fixRecordJson(record: FixRecord): Record<string, unknown> {
  return {
    repo: record.repo,
    hash: record.hash,
    path: record.path,
    ...(record.newPath !== undefined && record.newPath !== record.path ? { new_path: record.newPath } : {}),
    function: record.function,
    before: record.before,
    after: record.after,
    before_range: record.beforeRange,
    after_range: record.afterRange,
    edit: record.edit,
    kind: record.kind,
    scout: record.scout,
    rewrite: record.rewrite,
    commit_message: record.commitMessage,
    author_date: record.authorDate,
    licence: record.licence,
  };
}

/** A record as read from a file: its identity, where it was read, and where its function starts. */
export interface ReadFixRecord extends FixRecord {
  /** Stable identity: `repo@hash12:path:line` (line of the function's first line in the buggy file). */
  readonly id: string;
  /** Where it was read: `FILE:LINE`. */
  readonly source: string;
  /** Line (from 1) and column (from 0) of the function's first character in its file, before and after. */
  readonly beforeLine: number;
  readonly beforeColumn: number;
  readonly afterLine: number;
  readonly afterColumn: number;
}

function isRange(value: unknown): value is RangePair {
  return (
    Array.isArray(value) &&
    value.length === 2 &&
    value.every((p) => Array.isArray(p) && p.length === 2 && p.every((n) => Number.isInteger(n) && n >= 0))
  );
}

function text(record: Record<string, unknown>, key: string): string | null {
  const value = record[key];
  return typeof value === 'string' ? value : null;
}

/** One record from a parsed JSON value of either format, read at `source` (`FILE:LINE`); throws with the reason if it is neither. */
export function fixRecordFromJson(value: unknown, source = ''): ReadFixRecord {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error('not a JSON object');
  const r = value as Record<string, unknown>;
  for (const key of ['repo', 'hash', 'before', 'after']) if (typeof r[key] !== 'string') throw new Error(`missing or non-string "${key}"`);
  const path = text(r, 'path') ?? text(r, 'old_path');
  if (path === null) throw new Error('missing "path"/"old_path"');
  if (!isRange(r['before_range'])) throw new Error('missing or malformed "before_range" (not [[line, col], [line, col]])');
  if (!isRange(r['after_range'])) throw new Error('missing or malformed "after_range" (not [[line, col], [line, col]])');
  const rewrite = text(r, 'rewrite');
  const kind = r['kind'] === 'small-edit' || r['kind'] === 'single-rewrite' ? r['kind'] : rewrite !== null ? 'single-rewrite' : null;
  const newPath = text(r, 'new_path');
  const repo = r['repo'] as string;
  const hash = r['hash'] as string;
  const beforeRange = r['before_range'];
  const afterRange = r['after_range'];
  return {
    id: `${repo}@${hash.slice(0, 12)}:${path}:${beforeRange[0][0]}`,
    source,
    repo,
    hash,
    path,
    ...(newPath !== null ? { newPath } : {}),
    function: text(r, 'function'),
    before: r['before'] as string,
    after: r['after'] as string,
    beforeRange,
    afterRange,
    beforeLine: beforeRange[0][0],
    beforeColumn: beforeRange[0][1],
    afterLine: afterRange[0][0],
    afterColumn: afterRange[0][1],
    // Foreign scripts are kept as read; the pattern miner recomputes its own from the two sides.
    edit: Array.isArray(r['edit']) ? (r['edit'] as FixEditAction[]) : null,
    kind,
    scout: text(r, 'scout'),
    rewrite,
    commitMessage: text(r, 'commit_message'),
    authorDate: text(r, 'author_date'),
    licence: text(r, 'licence'),
    ...(typeof r['line'] === 'number' ? { pypibugsLine: r['line'] } : {}),
  };
}

/** `fixRecordFromJson` that returns the reason instead of throwing. */
export function recordOf(value: unknown, source: string): ReadFixRecord | string {
  try {
    return fixRecordFromJson(value, source);
  } catch (err) {
    return (err as Error).message;
  }
}

export interface ReadFixRecords {
  readonly records: ReadFixRecord[];
  /** Lines that are not records: 1-based line number and why. */
  readonly rejected: { line: number; reason: string }[];
  /** The same and read failures (a truncated gzip stream) as one-line messages `FILE:LINE: message`. */
  readonly errors: string[];
}

async function isGzip(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const { bytesRead, buffer } = await handle.read(Buffer.alloc(2), 0, 2, 0);
    return bytesRead === 2 && buffer[0] === 0x1f && buffer[1] === 0x8b;
  } finally {
    await handle.close();
  }
}

/**
 * Reads a fix-record file (`.jsonl` or `.jsonl.gz` by its magic bytes; mine's output or the shared
 * corpus), streamed. A line that is not a record is reported and skipped; corrupt gzip data ends
 * the read with a message, keeping the records before it. Throws only if the file cannot be opened.
 */
export async function readFixRecords(file: string): Promise<ReadFixRecords> {
  const gzip = await isGzip(file);
  let stream: Readable = createReadStream(file);
  if (gzip) stream = stream.pipe(createGunzip());
  const records: ReadFixRecord[] = [];
  const rejected: { line: number; reason: string }[] = [];
  const errors: string[] = [];
  let lineNo = 0;
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  const failed = new Promise<never>((_, reject) => stream.on('error', reject));
  const reading = (async () => {
    for await (const line of lines) {
      lineNo++;
      if (line.trim() === '') continue;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch (err) {
        rejected.push({ line: lineNo, reason: `malformed JSON: ${(err as Error).message}` });
        errors.push(`${file}:${lineNo}: malformed JSON: ${(err as Error).message}`);
        continue;
      }
      const record = recordOf(value, `${file}:${lineNo}`);
      if (typeof record === 'string') {
        rejected.push({ line: lineNo, reason: `not a fix record: ${record}` });
        errors.push(`${file}:${lineNo}: not a fix record: ${record}`);
      } else records.push(record);
    }
  })();
  try {
    await Promise.race([reading, failed]);
  } catch (err) {
    const reason = `${gzip ? 'corrupt gzip data' : 'read error'}: ${(err as Error).message}`;
    rejected.push({ line: lineNo + 1, reason });
    errors.push(`${file}:${lineNo + 1}: ${reason}`);
  }
  return { records, rejected, errors };
}
