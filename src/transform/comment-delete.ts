/**
 * BugLab's `CommentDelete`: end-of-line comments (those held in a `TrailingWhitespace`: after code,
 * after a header's `:`, at a line end inside brackets) and string statements (a line whose only
 * statement is a plain or parenthesised string, docstrings included, with the lines just above it)
 * are removed with probability p; comments on their own line are kept, and removed only with
 * probability 1 − p, BugLab's reversed test. Blank lines stay. An emptied block prints `pass`.
 */
import type { CstNode } from '../python/cst.js';
import type { Chooser } from './chooser.js';
import { hasType, listField, REMOVE, type Transformer } from './tree.js';

/** A statement line holding nothing but one string expression: `"doc"`, `b"x"`, `("x")`. */
function isStringStatement(line: CstNode): boolean {
  const body = listField(line, 'body');
  return body.length === 1 && hasType(body[0], 'Expr') && hasType(body[0]['value'], 'SimpleString');
}

export function commentDelete(chooser: Chooser): Transformer {
  return {
    leave(original, updated) {
      switch (updated.type) {
        case 'Comment':
          return chooser.take() ? REMOVE : updated;
        case 'EmptyLine':
          // BugLab returns the original line (its comment included) unless `random() > p`.
          if (original['comment'] === null) return original;
          return chooser.probability < 1 && chooser.random.next() > chooser.probability ? REMOVE : original;
        case 'SimpleStatementLine':
          return isStringStatement(updated) && chooser.take() ? REMOVE : updated;
        default:
          return updated;
      }
    },
  };
}
