/**
 * Scopes and qualified names exactly as LibCST 1.8.2 computes them (`ScopeProvider`,
 * `QualifiedNameProvider`, with `ExpressionContextProvider` deciding stores), because BugLab's data
 * flow and its rewrite scouts read these facts and the golden data follows them, quirks included.
 *
 * Usage (one `FileAnalysis` per parsed file; computed once, lazily):
 *
 *   const facts = file.get(scopesProvider);
 *   facts.qualifiedNames(nameOrAttributeOrFunctionDefName)  // QualifiedName[] sorted by (name, source)
 *   facts.scopeOf(node)           // the Scope LibCST assigns to the node, undefined if none (e.g.
 *                                 // `Attribute.attr`, keyword names of calls, names inside imports)
 *   facts.statementOf(node)       // nearest enclosing statement (LibCST `BaseStatement`)
 *
 * A `Scope` (see scope.ts) has:
 *   - `kind`: 'global' | 'function' (also lambdas) | 'class' | 'comprehension' ('builtin' only as
 *     the module's parent); `parent` (the module's parent is the builtin scope, whose parent is
 *     itself); `node` (the `FunctionDef`/`Lambda`/`ClassDef`/comprehension that opens it); `name`;
 *     `namePrefix` (`f.<locals>`, `C`, `f.<locals>.<comprehension>`, '' at module level).
 *   - `assignments`: Map name → Assignment[] in the order the scope first recorded each name
 *     (parameters first for functions); `ownAssignments(name)` = LibCST's `scope.assignments[name]`.
 *     An `Assignment` has `kind` ('local' | 'import' | 'builtin'), `name`, `scope`, `node` (the
 *     `Name` target, `Param`, `FunctionDef`, `ClassDef`, or `Import`/`ImportFrom` statement), `index`.
 *     Bindings redirected by `global`/`nonlocal` are recorded in the declaring outer scope.
 *   - `accessesByName` / `accessesByNode`: Access objects (`node`, `scope`, `referents`).
 *   - `lookup(name)` = LibCST's `scope[name]` (every visible binding, earlier or later);
 *     `contains(name)` = `name in scope`; `qualifiedNamesFor(nodeOrString)` =
 *     `scope.get_qualified_names_for(...)`.
 *
 * For a binding's statement and line (the scouts' "bound on an earlier line" rules):
 * `facts.statementOf(assignment.node!).range!.start.line`.
 *
 * After a rewrite inside one outermost function, `functionScopeFacts(original, originalDef,
 * rewrittenFile, rewrittenDef)` gives the rewritten function's facts from the original file's
 * analysis at a cost that follows the function (equal to a whole-file rebuild for its nodes).
 *
 * Not reproduced (unobservable by BugLab's passes and scouts): string annotations, and the
 * annotation/type-hint flags of accesses.
 */
import type { CstNode } from '../../python/cst.js';
import type { Provider } from '../analysis.js';
import { parentsProvider, type ParentInfo } from '../parents.js';
import type { FileAnalysis } from '../analysis.js';
import { buildScopes, rebuildFunctionScopes, type BuiltScopes } from './builder.js';
import { sortQualifiedNames, type Access, type QualifiedName, type Scope } from './scope.js';
import { isStatementType } from './statements.js';

export { Access, Assignment, Scope, sortQualifiedNames } from './scope.js';
export type { QualifiedName, QualifiedNameSource, ScopeKind } from './scope.js';
export { fullNameOf } from './names.js';

export interface ScopeFacts {
  /** The module's scope. */
  readonly globalScope: Scope;
  /** All scopes in creation order (module first). */
  readonly scopes: readonly Scope[];
  /** The scope LibCST's `ScopeProvider` gives `node`, or undefined where LibCST gives none. */
  scopeOf(node: CstNode): Scope | undefined;
  /** LibCST's `QualifiedNameProvider` for `node`, sorted by (name, source); empty without a scope. */
  qualifiedNames(node: CstNode): readonly QualifiedName[];
  /** The nearest enclosing statement (`SimpleStatementLine` or compound statement) of `node`, or `node` itself. */
  statementOf(node: CstNode): CstNode;
}

const NO_NAMES: readonly QualifiedName[] = [];

/** The build behind each module's facts, for rebuilding one function later. */
const builds = new WeakMap<ScopeFacts, BuiltScopes>();

export const scopesProvider: Provider<ScopeFacts> = {
  name: 'scopes',
  compute(file) {
    const built = buildScopes(file.module);
    const facts = factsOf(file, built);
    builds.set(facts, built);
    return facts;
  },
};

/**
 * The scope facts of one rewritten outermost function, at a cost that follows the function: equal,
 * for the nodes inside `functionDef`, to the facts of the whole rewritten file. `original` is the
 * analysed file and `originalFunctionDef` the function there; `rewrittenFile` holds `functionDef`.
 * Only the nodes of `functionDef` have facts.
 */
export function functionScopeFacts(
  original: FileAnalysis,
  originalFunctionDef: CstNode,
  rewrittenFile: FileAnalysis,
  functionDef: CstNode,
): ScopeFacts {
  const built = builds.get(original.get(scopesProvider))!;
  return factsOf(rewrittenFile, rebuildFunctionScopes(built, originalFunctionDef, functionDef));
}

function factsOf(file: FileAnalysis, built: BuiltScopes): ScopeFacts {
  const { globalScope, scopes, scopeOf, outsideAccesses, bindingStatements } = built;
  const qualifiedCache = new Map<CstNode, readonly QualifiedName[]>();
  let parents: Map<CstNode, ParentInfo> | undefined;
  return {
      globalScope,
      scopes,
      scopeOf: (node) => scopeOf.get(node),
      qualifiedNames(node) {
        let names = qualifiedCache.get(node);
        if (names === undefined) {
          const scope = scopeOf.get(node);
          const outside = outsideAccesses.get(node);
          if (outside !== undefined) names = namesOfAccesses(outside);
          else names = scope === undefined ? NO_NAMES : scope.qualifiedNamesFor(node);
          qualifiedCache.set(node, names);
        }
        return names;
      },
      statementOf(node) {
        // A binding's statement was noted by the walk; other nodes walk up the parents.
        const known = bindingStatements.get(node);
        if (known !== undefined) return known;
        parents ??= file.get(parentsProvider);
        let current: CstNode | undefined = node;
        while (current !== undefined && !isStatementType(current.type)) {
          current = parents.get(current)?.parent;
        }
        return current ?? node;
      },
  };
}

/** Qualified names of an access node from what its accesses refer to (as `Scope.qualifiedNamesFor`). */
function namesOfAccesses(accesses: readonly Access[]): QualifiedName[] {
  const names: QualifiedName[] = [];
  for (const access of accesses) {
    for (const referent of access.referents) {
      for (const q of referent.qualifiedNamesFor(referent.name)) {
        if (!names.some((n) => n.name === q.name && n.source === q.source)) names.push(q);
      }
    }
  }
  return sortQualifiedNames(names);
}
