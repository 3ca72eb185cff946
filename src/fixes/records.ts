/**
 * Fix records: one real fix as the function before and after it, with the tree edit between them.
 * `bugmine mine` writes them (`OUT/fixes.jsonl.gz`); the shared corpus of PyPIBugs fixes
 * (`datasets/pypibugs-fixes/fixes.jsonl.gz`) has the same content under its own keys. `readFixRecords`
 * reads either into `FixRecord`, so the pattern miner takes both.
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
import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
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
  readonly kind: FixKind;
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

function isRange(value: unknown): value is RangePair {
  return (
    Array.isArray(value) &&
    value.length === 2 &&
    value.every((p) => Array.isArray(p) && p.length === 2 && p.every((n) => Number.isInteger(n)))
  );
}

function text(record: Record<string, unknown>, key: string): string | null {
  const value = record[key];
  return typeof value === 'string' ? value : null;
}

/** One record from a parsed JSON object of either format; throws with the reason if it is neither. */
export function fixRecordFromJson(value: unknown): FixRecord {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error('not a JSON object');
  const r = value as Record<string, unknown>;
  for (const key of ['repo', 'hash', 'before', 'after']) if (typeof r[key] !== 'string') throw new Error(`field "${key}" is not a string`);
  const path = text(r, 'path') ?? text(r, 'old_path');
  if (path === null) throw new Error('no "path" or "old_path"');
  if (!isRange(r['before_range']) || !isRange(r['after_range'])) throw new Error('"before_range"/"after_range" are not [[line, col], [line, col]]');
  const rewrite = text(r, 'rewrite');
  const kind = r['kind'] === 'small-edit' || r['kind'] === 'single-rewrite' ? r['kind'] : rewrite !== null ? 'single-rewrite' : null;
  if (kind === null) throw new Error('no "kind" and no "rewrite"');
  const newPath = text(r, 'new_path');
  return {
    repo: r['repo'] as string,
    hash: r['hash'] as string,
    path,
    ...(newPath !== null ? { newPath } : {}),
    function: text(r, 'function'),
    before: r['before'] as string,
    after: r['after'] as string,
    beforeRange: r['before_range'],
    afterRange: r['after_range'],
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

export interface ReadFixRecords {
  readonly records: FixRecord[];
  /** Lines that are not records: 1-based line number and why. */
  readonly rejected: { line: number; reason: string }[];
}

/** Reads a fix-record file (`.jsonl` or `.jsonl.gz`, mine's output or the shared corpus). */
export async function readFixRecords(path: string): Promise<ReadFixRecords> {
  const bytes = await readFile(path);
  const content = bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes).toString('utf8') : bytes.toString('utf8');
  return parseFixRecords(content);
}

export function parseFixRecords(content: string): ReadFixRecords {
  const records: FixRecord[] = [];
  const rejected: { line: number; reason: string }[] = [];
  const lines = content.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.trim() === '') continue;
    try {
      records.push(fixRecordFromJson(JSON.parse(lines[i]!)));
    } catch (error) {
      rejected.push({ line: i + 1, reason: (error as Error).message });
    }
  }
  return { records, rejected };
}
