/**
 * `and` ↔ `or`, and toggling a `not` in front of a name or call used as an `and`/`or` operand or as
 * an `if`/`while` test (only there can `not ` be added textually without parentheses).
 */
import type { CstNode } from '../../python/cst.js';
import { replaceText } from '../ops.js';
import type { Scout, ScoutContext } from './scout.js';

const SWAPPED: Readonly<Record<string, string>> = { And: 'or', Or: 'and' };

function isNegatable(node: CstNode): boolean {
  return node.type === 'Name' || node.type === 'Call';
}

function toggleNegation(test: CstNode, context: ScoutContext): void {
  let op;
  if (test.type === 'UnaryOperation' && (test['operator'] as CstNode).type === 'Not' && isNegatable(test['expression'] as CstNode)) {
    // Removes the four characters from `not` on, whatever they are (`not(x)` loses its `(`), as BugLab does.
    const start = (test['operator'] as CstNode).range!.start;
    op = replaceText({ start, end: { line: start.line, column: start.column + 4 } }, '');
  } else if (isNegatable(test)) {
    const start = test.range!.start;
    op = replaceText({ start, end: start }, 'not ');
  } else {
    return;
  }
  context.emit({ op, scout: 'BooleanOperatorRewriteScout', anchor: test, metadata: null });
}

export function booleanOperatorScout(): Scout {
  return {
    visits: ['BooleanOperation', 'If', 'While'],
    enter(node, _parent, context) {
      if (node.type !== 'BooleanOperation') {
        toggleNegation(node['test'] as CstNode, context);
        return;
      }
      const operator = node['operator'] as CstNode;
      const swapped = SWAPPED[operator.type];
      if (swapped !== undefined) {
        context.emit({ op: replaceText(operator.range!, swapped), scout: 'BooleanOperatorRewriteScout', anchor: node, metadata: null });
      }
      toggleNegation(node['left'] as CstNode, context);
      toggleNegation(node['right'] as CstNode, context);
    },
  };
}
