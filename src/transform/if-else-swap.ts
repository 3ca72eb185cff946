/**
 * BugLab's `IfElseSwap`: `if t: A else: B` → `if <not t>: B else: A` (also the last `elif` of a
 * chain that ends in `else`), and `x if c else y` → `y if <not c> else x`, negated by
 * `negateExpression` and with no parentheses added, so the result may mean something else or not
 * parse (BugLab's behaviour, kept). Post-order: inner ones are swapped first. Where LibCST's node
 * validation would refuse the new node (`if(a):` → `ifnot (a)`), a `TransformError` is thrown.
 */
import type { CstNode } from '../python/cst.js';
import type { Chooser } from './chooser.js';
import { negateExpression } from './negate.js';
import { TransformError } from './errors.js';
import { listField, nodeField, type Transformer } from './tree.js';

type Side = 'left' | 'right';

const BRACKETED = new Set(['List', 'Tuple', 'Set', 'Dict', 'ListComp', 'SetComp', 'DictComp', 'GeneratorExp', 'ConcatenatedString', 'FormattedString']);

/**
 * Whether `node` may touch a keyword on its `side` without whitespace (LibCST's
 * `_safe_to_use_with_word_operator`, for the expressions a test or branch can be).
 */
function safeBesideWord(node: CstNode, side: Side): boolean {
  if (Array.isArray(node['lpar']) && listField(node, 'lpar').length > 0) return true;
  if (BRACKETED.has(node.type)) return true;
  switch (node.type) {
    case 'SimpleString':
      return side === 'left' || /^["']/.test(node['value'] as string);
    case 'Comparison': {
      const targets = listField(node, 'comparisons');
      return side === 'right' ? safeBesideWord(nodeField(node, 'left'), side) : safeBesideWord(nodeField(targets[targets.length - 1]!, 'comparator'), side);
    }
    case 'BooleanOperation':
    case 'BinaryOperation':
      return safeBesideWord(nodeField(node, side === 'right' ? 'left' : 'right'), side);
    case 'UnaryOperation':
      return side === 'right' ? nodeField(node, 'operator').type !== 'Not' : safeBesideWord(nodeField(node, 'expression'), side);
    case 'Call':
      return side === 'left' || safeBesideWord(nodeField(node, 'func'), side);
    case 'Subscript':
      return side === 'left' || safeBesideWord(nodeField(node, 'value'), side);
    case 'Attribute':
      return side === 'right' && safeBesideWord(nodeField(node, 'value'), side);
    default:
      return false;
  }
}

function isEmptyWhitespace(node: CstNode): boolean {
  return node.type === 'SimpleWhitespace' && node['value'] === '';
}

function requireSpace(at: CstNode, whitespace: CstNode, neighbour: CstNode, side: Side, message: string): void {
  if (isEmptyWhitespace(whitespace) && !safeBesideWord(neighbour, side)) {
    throw new TransformError(`IfElseSwap: CSTValidationError: ${message}`, at.range?.start.line ?? null);
  }
}

function swapIf(node: CstNode): CstNode {
  const orelse = nodeField(node, 'orelse');
  const test = negateExpression(nodeField(node, 'test'));
  requireSpace(node, nodeField(node, 'whitespace_before_test'), test, 'right', "Must have at least one space after 'if' keyword.");
  return {
    ...node,
    test,
    body: nodeField(orelse, 'body'),
    orelse: { type: 'Else', body: nodeField(node, 'body'), leading_lines: orelse['leading_lines'], whitespace_before_colon: orelse['whitespace_before_colon'] },
  };
}

function swapIfExp(node: CstNode): CstNode {
  const test = negateExpression(nodeField(node, 'test'));
  const body = nodeField(node, 'orelse');
  const orelse = nodeField(node, 'body');
  requireSpace(node, nodeField(node, 'whitespace_before_if'), body, 'left', "Must have at least one space before 'if' keyword.");
  requireSpace(node, nodeField(node, 'whitespace_after_if'), test, 'right', "Must have at least one space after 'if' keyword.");
  requireSpace(node, nodeField(node, 'whitespace_before_else'), test, 'left', "Must have at least one space before 'else' keyword.");
  requireSpace(node, nodeField(node, 'whitespace_after_else'), orelse, 'right', "Must have at least one space after 'else' keyword.");
  return { ...node, test, body, orelse };
}

export function ifElseSwap(chooser: Chooser): Transformer {
  return {
    leave(_original, updated) {
      if (updated.type === 'If') {
        const orelse = updated['orelse'] as CstNode | null;
        return orelse !== null && orelse.type === 'Else' && chooser.take() ? swapIf(updated) : updated;
      }
      if (updated.type === 'IfExp') return chooser.take() ? swapIfExp(updated) : updated;
      return updated;
    },
  };
}
