/**
 * The scope model of LibCST 1.8.2's `ScopeProvider` (scopes, assignments, accesses, qualified names),
 * with the same lookup rules, including LibCST's quirks, because BugLab's data flow and scouts read
 * these facts directly. Where LibCST keeps Python sets, this model keeps insertion order.
 */
import type { CstNode } from '../../python/cst.js';
import { BUILTIN_NAMES } from './builtins.js';
import { fullNameOf } from './names.js';

export type ScopeKind = 'builtin' | 'global' | 'function' | 'class' | 'comprehension';

/** Where a qualified name comes from (LibCST's `QualifiedNameSource`, declared in this order). */
export type QualifiedNameSource = 'IMPORT' | 'BUILTIN' | 'LOCAL';

const SOURCE_RANK: Record<QualifiedNameSource, number> = { IMPORT: 1, BUILTIN: 2, LOCAL: 3 };

export interface QualifiedName {
  /** E.g. `os.path.join`, `f.<locals>.x`, `f.<locals>.<comprehension>.i`, `C.m`. */
  readonly name: string;
  readonly source: QualifiedNameSource;
}

/** The order the golden data uses for the qualified names of one node: by (name, source). */
export function sortQualifiedNames(names: QualifiedName[]): QualifiedName[] {
  return names.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : SOURCE_RANK[a.source] - SOURCE_RANK[b.source]));
}

function addUnique(into: QualifiedName[], items: readonly QualifiedName[]): void {
  for (const item of items) {
    if (!into.some((q) => q.name === item.name && q.source === item.source)) into.push(item);
  }
}

/** One binding of a name in a scope (LibCST's `Assignment` / `ImportAssignment` / `BuiltinAssignment`). */
export class Assignment {
  constructor(
    readonly kind: 'local' | 'import' | 'builtin',
    /** The bound name; dotted for `import a.b` (which binds `a.b` and `a`). */
    readonly name: string,
    /** The scope that owns the binding (for `global x`/`nonlocal x` the declaring outer scope). */
    readonly scope: Scope,
    /**
     * The node LibCST records: the `Name` of a plain assignment target, `for`/`with`/`except` target
     * or walrus target; the `Param`; the `FunctionDef`/`ClassDef`; the `Import`/`ImportFrom`
     * statement. Null for builtins.
     */
    readonly node: CstNode | null,
    /** Order of the binding within its scope (LibCST's `_index`; -1 for builtins). */
    readonly index: number,
  ) {}

  /** LibCST's `get_qualified_names_for(full_name)` of this assignment. */
  qualifiedNamesFor(fullName: string): QualifiedName[] {
    if (this.kind === 'builtin') return [{ name: `builtins.${this.name}`, source: 'BUILTIN' }];
    if (this.kind === 'local') {
      const prefix = this.scope.namePrefix;
      return [{ name: prefix ? `${prefix}.${fullName}` : fullName, source: 'LOCAL' }];
    }
    return importQualifiedNames(this.node!, fullName);
  }
}

function importQualifiedNames(statement: CstNode, fullName: string): QualifiedName[] {
  let module = '';
  if (statement.type === 'ImportFrom') {
    const moduleNode = statement['module'] as CstNode | null;
    if (moduleNode !== null) module = fullNameOf(moduleNode) ?? '';
    const relative = statement['relative'] as CstNode[];
    if (relative.length > 0) module = '.'.repeat(relative.length) + module;
  }
  const names = statement['names'];
  if (!Array.isArray(names)) return [];
  const results: QualifiedName[] = [];
  for (const alias of names as CstNode[]) {
    const realName = fullNameOf(alias['name'] as CstNode);
    if (!realName) continue;
    const parts = realName.split('.');
    for (let i = parts.length; i > 0; i--) {
      let real = parts.slice(0, i).join('.');
      let asName = real;
      if (module && module.endsWith('.')) real = `${module}${real}`;
      else if (module) real = `${module}.${real}`;
      const asNameNode = alias['asname'] as CstNode | null;
      if (asNameNode !== null) {
        const aliasName = asNameNode['name'] as CstNode;
        if (aliasName.type === 'Name') asName = aliasName['value'] as string;
      }
      if (fullName.startsWith(asName)) {
        let remaining = fullName.slice(asName.length);
        if (remaining && !remaining.startsWith('.')) continue;
        remaining = remaining.replace(/^\.+/, '');
        addUnique(results, [{ name: remaining ? `${real}.${remaining}` : real, source: 'IMPORT' }]);
        break;
      }
    }
  }
  return results;
}

