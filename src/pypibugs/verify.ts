/**
 * Fix verification: the recorded fix, applied to the buggy file, must give the fixed file's text
 * where the commit changed it. The line's `diff` (hunks without file headers) locates the change:
 * the hunk whose old side covers the fix's first line says which lines of the buggy file (old side)
 * correspond to which lines of the fixed file (new side). Only that hunk is compared, because a
 * fixing commit may change other parts of the file too. The comparison is token-wise: layout and
 * comments are not changes, so a fix that also changed a space still verifies.
 */
import parseDiff from 'parse-diff';
import { tokenize } from '../python/index.js';
import type { Token } from '../python/token.js';
import type { RewriteOp } from '../rewrite/ops.js';

export type Verification = { readonly verified: true } | { readonly verified: false; readonly details: string };

interface Hunk {
  readonly oldStart: number;
  readonly oldLines: number;
  readonly newStart: number;
  readonly newLines: number;
}

/** The hunks of a diff text; a diff that does not parse gives none. */
export function diffHunks(diff: string): Hunk[] {
  try {
    return parseDiff(diff).flatMap((file) => file.chunks.map(({ oldStart, oldLines, newStart, newLines }) => ({ oldStart, oldLines, newStart, newLines })));
  } catch {
    return [];
  }
}

function hunkCovering(hunks: readonly Hunk[], line: number): Hunk | undefined {
  return hunks.find((h) => line >= h.oldStart && line < h.oldStart + Math.max(h.oldLines, 1));
}

/** Lines `[start, start + count)` (1-based) of `text`, split on `\n`. */
function lineSlice(lines: readonly string[], start: number, count: number): string[] {
  return lines.slice(start - 1, start - 1 + count);
}

function countLines(text: string): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/**
 * Compares the hunk of `diff` around `op` in `repairedText` (the buggy file with the fix applied)
 * with the same hunk in `fixedText` (the file at the fixing commit). Both texts are newline-normalised.
 */
export function verifyFix(buggyText: string, repairedText: string, fixedText: string, op: RewriteOp, diff: string): Verification {
  const line = op.range.start.line;
  const hunk = hunkCovering(diffHunks(diff), line);
  if (hunk === undefined) return { verified: false, details: `the diff has no hunk at line ${line}` };
  // The fix may change the number of lines (an argument swap across lines): the hunk grows with it.
  const repairedCount = hunk.oldLines + countLines(repairedText) - countLines(buggyText);
  const repaired = lineSlice(repairedText.split('\n'), hunk.oldStart, repairedCount);
  const fixed = lineSlice(fixedText.split('\n'), hunk.newStart, hunk.newLines);
  const length = Math.max(repaired.length, fixed.length);
  if (repaired.length === fixed.length && repaired.every((l, i) => l === fixed[i])) return { verified: true };
  if (sameCodeTokens(repairedText, hunk.oldStart, repairedCount, fixedText, hunk.newStart, hunk.newLines)) return { verified: true };
  for (let i = 0; i < length; i++) {
    if (repaired[i] !== fixed[i]) {
      return {
        verified: false,
        details: `after the fix, buggy line ${hunk.oldStart + i} is ${JSON.stringify(repaired[i] ?? null)}, the fixed file's line ${hunk.newStart + i} is ${JSON.stringify(fixed[i] ?? null)}`,
      };
    }
  }
  return { verified: true };
}

/** The code tokens (no comments, no non-logical newlines; indentation by kind) starting on lines `[start, start + count)`. */
function codeTokensOfLines(tokens: readonly Token[], start: number, count: number): string[] {
  const out: string[] = [];
  for (const t of tokens) {
    if (t.startLine < start || t.startLine >= start + count) continue;
    if (t.kind === 'COMMENT' || t.kind === 'NL' || t.kind === 'ENDMARKER') continue;
    out.push(t.kind === 'INDENT' || t.kind === 'DEDENT' || t.kind === 'NEWLINE' ? t.kind : `${t.kind} ${t.text}`);
  }
  return out;
}

/** Whether two line spans hold the same code tokens (false when either text does not tokenize). */
function sameCodeTokens(aText: string, aStart: number, aCount: number, bText: string, bStart: number, bCount: number): boolean {
  try {
    const a = codeTokensOfLines(tokenize(aText), aStart, aCount);
    const b = codeTokensOfLines(tokenize(bText), bStart, bCount);
    return a.length === b.length && a.every((t, i) => t === b[i]);
  } catch {
    return false;
  }
}
