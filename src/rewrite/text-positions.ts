/** Conversions between LibCST positions (1-based lines split at `\n`, code-point columns) and string offsets. */
import type { Position } from '../python/cst.js';

/** Offset of the start of 1-based `line`, or -1 if the text has no such line. */
export function lineStartOffset(text: string, line: number): number {
  if (line < 1) return -1;
  let offset = 0;
  for (let current = 1; current < line; current++) {
    const newline = text.indexOf('\n', offset);
    if (newline === -1) return -1;
    offset = newline + 1;
  }
  return offset < text.length ? offset : -1;
}

/** End offset (exclusive, `\n` included) of the line starting at `start`. */
export function lineEndOffset(text: string, start: number): number {
  const newline = text.indexOf('\n', start);
  return newline === -1 ? text.length : newline + 1;
}

/** UTF-16 offset of code-point `column` counted from `from`, clamped to `limit` (Python slice semantics). */
export function advanceCodePoints(text: string, from: number, limit: number, column: number): number {
  let offset = from;
  for (let n = 0; n < column && offset < limit; n++) {
    const c = text.charCodeAt(offset);
    offset += c >= 0xd800 && c <= 0xdbff && offset + 1 < limit && isLowSurrogate(text.charCodeAt(offset + 1)) ? 2 : 1;
  }
  return offset;
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

/** Number of code points in `text` (a lone surrogate counts as one, as in Python). */
export function codePointLength(text: string): number {
  let n = text.length;
  for (let k = 0; k + 1 < text.length; k++) {
    const c = text.charCodeAt(k);
    if (c >= 0xd800 && c <= 0xdbff && isLowSurrogate(text.charCodeAt(k + 1))) {
      n--;
      k++;
    }
  }
  return n;
}

/** String offset of a position, given `lineStarts(text)`; columns beyond the line are clamped to its end. */
export function offsetOf(text: string, starts: readonly number[], position: Position): number {
  const start = starts[position.line - 1];
  if (start === undefined) throw new RangeError(`line ${position.line} is beyond the end of the text`);
  return advanceCodePoints(text, start, lineEndOffset(text, start), position.column);
}
