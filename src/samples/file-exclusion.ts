/**
 * Which source files are left out before extraction (`--exclude GLOB`, `--no-tests`). Paths are
 * `graph.path`s: POSIX, relative to the package root (site-packages for `extract`, SRC for
 * `extract-dir`). As in .gitignore, a GLOB without `/` matches any one path component (a file or
 * directory name at any depth), and a GLOB with `/` matches the path from the root or any of its
 * leading directories, so `pkg/_vendor` leaves out everything below it. Globs are picomatch's
 * (`*`, `**`, `?`, `[...]`, `{a,b}`), with dot-files matched like any other.
 */
import picomatch from 'picomatch';

/** The skip reason of an excluded file in the summary and the manifest's `counts.skipped`. */
export const EXCLUDED = 'excluded';

/** Directory names that hold tests under `--no-tests`. */
export const TEST_DIRECTORIES: readonly string[] = ['test', 'tests', 'testing'];
/** File names of tests under `--no-tests` (pytest's and unittest's conventions). */
export const TEST_FILE_GLOBS: readonly string[] = ['test_*.py', '*_test.py', '*_tests.py', 'tests.py', 'conftest.py'];

export interface ExclusionRules {
  /** `--exclude` globs, in the order given. */
  readonly exclude?: readonly string[];
  /** `--no-tests`: leave out test files and directories (TEST_DIRECTORIES, TEST_FILE_GLOBS). */
  readonly noTests?: boolean;
}

const GLOB_OPTIONS = { dot: true } as const;
const MAX_GLOB = 1000;

/** Why `glob` is not a usable `--exclude` value, or null when it is one. */
export function globProblem(glob: string): string | null {
  if (glob.trim() === '') return 'an empty glob';
  if (glob.length > MAX_GLOB) return `a glob of ${glob.length} characters (at most ${MAX_GLOB})`;
  if (glob.startsWith('/')) return 'paths are relative to the package root: no leading "/"';
  if (glob.includes('\\')) return 'use "/" between path components';
  return null;
}

const isTestFileName = picomatch(TEST_FILE_GLOBS as string[], GLOB_OPTIONS);

/** True when `graphPath` is a test file under the `--no-tests` rule. */
export function isTestFile(graphPath: string): boolean {
  const parts = graphPath.split('/');
  const name = parts.pop()!;
  return parts.some((dir) => TEST_DIRECTORIES.includes(dir)) || isTestFileName(name);
}

/** The path and each of its leading directories: `a/b/c.py` gives `a`, `a/b`, `a/b/c.py`. */
function prefixes(parts: readonly string[]): string[] {
  return parts.map((_, i) => parts.slice(0, i + 1).join('/'));
}

/** A predicate for the files `rules` leave out; null when they leave out nothing. */
export function exclusionMatcher(rules: ExclusionRules): ((graphPath: string) => boolean) | null {
  const globs = rules.exclude ?? [];
  if (globs.length === 0 && rules.noTests !== true) return null;
  for (const glob of globs) {
    const problem = globProblem(glob);
    if (problem !== null) throw new Error(`--exclude ${JSON.stringify(glob)}: ${problem}`);
  }
  const componentGlobs = globs.filter((glob) => !glob.includes('/'));
  const pathGlobs = globs.filter((glob) => glob.includes('/')).map((glob) => glob.replace(/\/+$/, ''));
  const matchesComponent = componentGlobs.length > 0 ? picomatch(componentGlobs, GLOB_OPTIONS) : () => false;
  const matchesPath = pathGlobs.length > 0 ? picomatch(pathGlobs, GLOB_OPTIONS) : () => false;
  return (graphPath) => {
    if (rules.noTests === true && isTestFile(graphPath)) return true;
    const parts = graphPath.split('/');
    return parts.some((part) => matchesComponent(part)) || prefixes(parts).some((prefix) => matchesPath(prefix));
  };
}
