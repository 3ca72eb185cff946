/**
 * What a mining thread hands back is hostile input (src/run/hand-back.ts states the rule): before
 * the main thread writes anything of it, `checkRepositoryMined` checks its whole shape (types,
 * bounds, exactly the known keys, the job's own repository name) and rebuilds every line in the
 * key order `mineRepository` gives, so the output is byte-identical to mining on the main thread.
 */
import type { RangePair } from '../diff/index.js';
import { array, boolean, type Check, integer, literal, nullable, object, oneOf, record, SchemaError, string } from '../io/schema.js';
import type { MinedBugLine, RepositoryMined } from './repository.js';

export { SchemaError as MinedResultRejected };

/** Generous bounds: a thread cannot make the host hold more than this per item. */
const MAX_LINES = 10_000_000;
const MAX_ACTIONS = 100_000;
const MAX_MESSAGE = 1 << 20;
const MAX_NAME = 4096;
const MAX_PROBLEMS = 100;

const HASH = string({ maxLength: 40, pattern: /^[0-9a-f]{40}$/ });
const position = integer({ max: 1 << 30 });
const RANGE: Check<RangePair> = (value, path) => {
  const pair = array(array(position, { maxLength: 2 }), { maxLength: 2 })(value, path);
  if (pair.length !== 2 || pair.some((p) => p.length !== 2)) throw new SchemaError(`${path}: expected [[line, column], [line, column]]`);
  return pair as RangePair;
};
const NODE = string({ maxLength: 32, pattern: /^(root|[ab]\d+)$/ });
const TYPE = string({ maxLength: 64, pattern: /^[A-Za-z_]+$/ });

function editAction(maxText: number): Check<Record<string, unknown>> {
  const text = string({ maxLength: maxText });
  const field = nullable(string({ maxLength: 64 }));
  const range = nullable(RANGE);
  // One exact shape per kind, keys in `editActionJson`'s order.
  const shapes: Record<string, Check<Record<string, unknown>>> = {
    insert: object({ action: literal('insert'), node: NODE, type: TYPE, value: text, parent: NODE, field, position, after_range: range }),
    delete: object({ action: literal('delete'), node: NODE, type: TYPE, value: text, before_range: range }),
    update: object({ action: literal('update'), node: NODE, type: TYPE, from: text, value: text, before_range: range, after_range: range }),
    move: object({ action: literal('move'), node: NODE, type: TYPE, parent: NODE, field, position, before_range: range, after_range: range }),
  };
  return (value, path) => {
    const kind = typeof value === 'object' && value !== null ? (value as { action?: unknown }).action : undefined;
    const shape = typeof kind === 'string' && Object.hasOwn(shapes, kind) ? shapes[kind] : undefined;
    if (shape === undefined) throw new SchemaError(`${path}.action: not one of ${Object.keys(shapes).join(', ')}`);
    return shape(value, path);
  };
}

/**
 * Checks the result of mining `repo` on a thread. `maxFileBytes` bounds the source texts: a
 * decoded file has at most as many characters as bytes, and a diff holds at most both sides.
 */
export function checkRepositoryMined(value: unknown, repo: string, maxFileBytes: number): RepositoryMined {
  const source = string({ maxLength: maxFileBytes });
  const diff = string({ maxLength: 2 * maxFileBytes + (1 << 16) });
  const path = string({ maxLength: MAX_NAME });
  const message = string({ maxLength: MAX_MESSAGE });
  const date = string({ maxLength: 64 });
  const licence = nullable(string({ maxLength: 128 }));
  const repoName = literal(repo);
  const bug: Check<MinedBugLine> = object({
    repo: repoName,
    hash: HASH,
    diff,
    old_path: path,
    rewrite: string({ maxLength: MAX_MESSAGE }),
    scout: string({ maxLength: 128 }),
    commit_message: message,
    author_date: date,
    message_says_fix: boolean,
    licence,
    duplicate_of: literal(null),
  });
  const fixShape = object(
    {
      repo: repoName,
      hash: HASH,
      path,
      function: nullable(string({ maxLength: MAX_NAME })),
      before: source,
      after: source,
      before_range: RANGE,
      after_range: RANGE,
      edit: array(editAction(maxFileBytes), { maxLength: MAX_ACTIONS }),
      kind: oneOf(['single-rewrite', 'small-edit']),
      scout: nullable(string({ maxLength: 128 })),
      rewrite: nullable(string({ maxLength: MAX_MESSAGE })),
      commit_message: message,
      author_date: date,
      licence,
    },
    { new_path: path },
  );
  const fix: Check<Record<string, unknown>> = (v, p) => {
    const { repo: r, hash, path: oldPath, new_path, ...rest } = fixShape(v, p);
    // `fixRecordJson`'s order: new_path (present only for a rename) right after path.
    return { repo: r, hash, path: oldPath, ...(new_path !== undefined ? { new_path } : {}), ...rest };
  };
  const tally = record(string({ maxLength: 64 }), integer(), { maxKeys: 64 });
  return object({
    commits: integer(),
    filesCompared: integer(),
    counts: tally,
    reasons: tally,
    bugs: array(bug, { maxLength: MAX_LINES }),
    fixes: array(fix, { maxLength: MAX_LINES }),
    problems: array(string({ maxLength: MAX_MESSAGE }), { maxLength: MAX_PROBLEMS }),
    interrupted: boolean,
  })(value, '');
}