/** A read (or `del`) of a name (LibCST's `Access`). */
export class Access {
  /** Assignments the access may refer to (LibCST's `referents`), in resolution order. */
  readonly referents: Assignment[] = [];

  constructor(
    /** The `Name`, or for a dotted access of an imported name the `Attribute` that spells it. */
    public node: CstNode,
    readonly scope: Scope,
    /** The scope's assignment counter when the access was seen. */
    readonly index: number,
  ) {}
}

/** True when `node` is (part of) the binding recorded at `assignmentNode` (LibCST's `_is_assignment`). */
function isAssignmentOf(node: CstNode, assignmentNode: CstNode | null): boolean {
  if (node === assignmentNode) return true;
  if (assignmentNode === null || (assignmentNode.type !== 'Import' && assignmentNode.type !== 'ImportFrom')) return false;
  const aliases = assignmentNode['names'];
  if (!Array.isArray(aliases)) return false;
  for (const alias of aliases as CstNode[]) {
    if (alias['name'] === node) return true;
    const asName = alias['asname'] as CstNode | null;
    if (asName !== null && asName['name'] === node) return true;
  }
  return false;
}

export class Scope {
  /** Bindings by name, names in the order the scope first recorded them (parameters first). */
  readonly assignments = new Map<string, Assignment[]>();
  /** Accesses resolved in this scope, by the name they were resolved under. */
  readonly accessesByName = new Map<string, Access[]>();
  /** Accesses by their node (a `Name` or `Attribute`). */
  readonly accessesByNode = new Map<CstNode, Access[]>();
  /** LibCST's `_assignment_count`. */
  assignmentCount = 0;
  /** `global`/`nonlocal` declarations: name → the scope it is redirected to. */
  readonly overwrites = new Map<string, Scope>();
  readonly namePrefix: string;
  readonly globals: Scope;
  readonly parent: Scope;

  constructor(
    readonly kind: ScopeKind,
    parent: Scope | null,
    /** The node that opens the scope (`FunctionDef`, `Lambda`, `ClassDef`, comprehension); null for module and builtins. */
    readonly node: CstNode | null,
    /** The function or class name; null for lambdas, comprehensions, module and builtins. */
    readonly name: string | null = null,
    globals?: Scope,
  ) {
    this.parent = parent ?? this;
    this.globals = globals ?? (kind === 'global' ? this : this.parent.globals);
    const parentPrefix = parent === null || kind === 'global' ? '' : parent.namePrefix;
    const join = (...parts: (string | null)[]): string => parts.filter((p) => p).join('.');
    if (kind === 'function') this.namePrefix = join(parentPrefix, name, '<locals>');
    else if (kind === 'class') this.namePrefix = join(parentPrefix, name);
    else if (kind === 'comprehension') this.namePrefix = join(parentPrefix, '<comprehension>');
    else this.namePrefix = '';
  }

  get isLocal(): boolean {
    return this.kind === 'function' || this.kind === 'class' || this.kind === 'comprehension';
  }

  // ---- recording (used while building) ----

  recordAssignment(name: string, node: CstNode, kind: 'local' | 'import' = 'local'): Assignment {
    const target = this.assignmentTarget(name);
    const assignment = new Assignment(kind, name, target, node, target.assignmentCount);
    let list = target.assignments.get(name);
    if (list === undefined) target.assignments.set(name, (list = []));
    list.push(assignment);
    return assignment;
  }

  /** The scope a binding of `name` made here is recorded in (`global`/`nonlocal` redirect it). */
  assignmentTarget(name: string): Scope {
    if (this.kind === 'builtin') throw new Error('assignments in builtin scope are not allowed');
    if (this.isLocal) {
      const overwrite = this.overwrites.get(name);
      if (overwrite !== undefined) return this.nextVisibleParent(this, overwrite).assignmentTarget(name);
    }
    return this;
  }

