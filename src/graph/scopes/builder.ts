/**
 * Builds the scopes of one module by walking it in the order of LibCST 1.8.2's `ScopeVisitor`
 * (which decides the assignment indices and the order names are first recorded), then resolves the
 * deferred accesses as its `infer_accesses` does.
 *
 * Not reproduced, because neither BugLab's passes nor its scouts can observe it: parsing of string
 * annotations (their accesses attach to the string node) and the annotation/type-hint flags of
 * accesses.
 */
import type { CstNode } from '../../python/cst.js';
import { CONTENT_PROPERTIES } from '../content-fields.js';
import { fullNameOf } from './names.js';
import { Access, Scope } from './scope.js';
import { isStatementType } from './statements.js';

/** Nodes after which LibCST advances the assignment counter of the current scope. */
const ASSIGNMENT_LIKE = new Set([
  'AnnAssign', 'AsName', 'Assign', 'AugAssign', 'ClassDef', 'CompFor', 'FunctionDef', 'Global', 'Import',
  'ImportFrom', 'NamedExpr', 'Nonlocal', 'Parameters', 'WithItem', 'TypeVar', 'TypeAlias', 'TypeVarTuple', 'ParamSpec',
]);

const COMPREHENSIONS = new Set(['ListComp', 'SetComp', 'DictComp', 'GeneratorExp']);

/** What the walk asks of each node type, in one lookup per node. */
interface TypeFacts {
  readonly statement: boolean;
  readonly assignmentLike: boolean;
  readonly comprehension: boolean;
  /** The child properties that can hold a non-whitespace node, in visiting order. */
  readonly properties: readonly string[];
}

const TYPE_FACTS: ReadonlyMap<string, TypeFacts> = new Map(
  [...CONTENT_PROPERTIES].map(([type, properties]) => [
    type,
    { statement: isStatementType(type), assignmentLike: ASSIGNMENT_LIKE.has(type), comprehension: COMPREHENSIONS.has(type), properties },
  ]),
);

function typeFacts(type: string): TypeFacts {
  const facts = TYPE_FACTS.get(type);
  if (facts === undefined) throw new Error(`unknown CST node type ${type}`);
  return facts;
}

export interface BuiltScopes {
  readonly globalScope: Scope;
  /** Every scope in creation order (module first; builtins not included). */
  readonly scopes: Scope[];
  /** The scope LibCST's `ScopeProvider` assigns to each node it visits. */
  readonly scopeOf: Map<CstNode, Scope>;
  /** Per `FunctionDef`, the assignment counter of its enclosing scope when the walk reached it. */
  readonly enclosingCountAt: Map<CstNode, number>;
  /** Whether the module imports from `typing` (LibCST skips `NewType`/`TypeVar` names). */
  readonly typingImported: boolean;
  /**
   * A rebuild of one function only: accesses made in scopes outside the function (parameter
   * defaults and annotations), kept here so that the outside scopes stay untouched.
   */
  readonly outsideAccesses: Map<CstNode, Access[]>;
  /**
   * The node of every binding the walk recorded, with its nearest enclosing statement (the node
   * itself for a `FunctionDef`/`ClassDef`): `ScopeFacts.statementOf` without a map of parents.
   */
  readonly bindingStatements: Map<CstNode, CstNode>;
}

/** Rebuilding the scopes of one function inside an already analysed module. */
interface FunctionRebuild {
  /** The scope that encloses the function (from the analysis of the original module). */
  readonly enclosing: Scope;
  /** Its assignment counter when the original walk reached the function. */
  readonly enclosingCount: number;
  readonly typingImported: boolean;
}

interface DeferredAccess {
  readonly access: Access;
  readonly name: string;
  readonly enclosingAttribute: CstNode | null;
}

/** LibCST's `_gen_dotted_names`: (dotted name, node spelling it), longest first. */
function* dottedNames(node: CstNode): Generator<[string, CstNode]> {
  if (node.type === 'Name') {
    yield [node['value'] as string, node];
    return;
  }
  let value = node['value'] as CstNode;
  if (value.type === 'Call') {
    value = value['func'] as CstNode;
    if (value.type === 'Attribute' || value.type === 'Name') yield* dottedNames(value);
    return;
  }
  if (value.type === 'Attribute' || value.type === 'Name') {
    const inner = dottedNames(value);
    const first = inner.next();
    if (first.done) return;
    yield [`${first.value[0]}.${(node['attr'] as CstNode)['value'] as string}`, node];
    yield first.value;
    yield* inner;
  }
}

