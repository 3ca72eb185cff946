/**
 * BugLab's `MirrorComparisons`: `a < b` → `b > a`, chains of any length reversed (`0 <= a <= 10` →
 * `10 >= a >= 0`), each new operator keeping the whitespace of the one it replaces; comparisons
 * with `is`, `is not`, `in` or `not in` stay. Post-order, so nested comparisons are mirrored first.
 */
import type { CstNode } from '../python/cst.js';
import type { Chooser } from './chooser.js';
import { listField, nodeField, type Transformer } from './tree.js';

const MIRROR: Readonly<Record<string, string>> = {
  LessThan: 'GreaterThan',
  GreaterThan: 'LessThan',
  LessThanEqual: 'GreaterThanEqual',
  GreaterThanEqual: 'LessThanEqual',
  Equal: 'Equal',
  NotEqual: 'NotEqual',
};

export function mirrorComparison(comparison: CstNode): CstNode {
  const targets = listField(comparison, 'comparisons');
  if (targets.some((target) => MIRROR[nodeField(target, 'operator').type] === undefined)) return comparison;
  const operands = [nodeField(comparison, 'left'), ...targets.map((target) => nodeField(target, 'comparator'))];
  const mirrored: CstNode[] = [];
  for (let i = targets.length - 1; i >= 0; i--) {
    const operator = nodeField(targets[i]!, 'operator');
    mirrored.push({ type: 'ComparisonTarget', operator: { ...operator, type: MIRROR[operator.type]! }, comparator: operands[i]! });
  }
  return { ...comparison, left: operands[operands.length - 1]!, comparisons: mirrored };
}

/** Mirrors each comparison when `chooser.take()` says so (always at probability 1). */
export function mirrorComparisons(chooser: Chooser): Transformer {
  return {
    leave: (_original, updated) => (updated.type === 'Comparison' && chooser.take() ? mirrorComparison(updated) : updated),
  };
}
