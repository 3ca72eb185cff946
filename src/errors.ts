import { EXIT } from './exit-codes.js';

/**
 * An error meant for the user: the CLI prints its message as one line (no stack trace) and exits
 * with `exitCode`. Anything else that escapes is a bug and is printed with its stack.
 */
export class UserError extends Error {
  constructor(message: string, readonly exitCode: number = EXIT.usage) {
    super(message);
    this.name = 'UserError';
  }
}

/** The one-line error for an input file the user named that cannot be read. */
export function cannotRead(path: string, error: unknown): UserError {
  return new UserError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
}