/**
 * LibCST's `ExpressionContextProvider`, as far as the builder needs it (is a `Name` stored to?): the
 * context is LOAD at statement level and changes only at the fields below, so the walk carries it.
 */
type ExpressionContext = 'LOAD' | 'STORE' | 'DEL';

export function buildScopes(module: CstNode): BuiltScopes {
  return walkScopes(module, null);
}

/**
 * The scopes of `functionDef` (a rewritten copy of an outermost function of an analysed module)
 * as a whole-module build of the rewritten module would give them, without touching the module's
 * analysis: the function's own scopes are new; names outside are resolved in the original
 * scopes, whose bindings a rewrite inside the function cannot change (rewrites replace operators,
 * literals, arguments and local names only).
 */
export function rebuildFunctionScopes(original: BuiltScopes, originalFunctionDef: CstNode, functionDef: CstNode): BuiltScopes {
  const enclosing = original.scopeOf.get(originalFunctionDef);
  const enclosingCount = original.enclosingCountAt.get(originalFunctionDef);
  if (enclosing === undefined || enclosingCount === undefined) throw new Error('not a function of the analysed module');
  const saved = enclosing.assignmentCount;
  try {
    return walkScopes(functionDef, { enclosing, enclosingCount, typingImported: original.typingImported });
  } finally {
    enclosing.assignmentCount = saved;
  }
}

