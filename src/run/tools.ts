/**
 * The external programs bugmine runs (debootstrap, tar, git, python3): finding them on PATH before
 * work starts, and turning a spawn's ENOENT into a one-line error that names the missing program
 * and what to do, instead of an internal error with a stack trace.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';
import { UserError } from '../errors.js';

/** The executable `program` resolves to on `PATH` (or itself when it holds a slash), or null. */
export function findOnPath(program: string, path = process.env['PATH'] ?? ''): string | null {
  const candidates = program.includes('/') ? [program] : path.split(delimiter).filter((dir) => dir !== '').map((dir) => join(dir, program));
  for (const candidate of candidates) {
    try {
      if (!statSync(candidate).isFile()) continue;
      accessSync(candidate, constants.X_OK);
      return isAbsolute(candidate) ? candidate : join(process.cwd(), candidate);
    } catch {
      // not here
    }
  }
  return null;
}

export class MissingToolError extends UserError {
  constructor(readonly tool: string, hint: string) {
    super(`${tool} not found${tool.includes('/') ? '' : ' on PATH'}: ${hint}`);
    this.name = 'MissingToolError';
  }
}

/** Throws MissingToolError unless `program` is on PATH. */
export function requireTool(program: string, hint: string): void {
  if (findOnPath(program) === null) throw new MissingToolError(program, hint);
}

/** The program a failed spawn could not find (`spawn git ENOENT`), or null for any other error. */
export function missingProgramOf(error: unknown): string | null {
  if (!(error instanceof Error)) return null;
  const errno = error as NodeJS.ErrnoException & { path?: string };
  if (errno.code === 'ENOENT' && typeof errno.syscall === 'string' && errno.syscall.startsWith('spawn')) return errno.path ?? errno.syscall.replace(/^spawn\s*/, '');
  return /\bspawn (\S+) ENOENT\b/.exec(error.message)?.[1] ?? null;
}
