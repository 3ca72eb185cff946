/**
 * Parsing a fix record's function text. The text starts at the function's first character and keeps
 * its lines' original indentation, so a method (`column` > 0) does not parse on its own: it is parsed
 * inside `if True:` with its first line indented back to `column`, which keeps every line (multi-line
 * strings included) byte-identical.
 */
import type { CstNode } from '../python/cst.js';
import { parseModule } from '../python/parser/index.js';

export function parseFunction(text: string, column: number): CstNode {
  if (column === 0) return firstStatement(parseModule(text));
  const wrapper = firstStatement(parseModule(`if True:\n${' '.repeat(column)}${text}`));
  const body = wrapper['body'] as CstNode;
  return (body['body'] as CstNode[])[0]!;
}

function firstStatement(module: CstNode): CstNode {
  const body = module['body'] as CstNode[];
  if (body.length === 0) throw new SyntaxError('no statement');
  return body[0]!;
}
