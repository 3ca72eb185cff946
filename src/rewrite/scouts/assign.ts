/**
 * Replacing an augmented-assignment operator by each other one and by `=`, and the `=` of a
 * single-target assignment by each augmented operator — unless the target is a plain name with no
 * binding in its scope on an earlier line (a first assignment, where `x += 1` would be a use before
 * definition).
 */
import { scopesProvider } from '../../graph/scopes/index.js';
import type { CstNode } from '../../python/cst.js';
import { replaceText } from '../ops.js';
import { AUGMENTED_OPERATORS } from '../operators.js';
import { codePointLength } from '../text-positions.js';
import type { Scout, ScoutContext } from './scout.js';

function emitAugmentedAssign(node: CstNode, context: ScoutContext): void {
  const operator = node['operator'] as CstNode;
  const disabled = context.disabledOperators;
  if (disabled.has(operator.type)) return;
  const range = operator.range!;
  for (const [type, token] of AUGMENTED_OPERATORS) {
    if (type === operator.type || disabled.has(type)) continue;
    context.emit({ op: replaceText(range, token), scout: 'AssignRewriteScout', anchor: node, metadata: null });
  }
  context.emit({ op: replaceText(range, '='), scout: 'AssignRewriteScout', anchor: node, metadata: null });
}

/** BugLab's rough use-before-definition test: a binding of `name` in its scope starts on an earlier line than `assign`. */
function boundOnEarlierLine(name: CstNode, assign: CstNode, context: ScoutContext): boolean {
  const facts = context.file.get(scopesProvider);
  const scope = facts.scopeOf(name);
  if (scope === undefined) throw new Error(`no scope for assignment target ${String(name['value'])}`);
  const line = assign.range!.start.line;
  for (const assignment of scope.ownAssignments(name['value'] as string)) {
    if (assignment.node === null) return true;
    if (assignment.node.range!.start.line < line) return true;
  }
  return false;
}

function emitPlainAssign(node: CstNode, context: ScoutContext): void {
  const targets = node['targets'] as CstNode[];
  if (targets.length !== 1) return;
  const target = targets[0]!;
  const expression = target['target'] as CstNode;
  if (expression.type === 'Name' && !boundOnEarlierLine(expression, node, context)) return;
  const end = target.range!.end;
  const whitespace = (target['whitespace_before_equal'] as CstNode)['value'];
  const column = end.column + (typeof whitespace === 'string' ? codePointLength(whitespace) : 0);
  const range = { start: { line: end.line, column }, end: { line: end.line, column: column + 1 } };
  for (const [type, token] of AUGMENTED_OPERATORS) {
    if (context.disabledOperators.has(type)) continue;
    context.emit({ op: replaceText(range, token), scout: 'AssignRewriteScout', anchor: node, metadata: null });
  }
}

export function assignScout(): Scout {
  return {
    visits: ['AugAssign', 'Assign'],
    enter(node, _parent, context) {
      if (node.type === 'AugAssign') emitAugmentedAssign(node, context);
      else emitPlainAssign(node, context);
    },
  };
}
