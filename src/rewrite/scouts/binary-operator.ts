/** Replacing a binary operator by each other binary operator. */
import type { CstNode } from '../../python/cst.js';
import { replaceText } from '../ops.js';
import { BINARY_OPERATORS } from '../operators.js';
import type { Scout } from './scout.js';

export function binaryOperatorScout(): Scout {
  return {
    visits: ['BinaryOperation'],
    enter(node, _parent, context) {
      const operator = node['operator'] as CstNode;
      const disabled = context.disabledOperators;
      if (disabled.has(operator.type)) return;
      for (const [type, token] of BINARY_OPERATORS) {
        if (type === operator.type || disabled.has(type)) continue;
        context.emit({ op: replaceText(operator.range!, token), scout: 'BinaryOperatorRewriteScout', anchor: node, metadata: null });
      }
    },
  };
}
