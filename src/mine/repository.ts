/**
 * Mining one repository: walk its history, compare every modified `.py` file of every non-merge
 * commit with its parent's version, and keep the single rewrites (as PyPIBugs lines, verified as
 * `bugmine pypibugs` verifies them) and the small edits (as fix records). Everything else is counted
 * by reason. Both blob versions come from one long-lived `git cat-file --batch`.
 */
import { ParseError, decodeSource, parseModule, SourceDecodeError } from '../python/index.js';
import { CatFileBatch } from '../pypibugs/cat-file-batch.js';
import { git, gitEnvironment } from '../pypibugs/git-cache.js';
import { verifyFix } from '../pypibugs/verify.js';
import { canonicalText } from '../rewrite/canonical.js';
import { normalizeNewlines } from '../python/decode.js';
import { buildDiffTree, rangePair, SubtreeInterner } from '../diff/index.js';
import { editActionJson, fixRecordJson, type FixRecord } from '../fixes/records.js';
import { classifyChange, type ChangedFunction, type ParsedVersion } from './classify.js';
import { readHistory, type ChangedFile, type HistoryCommit, type HistoryOptions } from './history.js';
import { LICENCE_FILE, spdxOfLicenceText, treeEntryNames } from './licence.js';
import { messageSaysFix } from './message.js';

export interface MineOptions extends HistoryOptions {
  readonly maxActions: number;
  /** Files larger than this (bytes, either side) are not compared. */
  readonly maxFileBytes: number;
  /** Called after every commit (progress). */
  readonly onCommit?: (found: number) => void;
  /** Stops the walk between commits when it returns true (interrupt). */
  readonly stopped?: () => boolean;
}

/** A PyPIBugs line with mine's extra keys (BugLab's reader ignores them). */
export interface MinedBugLine {
  repo: string;
  hash: string;
  diff: string;
  old_path: string;
  rewrite: string;
  scout: string;
  commit_message: string;
  author_date: string;
  message_says_fix: boolean;
  licence: string | null;
  duplicate_of: string | null;
}

export interface RepositoryMined {
  readonly commits: number;
  readonly filesCompared: number;
  readonly counts: Record<string, number>;
  readonly reasons: Record<string, number>;
  readonly bugs: MinedBugLine[];
  /** Fix records as JSON objects, oldest commit first. */
  readonly fixes: Record<string, unknown>[];
  /** Per-file problems worth telling the user (undecodable, binary, internal errors), at most a few. */
  readonly problems: string[];
  readonly interrupted: boolean;
}

/** Parsed versions kept: the newest version of this many paths (the next commit of a path starts from it). */
const PARSED_CACHE = 16;
/** The repository's interner is started afresh beyond this many ids (its trees are dropped with it). */
const INTERNER_LIMIT = 1 << 21;
const MAX_PROBLEMS = 20;