function walkScopes(root: CstNode, rebuild: FunctionRebuild | null): BuiltScopes {
  let context: ExpressionContext = 'LOAD';
  let typingImported = rebuild?.typingImported ?? false;
  const builtins = rebuild === null ? new Scope('builtin', null, null) : null;
  const globalScope = rebuild === null ? new Scope('global', builtins, null, null) : rebuild.enclosing.globals;
  const scopes: Scope[] = rebuild === null ? [globalScope] : [];
  const newScopes = new Set<Scope>(scopes);
  const scopeOf = new Map<CstNode, Scope>();
  const enclosingCountAt = new Map<CstNode, number>();
  const outsideAccesses = new Map<CstNode, Access[]>();
  const bindingStatements = new Map<CstNode, CstNode>();
  const deferred: DeferredAccess[] = [];
  /** The nearest statement enclosing (or being) the node visited, as the walk descends. */
  let statement: CstNode | null = null;
  const attributeStack: (CstNode | null)[] = [null];
  let scope = rebuild?.enclosing ?? globalScope;
  if (rebuild !== null) scope.assignmentCount = rebuild.enclosingCount;

  /** Records a binding, except (in a rebuild) in the untouched scopes outside the function. */
  const bind = (name: string, node: CstNode, kind: 'local' | 'import' = 'local'): void => {
    if (rebuild !== null && !newScopes.has(scope.assignmentTarget(name))) return;
    scope.recordAssignment(name, node, kind);
    bindingStatements.set(node, isStatementType(node.type) ? node : (statement ?? node));
  };

  const newScope = (kind: 'function' | 'class' | 'comprehension', node: CstNode, name: string | null, body: () => void): void => {
    const outer = scope;
    scope = new Scope(kind, outer, node, name);
    scopes.push(scope);
    newScopes.add(scope);
    try {
      body();
    } finally {
      scope = outer;
    }
  };

  const visitField = (node: CstNode, field: string): void => {
    const value = node[field];
    if (Array.isArray(value)) {
      for (const item of value as CstNode[]) visit(item);
    } else if (value !== null && value !== undefined && typeof value === 'object') {
      visit(value as CstNode);
    }
  };

  const visitFieldIn = (node: CstNode, field: string, fieldContext: ExpressionContext): void => {
    const outer = context;
    context = fieldContext;
    const value = node[field];
    if (Array.isArray(value)) {
      for (const item of value as CstNode[]) visit(item);
    } else if (value !== null && value !== undefined && typeof value === 'object') {
      visit(value as CstNode);
    }
    context = outer;
  };

  const visitImport = (node: CstNode): void => {
    const names = node['names'];
    if (!Array.isArray(names)) return;
    for (const alias of names as CstNode[]) {
      scopeOf.set(alias, scope);
      const asName = alias['asname'] as CstNode | null;
      const bound = asName !== null ? (asName['name'] as CstNode) : (alias['name'] as CstNode);
      const imported = node.type === 'ImportFrom' ? (node['module'] as CstNode | null) : (alias['name'] as CstNode);
      if (imported !== null && fullNameOf(imported)?.startsWith('typing')) typingImported = true;
      for (const [name] of dottedNames(bound)) bind(name, node, 'import');
    }
  };

  /** Whether a call is `typing.NewType`/`typing.TypeVar` (first argument skipped by LibCST). */
  const callSkipsFirstArgument = (call: CstNode): boolean => {
    const name = fullNameOf(call);
    if (name === null || (!typingImported && !name.startsWith('typing.'))) return false;
    return scope.qualifiedNamesFor(call).some((q) => q.name === 'typing.NewType' || q.name === 'typing.TypeVar');
  };

  const visitComprehension = (node: CstNode): void => {
    const forIn = node['for_in'] as CstNode;
    visitField(forIn, 'iter');
    scopeOf.set(forIn, scope);
    newScope('comprehension', node, null, () => {
      visitFieldIn(forIn, 'target', 'STORE');
      scope.assignmentCount++;
      visitField(forIn, 'ifs');
      visitField(forIn, 'inner_for_in');
      if (node.type === 'DictComp') {
        visitField(node, 'key');
        visitField(node, 'value');
      } else {
        visitField(node, 'elt');
      }
    });
  };

  /**
   * Visits `node` (LibCST `on_visit` … `on_leave`). One function with the dispatch inline (and
   * plain loops rather than callbacks), so that each nesting level costs one or two stack frames
   * and the deepest expressions the parser accepts (2,000 levels) fit on the default stack.
   */
  const visit = (node: CstNode): void => {
    const facts = typeFacts(node.type);
    const outerStatement = statement;
    if (facts.statement) statement = node;
    // biome-ignore lint/suspicious/noConfusingLabels: `break dispatch` skips the generic child walk after a handled case.
    dispatch: {
      switch (node.type) {
        case 'Import':
        case 'ImportFrom':
          visitImport(node);
          break dispatch;
        case 'Attribute': {
          const top = attributeStack.length - 1;
          if (attributeStack[top] === null) attributeStack[top] = node;
          const outer = context;
          context = 'LOAD';
          visit(node['value'] as CstNode);
          context = outer;
          if (attributeStack[top] === node) attributeStack[top] = null;
          break dispatch;
        }
        case 'Call': {
          attributeStack.push(null);
          const args = node['args'] as CstNode[];
          const skipFirst = callSkipsFirstArgument(node);
          visit(node['func'] as CstNode);
          for (let i = skipFirst ? 1 : 0; i < args.length; i++) visit(args[i]!);
          attributeStack.pop();
          break dispatch;
        }
        case 'Name': {
          if (context === 'STORE') {
            bind(node['value'] as string, node);
          } else {
            deferred.push({
              access: new Access(node, scope, scope.assignmentCount),
              name: node['value'] as string,
              enclosingAttribute: attributeStack[attributeStack.length - 1]!,
            });
          }
          break dispatch;
        }
        case 'FunctionDef': {
          const name = node['name'] as CstNode;
          enclosingCountAt.set(node, scope.assignmentCount);
          if (node !== root) bind(name['value'] as string, node);
          scopeOf.set(name, scope);
          newScope('function', node, name['value'] as string, () => {
            visitField(node, 'params');
            visitField(node, 'body');
          });
          // The decorators of a rebuilt function are outside its range (and its sample).
          if (node !== root) visitField(node, 'decorators');
          visitField(node, 'returns');
          break dispatch;
        }
        case 'Lambda':
          newScope('function', node, null, () => {
            visitField(node, 'params');
            visitField(node, 'body');
          });
          break dispatch;
        case 'Param': {
          const name = node['name'] as CstNode;
          bind(name['value'] as string, node);
          scopeOf.set(name, scope);
          const inner = scope;
          scope = inner.parent;
          try {
            visitField(node, 'default');
            visitField(node, 'annotation');
          } finally {
            scope = inner;
          }
          break dispatch;
        }
        case 'Arg':
          visitField(node, 'value');
          break dispatch;
        case 'ClassDef': {
          const name = node['name'] as CstNode;
          bind(name['value'] as string, node);
          scopeOf.set(name, scope);
          visitField(node, 'decorators');
          visitField(node, 'bases');
          visitField(node, 'keywords');
          newScope('class', node, name['value'] as string, () => {
            visitField(node['body'] as CstNode, 'body');
          });
          break dispatch;
        }
        case 'Global':
        case 'Nonlocal':
          for (const item of node['names'] as CstNode[]) {
            const name = (item['name'] as CstNode)['value'] as string;
            if (node.type === 'Global') {
              if (scope.isLocal) scope.overwrites.set(name, scope.globals);
            } else if (scope.isLocal) {
              scope.overwrites.set(name, scope.parent);
            }
          }
          break dispatch;
        case 'For':
          visitFieldIn(node, 'target', 'STORE');
          scope.assignmentCount++;
          visitField(node, 'iter');
          visitField(node, 'body');
          visitField(node, 'orelse');
          visitField(node, 'asynchronous');
          break dispatch;
        case 'Assign':
          visitFieldIn(node, 'targets', 'STORE');
          visitField(node, 'value');
          break dispatch;
        case 'AnnAssign':
          visitFieldIn(node, 'target', 'STORE');
          visitField(node, 'annotation');
          visitField(node, 'value');
          break dispatch;
        case 'AugAssign':
        case 'NamedExpr':
          visitFieldIn(node, 'target', 'STORE');
          visitField(node, 'value');
          break dispatch;
        case 'AsName':
          visitFieldIn(node, 'name', 'STORE');
          break dispatch;
        case 'CompFor':
          visitField(node, 'asynchronous');
          visitFieldIn(node, 'target', 'STORE');
          visitField(node, 'iter');
          visitField(node, 'ifs');
          visitField(node, 'inner_for_in');
          break dispatch;
        case 'Del':
          visitFieldIn(node, 'target', 'DEL');
          break dispatch;
        case 'Subscript':
          visitFieldIn(node, 'value', 'LOAD');
          visitFieldIn(node, 'slice', 'LOAD');
          break dispatch;
        default:
          if (facts.comprehension) {
            visitComprehension(node);
            break dispatch;
          }
          // The children in visiting order; whitespace is only ever held by the fields left out.
          for (const property of facts.properties) {
            const value = node[property];
            if (value === null || typeof value !== 'object') continue;
            if (Array.isArray(value)) {
              for (let i = 0; i < value.length; i++) visit(value[i] as CstNode);
            } else {
              visit(value as CstNode);
            }
          }
      }
    }
    scopeOf.set(node, scope);
    if (facts.assignmentLike) scope.assignmentCount++;
    statement = outerStatement;
  };

  visit(root);
  inferAccesses(deferred, rebuild === null ? null : { newScopes, outsideAccesses });
  return { globalScope, scopes, scopeOf, enclosingCountAt, typingImported, outsideAccesses, bindingStatements };
}

