/**
 * Replacing a use (read or write) of a local variable of a function or comprehension by another
 * local variable of that scope. Both must be bound on an earlier line than the statement of the use
 * (BugLab's rough use-before-definition guard); `self` is never replaced nor offered; names in
 * parameter lists are skipped.
 */
import { scopesProvider, type Scope, type ScopeFacts } from '../../graph/scopes/index.js';
import type { CstNode } from '../../python/cst.js';
import { replaceText } from '../ops.js';
import type { Scout } from './scout.js';

const EXCLUDED_NAME = 'self';

function localQualifiedName(scope: Scope, name: string): string | null {
  let found: string | null = null;
  for (const qualified of scope.qualifiedNamesFor(name)) if (qualified.source === 'LOCAL') found = qualified.name;
  return found;
}

/**
 * Every name the scope binds that resolves to a local symbol, with its qualified name, in the order
 * the scope recorded them; a comprehension adds its enclosing scope's names (a name bound in both
 * keeps its position and takes the outer qualified name, as Python's `dict.update` does).
 */
function possibleMisuses(scope: Scope, cache: Map<Scope, Map<string, string>>): Map<string, string> {
  let names = cache.get(scope);
  if (names !== undefined) return names;
  names = new Map();
  for (const name of scope.assignments.keys()) {
    if (name === EXCLUDED_NAME || names.has(name)) continue;
    const qualified = localQualifiedName(scope, name);
    if (qualified !== null) names.set(name, qualified);
  }
  if (scope.kind === 'comprehension') {
    for (const [name, qualified] of possibleMisuses(scope.parent, cache)) names.set(name, qualified);
  }
  cache.set(scope, names);
  return names;
}

function boundBeforeLine(scope: Scope, name: string, line: number, facts: ScopeFacts): boolean {
  for (const assignment of scope.ownAssignments(name)) {
    if (facts.statementOf(assignment.node!).range!.start.line < line) return true;
  }
  return false;
}

export function variableMisuseScout(): Scout {
  // BugLab switches the scout off on entering any `Parameters` and on again on leaving one, so the
  // rest of an outer parameter list after a lambda's parameters is considered again.
  let enabled = true;
  let facts: ScopeFacts | undefined;
  const misuseCache = new Map<Scope, Map<string, string>>();
  return {
    visits: ['Name', 'Parameters'],
    leaves: ['Parameters'],
    leave() {
      enabled = true;
    },
    enter(node, _parent, context) {
      if (node.type === 'Parameters') {
        enabled = false;
        return;
      }
      const value = node['value'] as string;
      if (!enabled || value === EXCLUDED_NAME) return;
      facts ??= context.file.get(scopesProvider);
      const scope = facts.scopeOf(node);
      if (scope === undefined) return;
      if (scope.kind !== 'function' && scope.kind !== 'comprehension') return;
      if (localQualifiedName(scope, value) === null) return;
      if (scope.lookup(value).some((assignment) => assignment.scope.kind === 'global')) return;
      const line = facts.statementOf(node).range!.start.line;
      if (!boundBeforeLine(scope, value, line, facts)) return;
      const candidates = possibleMisuses(scope, misuseCache);
      if (!candidates.has(value)) return;
      for (const [name, qualified] of candidates) {
        if (name === value || !boundBeforeLine(scope, name, line, facts)) continue;
        context.emit({ op: replaceText(node.range!, name), scout: 'VariableMisuseRewriteScout', anchor: node, metadata: qualified });
      }
    },
  };
}
