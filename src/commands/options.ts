/** Option parsers shared by commands: commander hands over strings, these validate and convert. */
import { InvalidArgumentError } from 'commander';
import { globProblem } from '../samples/file-exclusion.js';

export function nonNegativeInteger(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('expected a whole number >= 0');
  return Number(value);
}

export function positiveInteger(value: string): number {
  const n = nonNegativeInteger(value);
  if (n === 0) throw new InvalidArgumentError('expected a whole number >= 1');
  return n;
}

/** A list of directories separated by the platform's path delimiter (':' on POSIX), as PYTHONPATH. */
export function directoryList(value: string): string[] {
  return value.split(':').filter((dir) => dir !== '');
}

/** `--max-file-cpu-seconds`: a number of seconds > 0, or 0 for no limit (then null). */
export function cpuSecondsLimit(value: string): number | null {
  if (!/^\d+(\.\d+)?$/.test(value)) throw new InvalidArgumentError('expected a number of seconds >= 0 (0: no limit)');
  const seconds = Number(value);
  return seconds === 0 ? null : seconds;
}

/** A repeatable `--exclude GLOB`: checked, then collected in the order given. */
export function excludeGlob(value: string, previous: string[]): string[] {
  const problem = globProblem(value);
  if (problem !== null) throw new InvalidArgumentError(problem);
  return [...previous, value];
}

export const EXCLUDE_HELP = 'leave out the files whose graph.path (relative to the package root) matches GLOB; a GLOB without "/" matches any file or directory name, one with "/" the path or a leading directory of it (repeatable; counted as skipped "excluded")';
export const NO_TESTS_HELP = 'leave out test files: any path with a directory named test, tests or testing, and files named test_*.py, *_test.py, *_tests.py, tests.py, conftest.py (counted as skipped "excluded")';