/** Mines the clone in `dir`; `repo` is the name written into the output (the URL or path as given). */
export async function mineRepository(dir: string, repo: string, options: MineOptions): Promise<RepositoryMined> {
  const history = await readHistory(git(dir), options);
  // Oldest first: the first occurrence of a fix is its original, later copies are duplicates.
  history.reverse();
  const batch = new CatFileBatch(dir, [], gitEnvironment());
  const counts: Record<string, number> = { 'single-rewrite': 0, 'small-edit': 0, other: 0 };
  const reasons: Record<string, number> = {};
  const bugs: MinedBugLine[] = [];
  const fixes: Record<string, unknown>[] = [];
  const problems: string[] = [];
  const parsed = new Map<string, { oid: string; version: ParsedVersion | ParseError }>();
  // One interner for the whole history, so that the tree of a blob is built once and compared with any other.
  let interner = new SubtreeInterner();
  const licences = new Map<string, string | null>();
  let filesCompared = 0;
  let commits = 0;
  let interrupted = false;

  const count = (reason: string): void => {
    counts['other']!++;
    reasons[reason] = (reasons[reason] ?? 0) + 1;
  };
  const problem = (message: string): void => {
    if (problems.length < MAX_PROBLEMS) problems.push(message);
  };

  const readText = async (oid: string, what: string): Promise<string | { reason: string }> => {
    const object = await batch.get(oid);
    if (object === null || object.type !== 'blob') return { reason: 'blob-missing' };
    if (object.bytes.length > options.maxFileBytes) {
      problem(`${what}: ${object.bytes.length} bytes, over --max-file-bytes (${options.maxFileBytes}), not compared`);
      return { reason: 'too-large' };
    }
    if (object.bytes.includes(0)) {
      problem(`${what}: binary file (NUL bytes), not compared`);
      return { reason: 'binary' };
    }
    try {
      return normalizeNewlines(decodeSource(object.bytes).text);
    } catch (error) {
      if (!(error instanceof SourceDecodeError)) throw error;
      problem(`${what}: ${error.message}`);
      return { reason: 'undecodable' };
    }
  };
  const parseCached = (oid: string, text: string, path: string): ParsedVersion | ParseError => {
    const kept = parsed.get(path);
    let version = kept !== undefined && kept.oid === oid ? kept.version : undefined;
    if (version === undefined) {
      try {
        const module = parseModule(text);
        version = { text, module, tree: buildDiffTree(module, interner) };
      } catch (error) {
        if (!(error instanceof ParseError)) throw error;
        version = error;
      }
    }
    parsed.delete(path);
    if (parsed.size >= PARSED_CACHE) parsed.delete(parsed.keys().next().value!);
    parsed.set(path, { oid, version });
    return version;
  };
  const licenceAt = async (commit: string): Promise<string | null> => {
    const tree = await batch.get(`${commit}^{tree}`);
    if (tree === null || tree.type !== 'tree') return null;
    const name = treeEntryNames(tree.bytes).filter((n) => LICENCE_FILE.test(n)).sort()[0];
    if (name === undefined) return null;
    const key = `${commit}:${name}`;
    if (!licences.has(key)) {
      const blob = CatFileBatch.canAsk(key) ? await batch.get(key) : null;
      licences.set(key, blob !== null && blob.type === 'blob' ? spdxOfLicenceText(blob.bytes.toString('utf8')) : null);
    }
    return licences.get(key)!;
  };

  try {
    for (const commit of history) {
      if (options.stopped?.()) {
        interrupted = true;
        break;
      }
      commits++;
      if (interner.size > INTERNER_LIMIT) {
        interner = new SubtreeInterner();
        parsed.clear();
      }
      for (const file of commit.files) {
        const where = `${repo} ${commit.hash.slice(0, 12)} ${file.newPath}`;
        try {
          const before = await readText(file.oldBlob, `${where} (before)`);
          if (typeof before !== 'string') {
            count(before.reason);
            continue;
          }
          const after = await readText(file.newBlob, where);
          if (typeof after !== 'string') {
            count(after.reason);
            continue;
          }
          const beforeTree = parseCached(file.oldBlob, before, file.oldPath);
          if (beforeTree instanceof ParseError) {
            count('parse-error-before');
            continue;
          }
          const afterTree = parseCached(file.newBlob, after, file.newPath);
          if (afterTree instanceof ParseError) {
            count('parse-error-after');
            continue;
          }
          filesCompared++;
          const result = classifyChange(beforeTree, afterTree, file.oldPath, { maxActions: options.maxActions }, interner);
          if (result.kind === 'other') {
            count(result.reason);
            continue;
          }
          if (result.kind === 'single-rewrite') {
            const diff = await hunkDiff(dir, commit, file);
            const verification = verifyFix(before, result.repairedText, after, result.op, diff);
            if (verification.verified) {
              const licence = await licenceAt(commit.hash);
              counts['single-rewrite']!++;
              bugs.push({
                repo,
                hash: commit.hash,
                diff,
                old_path: file.oldPath,
                rewrite: canonicalText(result.op),
                scout: result.scout,
                commit_message: commit.message,
                author_date: commit.authorDate,
                message_says_fix: messageSaysFix(commit.message),
                licence,
                duplicate_of: null,
              });
              fixes.push(fixRecordJson(record(repo, commit, file, result.fn, 'single-rewrite', result.scout, canonicalText(result.op), licence)));
              continue;
            }
            // Text verification failed (the hunk also changed something else): still a small edit if small.
            if (result.fn.edit.length > options.maxActions) {
              count('rewrite-unverified');
              continue;
            }
          }
          counts['small-edit']!++;
          fixes.push(fixRecordJson(record(repo, commit, file, result.fn, 'small-edit', null, null, await licenceAt(commit.hash))));
        } catch (error) {
          count('internal-error');
          problem(`${where}: internal error: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
      options.onCommit?.(bugs.length + fixes.length);
    }
  } finally {
    batch.close();
  }
  return { commits, filesCompared, counts, reasons, bugs, fixes, problems, interrupted };
}

function record(repo: string, commit: HistoryCommit, file: ChangedFile, fn: ChangedFunction, kind: 'single-rewrite' | 'small-edit', scout: string | null, rewrite: string | null, licence: string | null): FixRecord {
  return {
    repo,
    hash: commit.hash,
    path: file.oldPath,
    newPath: file.newPath,
    function: fn.name,
    before: fn.before,
    after: fn.after,
    beforeRange: rangePair(fn.beforeRange)!,
    afterRange: rangePair(fn.afterRange)!,
    edit: fn.edit.map(editActionJson),
    kind,
    scout,
    rewrite,
    commitMessage: commit.message,
    authorDate: commit.authorDate,
    licence,
  };
}

/** The commit's diff of the file, hunks only (file headers dropped), as PyPIBugs lines hold it. */
async function hunkDiff(dir: string, commit: HistoryCommit, file: ChangedFile): Promise<string> {
  const paths = file.oldPath === file.newPath ? [file.oldPath] : [file.oldPath, file.newPath];
  const out = await git(dir).raw(['diff', '--no-color', '--no-ext-diff', '-M', '-U3', commit.parent, commit.hash, '--', ...paths]);
  const at = out.indexOf('\n@@');
  return at < 0 ? (out.startsWith('@@') ? out : '') : out.slice(at + 1);
}
