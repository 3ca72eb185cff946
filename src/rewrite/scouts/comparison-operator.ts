/**
 * Replacing a comparison operator by the others of its group. Word operators (`in`, `not in`, `is`,
 * `is not`) are replaced together with one column on each side, by the replacement with a space on
 * each side; BugLab assumes single spaces there and does not check.
 */
import type { CstNode } from '../../python/cst.js';
import { replaceText } from '../ops.js';
import { COMPARISON_GROUPS, COMPARISON_OPERATORS } from '../operators.js';
import type { Scout } from './scout.js';

export function comparisonOperatorScout(): Scout {
  return {
    visits: ['ComparisonTarget'],
    enter(target, _parent, context) {
      const operator = target['operator'] as CstNode;
      const current = COMPARISON_OPERATORS[operator.type];
      const group = COMPARISON_GROUPS.find((g) => g.includes(operator.type));
      if (current === undefined || group === undefined) throw new Error(`unknown comparison operator ${operator.type}`);
      const { start, end } = operator.range!;
      const range = current[1]
        ? { start: { line: start.line, column: start.column - 1 }, end: { line: end.line, column: end.column + 1 } }
        : operator.range!;
      for (const type of group) {
        if (type === operator.type) continue;
        const [token, word] = COMPARISON_OPERATORS[type]!;
        const replacement = word ? ` ${token} ` : token;
        context.emit({ op: replaceText(range, replacement), scout: 'ComparisonOperatorRewriteScout', anchor: target, metadata: null });
      }
    },
  };
}
