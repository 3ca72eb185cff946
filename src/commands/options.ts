/** Option parsers shared by commands: commander hands over strings, these validate and convert. */
import { InvalidArgumentError } from 'commander';

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
