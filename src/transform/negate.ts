/**
 * BugLab's `NegateExpression`, as IfElseSwap applies it to a test: `and`/`or` exchanged (De Morgan)
 * with their operands negated, every comparison operator replaced by its opposite (LibCST's default
 * whitespace), `not x` → `x`, anything else `e` → `not e` with no parentheses added. Only boolean
 * operations are entered; a comparison chain is negated operator by operator, as BugLab does.
 */
import type { CstNode } from '../python/cst.js';
import { NODE_SCHEMA } from '../python/schema.js';
import { nodeField, whitespace } from './tree.js';

const OPPOSITE: Readonly<Record<string, string>> = {
  LessThan: 'GreaterThanEqual',
  GreaterThanEqual: 'LessThan',
  LessThanEqual: 'GreaterThan',
  GreaterThan: 'LessThanEqual',
  Equal: 'NotEqual',
  NotEqual: 'Equal',
  In: 'NotIn',
  NotIn: 'In',
  Is: 'IsNot',
  IsNot: 'Is',
};

/** A comparison operator of `type` with LibCST's default whitespace. */
function comparisonOperator(type: string): CstNode {
  const operator: Record<string, unknown> = { type, whitespace_before: whitespace(' '), whitespace_after: whitespace(' ') };
  if (type === 'NotIn' || type === 'IsNot') operator['whitespace_between'] = whitespace(' ');
  if (type === 'NotEqual') operator['value'] = '!=';
  return operator as CstNode;
}

export function notOf(expression: CstNode): CstNode {
  return { type: 'UnaryOperation', operator: { type: 'Not', whitespace_after: whitespace(' ') }, expression, lpar: [], rpar: [] };
}

function isExpression(node: CstNode): boolean {
  return NODE_SCHEMA[node.type]?.bases.includes('BaseExpression') === true;
}

/** The negation of `expression` (a new node; the input is not changed). */
export function negateExpression(expression: CstNode): CstNode {
  switch (expression.type) {
    case 'BooleanOperation': {
      const operator = nodeField(expression, 'operator');
      return {
        ...expression,
        left: negateExpression(nodeField(expression, 'left')),
        operator: { ...operator, type: operator.type === 'And' ? 'Or' : 'And' },
        right: negateExpression(nodeField(expression, 'right')),
      };
    }
    case 'Comparison':
      return {
        ...expression,
        comparisons: (expression['comparisons'] as CstNode[]).map((target) => ({
          ...target,
          operator: comparisonOperator(OPPOSITE[nodeField(target, 'operator').type]!),
        })),
      };
    case 'UnaryOperation':
      return nodeField(expression, 'operator').type === 'Not' ? nodeField(expression, 'expression') : notOf(expression);
    default:
      if (!isExpression(expression)) throw new Error(`cannot negate a ${expression.type}`);
      return notOf(expression);
  }
}
