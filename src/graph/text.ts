/**
 * Text of a code range, as BugLab's `get_text_in_range` cuts it: the file is split into lines after
 * each `\n`, columns count Unicode code points, and a column past the end of its line stops at the
 * line end (its `\n` included).
 */
import type { CodeRange } from '../python/cst.js';

/** Offsets (UTF-16) at which each line starts; entry 0 is line 1. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  let at = text.indexOf('\n');
  while (at !== -1) {
    starts.push(at + 1);
    at = text.indexOf('\n', at + 1);
  }
  return starts;
}

/**
 * The UTF-16 offset of (line, column in code points), clamped to the line (newline included);
 * lines past the end give the text length.
 */
export function offsetOf(text: string, starts: readonly number[], line: number, column: number): number {
  if (line < 1) return 0;
  if (line > starts.length) return text.length;
  const lineStart = starts[line - 1]!;
  const lineEnd = line < starts.length ? starts[line]! : text.length;
  let offset = lineStart;
  for (let remaining = column; remaining > 0 && offset < lineEnd; remaining--) {
    const code = text.charCodeAt(offset);
    // A surrogate pair is one code point.
    offset += code >= 0xd800 && code <= 0xdbff && offset + 1 < lineEnd ? 2 : 1;
  }
  return offset;
}

/** The text of `range` (BugLab's `graph.text`). Pass `starts` when cutting many ranges of one file. */
export function textInRange(text: string, range: CodeRange, starts: readonly number[] = lineStarts(text)): string {
  const from = offsetOf(text, starts, range.start.line, range.start.column);
  const to = offsetOf(text, starts, range.end.line, range.end.column);
  return to > from ? text.slice(from, to) : '';
}
