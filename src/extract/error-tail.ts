/**
 * The error text of a failed command (pip above all), kept bounded while the command runs: the
 * first lines that look like errors, then its last lines. The last lines alone often hide the
 * cause: a failed build's tail is pip's boilerplate and a traceback (`RuntimeError: autoconf
 * error`), while the cause (`configure: error: no acceptable C compiler found`, `fatal error:
 * Python.h: No such file or directory`) came earlier.
 */

export interface ErrorTailLimits {
  /** Error lines kept from before the last lines. */
  readonly errorLines: number;
  /** Last lines kept. */
  readonly lastLines: number;
  /** Characters kept of one line. */
  readonly lineChars: number;
}

export const DEFAULT_ERROR_TAIL: ErrorTailLimits = { errorLines: 8, lastLines: 15, lineChars: 300 };

/** `error:` (gcc, configure, distutils, pip), `Error` and `ERROR` as words, an exception (`OSError:`). */
const ERROR_LINE = /\berror:|\bError\b|\bERROR\b|[a-z]Error:|\bfatal\b/;
/** pip's own lines that say a subprocess failed, not why: they stay in the last lines if they are last. */
const PIP_BOILERPLATE = /^error: subprocess-exited-with-error$|^ERROR: Failed building wheel for |^ERROR: Could not build wheels for |^note: This error originates from a subprocess/;
/** Marks the lines left out between the error lines and the last ones. */
export const OMITTED = '[...]';

export class ErrorTail {
  private readonly errors: { line: string; index: number }[] = [];
  private readonly last: { line: string; index: number }[] = [];
  private readonly partial = new Map<string, string>();
  /** Blank lines not yet known to be followed by more (trailing ones are no part of the tail). */
  private blank: { line: string; index: number }[] = [];
  private lines = 0;

  constructor(private readonly limits: ErrorTailLimits = DEFAULT_ERROR_TAIL) {}

  /** Takes a chunk of the output of `source` (e.g. `stdout`, `stderr`: each has its own partial line). */
  push(chunk: string, source = 'out'): void {
    const parts = ((this.partial.get(source) ?? '') + chunk).split('\n');
    this.partial.set(source, parts.pop()!);
    for (const line of parts) this.addLine(line);
  }

  private addLine(raw: string): void {
    const line = raw.replace(/\r$/, '').slice(0, this.limits.lineChars);
    const entry = { line, index: this.lines++ };
    const text = line.trim();
    if (text === '') {
      this.blank.push(entry);
      return;
    }
    if (this.errors.length < this.limits.errorLines && ERROR_LINE.test(text) && !PIP_BOILERPLATE.test(text)) this.errors.push(entry);
    this.last.push(...this.blank.slice(-this.limits.lastLines), entry);
    this.blank = [];
    if (this.last.length > this.limits.lastLines) this.last.splice(0, this.last.length - this.limits.lastLines);
  }

  /** The error lines not among the last lines, `[...]` where lines were left out, and the last lines. */
  text(): string {
    for (const [source, rest] of this.partial) {
      if (rest !== '') this.addLine(rest);
      this.partial.set(source, '');
    }
    const firstLast = this.last[0]?.index ?? this.lines;
    const out: string[] = [];
    let next = 0;
    for (const { line, index } of this.errors) {
      if (index >= firstLast) break;
      if (index > next) out.push(OMITTED);
      out.push(line);
      next = index + 1;
    }
    if (firstLast > next) out.push(OMITTED);
    out.push(...this.last.map((entry) => entry.line));
    // No leading "[...]" when nothing at all was kept before the last lines.
    if (out[0] === OMITTED && this.errors.every((e) => e.index >= firstLast)) out.shift();
    return out.join('\n').trimEnd();
  }
}

/** The error tail of a whole text at once. */
export function errorTailOf(text: string, limits: ErrorTailLimits = DEFAULT_ERROR_TAIL): string {
  const tail = new ErrorTail(limits);
  tail.push(text);
  return tail.text();
}