/** LibCST's `infer_accesses`: bind every access to the assignments it may read. */
function inferAccesses(
  deferred: DeferredAccess[],
  rebuild: { newScopes: ReadonlySet<Scope>; outsideAccesses: Map<CstNode, Access[]> } | null,
): void {
  for (const { access, enclosingAttribute } of deferred) {
    let name = access.node['value'] as string;
    if (enclosingAttribute !== null) {
      for (const [dotted, node] of dottedNames(enclosingAttribute)) {
        if (access.scope.contains(dotted)) {
          access.node = node;
          name = dotted;
          break;
        }
      }
    }
    recordReferents(access, name);
    if (rebuild === null || rebuild.newScopes.has(access.scope)) {
      access.scope.recordAccess(name, access);
    } else {
      let list = rebuild.outsideAccesses.get(access.node);
      if (list === undefined) rebuild.outsideAccesses.set(access.node, (list = []));
      list.push(access);
    }
  }
}

/** LibCST's `Access.record_assignments`. */
function recordReferents(access: Access, name: string): void {
  const scope = access.scope;
  const assignments = scope.resolveForAccess(name, scope);
  let previous = assignments.filter((a) => a.scope !== scope || a.index < access.index);
  if (previous.length === 0 && assignments.length > 0 && scope.parent !== scope) {
    previous = scope.parent.resolveForAccess(name, scope);
  }
  for (const assignment of previous) {
    if (!access.referents.includes(assignment)) access.referents.push(assignment);
  }
}
