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