  recordAccess(name: string, access: Access): void {
    let byName = this.accessesByName.get(name);
    if (byName === undefined) this.accessesByName.set(name, (byName = []));
    byName.push(access);
    let byNode = this.accessesByNode.get(access.node);
    if (byNode === undefined) this.accessesByNode.set(access.node, (byNode = []));
    byNode.push(access);
  }

  // ---- lookup (LibCST's semantics) ----

  /** Class scopes hide their names from nested scopes. */
  private visibleFromChildren(): boolean {
    return this.kind !== 'class';
  }

  nextVisibleParent(_from: Scope, first?: Scope): Scope {
    let parent = first ?? this.parent;
    while (!parent.visibleFromChildren()) parent = parent.parent;
    return parent;
  }

  /** `name in scope`: whether any binding of `name` is visible from this scope. */
  contains(name: string): boolean {
    if (this.kind === 'builtin') return BUILTIN_NAMES.has(name);
    if (this.isLocal) {
      const overwrite = this.overwrites.get(name);
      if (overwrite !== undefined) return overwrite.contains(name);
    }
    const own = this.assignments.get(name);
    if (own !== undefined && own.length > 0) return true;
    return this.nextVisibleParent(this).contains(name);
  }

  /** `scope[name]`: every binding of `name` visible from this scope (all of them, earlier or later). */
  lookup(name: string): Assignment[] {
    return this.resolveForAccess(name, this);
  }

  resolveForAccess(name: string, from: Scope): Assignment[] {
    if (this.kind === 'builtin') {
      const own = this.assignments.get(name);
      if (own !== undefined) return own;
      if (BUILTIN_NAMES.has(name)) {
        const list = [new Assignment('builtin', name, this, null, -1)];
        this.assignments.set(name, list);
        return list;
      }
      return [];
    }
    if (this.isLocal) {
      const overwrite = this.overwrites.get(name);
      if (overwrite !== undefined) return this.nextVisibleParent(from, overwrite).resolveForAccess(name, from);
    }
    const own = this.assignments.get(name);
    if (own !== undefined) return own;
    return this.nextVisibleParent(from).resolveForAccess(name, from);
  }

  /**
   * LibCST's `Scope.get_qualified_names_for`: for an access node the names of what it refers to;
   * otherwise (assignment targets, definitions, attribute chains, plain strings) the names derived
   * from the longest dotted prefix bound in this scope. Sorted by (name, source).
   */
  qualifiedNamesFor(node: CstNode | string): QualifiedName[] {
    if (typeof node !== 'string') {
      const accesses = this.accessesByNode.get(node);
      if (accesses !== undefined && accesses.length > 0) {
        const result: QualifiedName[] = [];
        for (const access of accesses) {
          for (const referent of access.referents) addUnique(result, referent.qualifiedNamesFor(referent.name));
        }
        return sortQualifiedNames(result);
      }
    }
    const fullName = typeof node === 'string' ? node : fullNameOf(node);
    if (fullName === null) return [];
    let assignments: Assignment[] = [];
    let prefix: string | null = fullName;
    while (prefix) {
      if (this.contains(prefix)) {
        assignments = this.lookup(prefix);
        break;
      }
      const dot = prefix.lastIndexOf('.');
      prefix = dot === -1 ? null : prefix.slice(0, dot);
    }
    if (typeof node !== 'string') {
      for (const assignment of assignments) {
        if (assignment.kind !== 'builtin' && isAssignmentOf(node, assignment.node)) {
          return sortQualifiedNames(assignment.qualifiedNamesFor(fullName));
        }
      }
    }
    const result: QualifiedName[] = [];
    for (const assignment of assignments) addUnique(result, assignment.qualifiedNamesFor(fullName));
    return sortQualifiedNames(result);
  }

  /** The bindings of `name` recorded in this scope itself (LibCST's `scope.assignments[name]`). */
  ownAssignments(name: string): readonly Assignment[] {
    return this.assignments.get(name) ?? [];
  }
}
