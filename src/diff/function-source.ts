/**
 * Parsing one function's source text on its own (a fix record's `before`/`after`: from `def` to the
 * end of the body, methods indented as in their file), with positions as in the file it came from.
 */
import type { CstNode } from '../python/cst.js';
import { parseModule } from '../python/index.js';
import { findFunctions } from '../graph/functions.js';

/**
 * The `FunctionDef` of `text`, a function that starts at `start` (1-based line, 0-based column) of
 * its file: the text is placed there (blank lines before it, and an `if 1:` block around a function
 * that is indented), so every range of the tree is the range in the file. Throws `ParseError`.
 */
export function parseFunctionText(text: string, start: { line: number; column: number }): CstNode {
  const column = Math.max(0, start.column);
  const line = Math.max(1, start.line);
  let source: string;
  if (column === 0) {
    source = '\n'.repeat(line - 1) + text + '\n';
  } else {
    source = '\n'.repeat(Math.max(0, line - 2)) + 'if 1:\n' + ' '.repeat(column) + text + '\n';
  }
  const module = parseModule(source);
  const found = findFunctions(module)[0];
  if (found === undefined) throw new Error('the text holds no function');
  return found.node;
}
