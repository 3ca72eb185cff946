/**
 * Replacing a use (read or write) of a local variable of a function or comprehension by another
 * local variable of that scope. Both must be bound on an earlier line than the statement of the use
 * (BugLab's rough use-before-definition guard); `self` is never replaced nor offered; names in
 * parameter lists are skipped.
 */
import { scopesProvider, type Scope, type ScopeFacts } from '../../graph/scopes/index.js';
import { replaceText } from '../ops.js';
import type { Scout } from './scout.js';

const EXCLUDED_NAME = 'self';

function localQualifiedName(scope: Scope, name: string): string | null {
  let found: string | null = null;
  for (const qualified of scope.qualifiedNamesFor(name)) if (qualified.source === 'LOCAL') found = qualified.name;
  return found;
}

/** Per-file caches of the scope facts the scout asks for at every name (names repeat a lot). */
class ScopeQueries {
  private readonly misuses = new Map<Scope, PossibleMisuses>();
  private readonly firstLines = new Map<Scope, Map<string, number>>();
  private readonly eligible = new Map<Scope, Map<string, boolean>>();

  constructor(private readonly facts: ScopeFacts) {}

  /**
   * Whether a use of `name` in `scope` is considered at all: it resolves to a local symbol and none
   * of the bindings it sees is at module level.
   */
  isEligible(scope: Scope, name: string): boolean {
    let byName = this.eligible.get(scope);
    if (byName === undefined) this.eligible.set(scope, (byName = new Map()));
    let result = byName.get(name);
    if (result === undefined) {
      result = localQualifiedName(scope, name) !== null && !scope.lookup(name).some((assignment) => assignment.scope.kind === 'global');
      byName.set(name, result);
    }
    return result;
  }

  /**
   * The first line of the statements binding `name` in `scope` itself (Infinity if none): "bound on
   * an earlier line than L" is then one comparison.
   */
  firstBindingLine(scope: Scope, name: string): number {
    let byName = this.firstLines.get(scope);
    if (byName === undefined) this.firstLines.set(scope, (byName = new Map()));
    let line = byName.get(name);
    if (line === undefined) {
      line = Infinity;
      for (const assignment of scope.ownAssignments(name)) {
        line = Math.min(line, this.facts.statementOf(assignment.node!).range!.start.line);
      }
      byName.set(name, line);
    }
    return line;
  }

  /**
   * Every name the scope binds that resolves to a local symbol, with its qualified name and first
   * binding line, in the order the scope recorded them; a comprehension adds its enclosing scope's
   * names (a name bound in both keeps its position and takes the outer qualified name, as Python's
   * `dict.update` does).
   */
  possibleMisuses(scope: Scope): PossibleMisuses {
    let misuses = this.misuses.get(scope);
    if (misuses !== undefined) return misuses;
    const qualifiedByName = new Map<string, string>();
    for (const name of scope.assignments.keys()) {
      if (name === EXCLUDED_NAME || qualifiedByName.has(name)) continue;
      const qualified = localQualifiedName(scope, name);
      if (qualified !== null) qualifiedByName.set(name, qualified);
    }
    if (scope.kind === 'comprehension') {
      const outer = this.possibleMisuses(scope.parent);
      for (let i = 0; i < outer.names.length; i++) qualifiedByName.set(outer.names[i]!, outer.qualified[i]!);
    }
    const names = [...qualifiedByName.keys()];
    misuses = {
      byName: qualifiedByName,
      names,
      qualified: [...qualifiedByName.values()],
      // Each name's own first binding line in `scope` (not the outer one's for a comprehension).
      firstLines: names.map((name) => this.firstBindingLine(scope, name)),
    };
    this.misuses.set(scope, misuses);
    return misuses;
  }
}

/** The names a use may be replaced by, as parallel arrays (one pass, no lookups, per use). */
interface PossibleMisuses {
  /** Qualified name by name, in order. */
  readonly byName: ReadonlyMap<string, string>;
  readonly names: readonly string[];
  readonly qualified: readonly string[];
  readonly firstLines: readonly number[];
}

export function variableMisuseScout(): Scout {
  // BugLab switches the scout off on entering any `Parameters` and on again on leaving one, so the
  // rest of an outer parameter list after a lambda's parameters is considered again.
  let enabled = true;
  let facts: ScopeFacts | undefined;
  let queries: ScopeQueries | undefined;
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
      queries ??= new ScopeQueries(facts);
      const scope = facts.scopeOf(node);
      if (scope === undefined || (scope.kind !== 'function' && scope.kind !== 'comprehension')) return;
      if (!queries.isEligible(scope, value)) return;
      const line = context.statement!.range!.start.line;
      if (!(queries.firstBindingLine(scope, value) < line)) return;
      const { byName, names, qualified, firstLines } = queries.possibleMisuses(scope);
      if (!byName.has(value)) return;
      for (let i = 0; i < names.length; i++) {
        const name = names[i]!;
        if (name === value || !(firstLines[i]! < line)) continue;
        context.emit({ op: replaceText(node.range!, name), scout: 'VariableMisuseRewriteScout', anchor: node, metadata: qualified[i]! });
      }
    },
  };
}
