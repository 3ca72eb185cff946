/**
 * Real git repositories for the pypibugs tests, built from standard-library files of `python3`:
 * commit a file, inject a bug with our own rewrite operations, commit, fix it, commit. Git runs
 * through execFileSync (no shell), with a fixed identity and dates so commit ids are stable.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { rangeContains } from '../../src/python/cst.js';
import { applyOp } from '../../src/rewrite/apply.js';
import { canonicalText } from '../../src/rewrite/canonical.js';
import type { Candidate } from '../../src/rewrite/scouts/scout.js';
import { normalizeNewlines } from '../../src/python/decode.js';
import { analyseText } from '../../src/samples/analyse.js';

let stdlibRoot: string | undefined;

export function stdlibText(name: string): string {
  stdlibRoot ??= execFileSync('python3', ['-c', 'import sysconfig; print(sysconfig.get_paths()["stdlib"])'], { encoding: 'utf8' }).trim();
  return normalizeNewlines(readFileSync(join(stdlibRoot, name), 'utf8'));
}

const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Fixture',
  GIT_AUTHOR_EMAIL: 'fixture@example.org',
  GIT_COMMITTER_NAME: 'Fixture',
  GIT_COMMITTER_EMAIL: 'fixture@example.org',
  GIT_AUTHOR_DATE: '2024-01-01T00:00:00Z',
  GIT_COMMITTER_DATE: '2024-01-01T00:00:00Z',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
};

export class FixtureRepo {
  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true });
    this.git('init', '-q', '-b', 'main');
    // What GitHub allows too: partial clones, and fetching any commit by id.
    this.git('config', 'uploadpack.allowFilter', 'true');
    this.git('config', 'uploadpack.allowAnySHA1InWant', 'true');
    this.git('config', 'core.autocrlf', 'false');
  }

  get url(): string {
    return `file://${this.dir}`;
  }

  git(...args: string[]): string {
    return execFileSync('git', args, { cwd: this.dir, env: GIT_ENV, encoding: 'utf8' });
  }

  write(path: string, content: string | Buffer): void {
    mkdirSync(dirname(join(this.dir, path)), { recursive: true });
    writeFileSync(join(this.dir, path), content);
  }

  remove(path: string): void {
    rmSync(join(this.dir, path));
    this.git('add', '-A', '--', path);
  }

  commit(message: string): string {
    this.git('add', '-A');
    this.git('commit', '-q', '--allow-empty', '-m', message);
    return this.git('rev-parse', 'HEAD').trim();
  }

  /** The hunks of `git diff from to` (file headers cut, as in PyPIBugs' `diff` field). */
  hunks(from: string, to: string): string {
    const diff = this.git('diff', '-M', '-U3', '--no-color', from, to);
    return diff.slice(diff.indexOf('@@'));
  }
}

export interface InjectedBug {
  /** The file with the bug (newline-normalised). */
  readonly buggy: string;
  /** Canonical text of the fix (the revert of the bug), as PyPIBugs records it. */
  readonly rewrite: string;
  /** Canonical text of another candidate at the fix's range with a different replacement, if any. */
  readonly alternative: string | null;
  readonly line: number;
}

/**
 * Up to `count` bugs of `text` that a PyPIBugs line can describe, in candidate order: ReplaceText
 * candidates of `scouts` inside a function whose revert is a candidate of the buggy file inside a
 * function (with `requireAlternative`, only those whose revert range has another replacement too).
 */
export function injectBugs(text: string, path: string, count: number, scouts: readonly string[], requireAlternative = false): InjectedBug[] {
  const analysed = analyseText(text, path);
  const bugs: InjectedBug[] = [];
  for (const candidate of analysed.candidates) {
    if (bugs.length === count) break;
    if (!scouts.includes(candidate.scout) || candidate.op.kind !== 'ReplaceText') continue;
    if (!analysed.functions.some((f) => rangeContains(f.range, candidate.op.range))) continue;
    const applied = applyOp(text, candidate.op, analysed.module);
    let after;
    try {
      after = analyseText(applied.text, path);
    } catch {
      continue;
    }
    const rewrite = canonicalText(applied.revert);
    const inverse = after.candidates.find((c) => canonicalText(c.op) === rewrite);
    if (inverse === undefined || !after.functions.some((f) => rangeContains(f.range, inverse.op.range))) continue;
    const alternative = after.candidates.find(
      (c: Candidate) => c.op.kind === 'ReplaceText' && canonicalText(c.op) !== rewrite && JSON.stringify(c.op.range) === JSON.stringify(applied.revert.range),
    );
    if (requireAlternative && alternative === undefined) continue;
    bugs.push({ buggy: applied.text, rewrite, alternative: alternative ? canonicalText(alternative.op) : null, line: candidate.op.range.start.line });
  }
  return bugs;
}

/** The `nth` bug of `text` (see `injectBugs`) made by `scout`. */
export function injectBug(text: string, path: string, nth = 0, scout = 'ComparisonOperatorRewriteScout', requireAlternative = false): InjectedBug {
  const bug = injectBugs(text, path, nth + 1, [scout], requireAlternative)[nth];
  if (bug === undefined) throw new Error(`no injectable bug #${nth} in ${path}`);
  return bug;
}

/** Canonical text of a candidate of `text` outside every function (module-level code). */
export function moduleLevelCandidate(text: string, path: string): string {
  const analysed = analyseText(text, path);
  const candidate = analysed.candidates.find((c) => !analysed.functions.some((f) => rangeContains(f.range, c.op.range)));
  if (candidate === undefined) throw new Error(`${path} has no module-level candidate`);
  return canonicalText(candidate.op);
}

/** Canonical text of the first candidate of a function that does not contain `line`, far from it. */
export function candidateAwayFrom(text: string, path: string, line: number): string {
  const analysed = analyseText(text, path);
  const candidate = analysed.candidates.find(
    (c) => Math.abs(c.op.range.start.line - line) > 20 && analysed.functions.some((f) => rangeContains(f.range, c.op.range)),
  );
  if (candidate === undefined) throw new Error(`${path} has no candidate away from line ${line}`);
  return canonicalText(candidate.op);
}

export function toCrlf(text: string): string {
  return text.replace(/\n/g, '\r\n');
}
