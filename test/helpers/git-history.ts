/** Small git histories made in a test: commits with fixed identities, so hashes are reproducible per run. */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const IDENTITY = { GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' };

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, ...IDENTITY } });
}

export function initRepository(dir: string): void {
  execFileSync('git', ['init', '-q', '-b', 'main', dir]);
}

/** Writes `files` into `repo`, commits them all with `message`, and returns the new commit's hash. */
export function commitFiles(repo: string, files: Record<string, string | Buffer>, message: string): string {
  for (const [path, content] of Object.entries(files)) writeFileSync(join(repo, path), content);
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', message);
  return git(repo, 'rev-parse', 'HEAD').trim();
}

/** A Python module with two functions, one with a comparison to "fix" and a call to change. */
export const BUGGY_MODULE = `import os


def largest(values, limit):
    best = None
    for value in values:
        if value < limit and (best is None or value > best):
            best = value
    return best


def describe(path):
    return os.path.basename(path)
`;

/**
 * A repository with one single-rewrite fix (`<` → `<=`, a PyPIBugs-style line) and one small edit
 * (`basename` → `dirname`), in `name.py`; returns the fixing commits.
 */
export function repositoryWithFixes(dir: string, name = 'lib'): { fix: string; edit: string } {
  initRepository(dir);
  commitFiles(dir, { [`${name}.py`]: BUGGY_MODULE }, 'first version');
  const fix = commitFiles(dir, { [`${name}.py`]: BUGGY_MODULE.replace('value < limit', 'value <= limit') }, 'Fix the off-by-one bug in largest');
  const edit = commitFiles(dir, { [`${name}.py`]: BUGGY_MODULE.replace('value < limit', 'value <= limit').replace('return os.path.basename(path)', 'return os.path.dirname(path)') }, 'describe the folder');
  return { fix, edit };
}

/**
 * A linear history of `commits` commits on `main` made with one `git fast-import` (quick even for
 * thousands): commit `round` sets `module.py` to `moduleAt(round)`, one minute after the previous.
 */
export function fastImportHistory(dir: string, commits: number, moduleAt: (round: number) => string): void {
  initRepository(dir);
  const chunks: string[] = [];
  for (let round = 0; round < commits; round++) {
    const content = Buffer.from(moduleAt(round));
    chunks.push(`commit refs/heads/main\ncommitter t <t@t> ${1_600_000_000 + round * 60} +0000\ndata 8\nround ${String(round).padStart(2, '0').slice(-2)}\n`);
    chunks.push(`M 100644 inline module.py\ndata ${content.length}\n${content.toString()}\n`);
  }
  execFileSync('git', ['fast-import', '--quiet'], { cwd: dir, input: chunks.join(''), maxBuffer: 1 << 28 });
  execFileSync('git', ['checkout', '-q', 'main'], { cwd: dir });
}

/** A module of `functions` functions in which function `round % functions` has the constant `round + 2` (one small edit per commit). */
export function constantsModule(round: number, functions = 40): string {
  return Array.from(
    { length: functions },
    (_, i) => `def f${i}(values, limit):\n    total = 0\n    for value in values:\n        if value > limit:\n            total += value * ${i === round % functions ? round + 2 : 1}\n    return total\n`,
  ).join('\n\n');
}

/**
 * Commit `round` changes one function of `functions`: its comparison (`>` and `>=` in turn, a
 * single rewrite) every tenth round, its constant (a small edit) otherwise.
 */
export function oneFunctionPerCommit(round: number, functions = 12): string {
  const constants = Array.from({ length: functions }, () => 1);
  const operators = Array.from({ length: functions }, () => '>');
  for (let r = 1; r <= round; r++) {
    if (r % 10 === 0) operators[r % functions] = operators[r % functions] === '>' ? '>=' : '>';
    else constants[r % functions] = r + 2;
  }
  return constants
    .map((c, i) => `def f${i}(values, limit):\n    total = 0\n    for value in values:\n        if value ${operators[i]} limit:\n            total += value * ${c}\n    return total\n`)
    .join('\n\n');
}
