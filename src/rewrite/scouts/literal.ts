/**
 * Swapping small integer literals among -2..2 and toggling `True`/`False`. A negative literal is a
 * `UnaryOperation` (`-` over an `Integer`) and is proposed as a whole; an integer directly under a
 * `UnaryOperation` or a `Param` is not proposed on its own (`+1` is never proposed: it could not be
 * told apart from `1` when reverting).
 */
import type { CstNode } from '../../python/cst.js';
import { replaceText } from '../ops.js';
import { SWAPPABLE_INTEGERS } from '../operators.js';
import type { Scout, ScoutContext } from './scout.js';

/**
 * Python's `int(text)` for the text of an `Integer` node, or null where `int()` raises (`0x1`,
 * `0o7`, `0b1`). Only values in -2..2 matter, so big values just need to stay out of that range.
 */
export function pythonIntOfLiteral(text: string): number | null {
  if (!/^[0-9](?:_?[0-9])*$/.test(text)) return null;
  const digits = text.replace(/_/g, '').replace(/^0+(?=.)/, '');
  return digits.length > 3 ? Number.MAX_SAFE_INTEGER : Number(digits);
}

function proposeInteger(value: number | null, node: CstNode, context: ScoutContext): void {
  if (value === null || !SWAPPABLE_INTEGERS.includes(value)) return;
  for (const target of SWAPPABLE_INTEGERS) {
    if (target === value) continue;
    context.emit({ op: replaceText(node.range!, String(target)), scout: 'LiteralRewriteScout', anchor: node, metadata: null });
  }
}

export function literalScout(): Scout {
  return {
    visits: ['UnaryOperation', 'Integer', 'Name'],
    enter(node, parent, context) {
      if (node.type === 'UnaryOperation') {
        const expression = node['expression'] as CstNode;
        if ((node['operator'] as CstNode).type === 'Minus' && expression.type === 'Integer') {
          const value = pythonIntOfLiteral(expression['value'] as string);
          proposeInteger(value === null ? null : -value, node, context);
        }
        return;
      }
      if (parent !== null && (parent.type === 'Param' || (node.type === 'Integer' && parent.type === 'UnaryOperation'))) return;
      if (node.type === 'Integer') {
        proposeInteger(pythonIntOfLiteral(node['value'] as string), node, context);
        return;
      }
      const value = node['value'];
      if (value === 'True' || value === 'False') {
        const replacement = value === 'True' ? 'False' : 'True';
        context.emit({ op: replaceText(node.range!, replacement), scout: 'LiteralRewriteScout', anchor: node, metadata: null });
      }
    },
  };
}
