/**
 * What each scope binds, for call resolution: the definitions, imports and assignments of a
 * module, class or function body, collected once per scope (nested defs and classes are bindings,
 * their bodies are their own scopes, built lazily).
 */
import type { CstNode, Position } from '../../python/cst.js';
import { is, typed, type Node } from '../../python/nodes.js';
import { contentProperties } from '../content-fields.js';

export type Binding =
  | { readonly kind: 'def'; readonly node: CstNode; readonly conditional: boolean; readonly start: Position }
  | { readonly kind: 'class'; readonly node: CstNode; readonly conditional: boolean; readonly start: Position }
  /** `import a.b` binds `a` to module `a`; `import a.b as c` binds `c` to module `a.b`. */
  | { readonly kind: 'import'; readonly module: string; readonly conditional: boolean; readonly start: Position }
  /** `from .m import name`: `level` leading dots. */
  | { readonly kind: 'from'; readonly module: string; readonly name: string; readonly level: number; readonly conditional: boolean; readonly start: Position }
  | { readonly kind: 'assign'; readonly value: CstNode; readonly conditional: boolean; readonly start: Position }
  /** `with ctx as name`: the result of `ctx.__enter__()`. */
  | { readonly kind: 'enter'; readonly context: CstNode; readonly conditional: boolean; readonly start: Position }
  /** `for name in iter`: the loop variable takes the elements of `iter`. */
  | { readonly kind: 'element'; readonly iter: CstNode; readonly conditional: boolean; readonly start: Position }
  /** A parameter of the function: its position in the parameter list (`self` is 0 for a method). */
  | { readonly kind: 'param'; readonly index: number; readonly node: CstNode; readonly conditional: false; readonly start: Position }
  /** Bound, but in a way not followed (loop targets, `with` names, augmented assignments, ...). */
  | { readonly kind: 'other'; readonly conditional: boolean; readonly start: Position };

export type ScopeKind = 'module' | 'class' | 'function';

export abstract class Scope {
  readonly names = new Map<string, Binding[]>();
  readonly globals = new Set<string>();
  /** Modules of `from m import *` (absolute names; relative ones resolved against the module). */
  readonly stars: string[] = [];

  protected constructor(
    readonly kind: ScopeKind,
    readonly node: CstNode,
    readonly parent: Scope | null,
    readonly module: ModuleScope,
    /** Dotted name inside the module (`C.method`), or null inside a function (jedi gives no full name). */
    readonly qualname: string | null,
  ) {}

  protected bind(name: string, binding: Binding): void {
    let list = this.names.get(name);
    if (list === undefined) this.names.set(name, (list = []));
    list.push(binding);
  }

  protected collectBody(body: unknown, conditional: boolean): void {
    if (Array.isArray(body)) {
      for (const stmt of body) this.collectStatement(typed(stmt as CstNode), conditional);
    } else if (body !== null && typeof body === 'object') {
      this.collectBody((body as CstNode)['body'], conditional);
    }
  }

  private collectStatement(stmt: Node, conditional: boolean): void {
    const start = stmt.range?.start ?? { line: 0, column: 0 };
    switch (stmt.type) {
      case 'SimpleStatementLine':
      case 'SimpleStatementSuite':
        for (const small of stmt.body) this.collectSmall(small, conditional, start);
        return;
      case 'FunctionDef':
        this.bind(nameOf(stmt.name), { kind: 'def', node: stmt, conditional, start });
        return;
      case 'ClassDef':
        this.bind(nameOf(stmt.name), { kind: 'class', node: stmt, conditional, start });
        return;
      case 'If':
        this.collectBody(stmt.body, true);
        if (stmt.orelse !== null) {
          const orelse = stmt.orelse;
          if (orelse.type === 'If') this.collectStatement(orelse, true);
          else this.collectBody(orelse.body, true);
        }
        return;
      case 'For': {
        const target = stmt.target;
        if (target.type === 'Name') this.bind(target.value, { kind: 'element', iter: stmt.iter, conditional: true, start });
        else this.bindTargets(target, start);
        this.collectBody(stmt.body, true);
        if (stmt.orelse !== null) this.collectBody(stmt.orelse.body, true);
        return;
      }
      case 'While':
        this.collectBody(stmt.body, true);
        if (stmt.orelse !== null) this.collectBody(stmt.orelse.body, true);
        return;
      case 'Try':
      case 'TryStar':
        this.collectBody(stmt.body, true);
        for (const handler of stmt.handlers) {
          const name = handler.name;
          if (name !== null && name.name.type === 'Name') this.bind(nameOf(name.name), { kind: 'other', conditional: true, start });
          this.collectBody(handler.body, true);
        }
        if (stmt.orelse !== null) this.collectBody(stmt.orelse.body, true);
        if (stmt.finalbody !== null) this.collectBody(stmt.finalbody.body, true);
        return;
      case 'With':
        for (const item of stmt.items) {
          const asname = item.asname;
          if (asname === null) continue;
          const target = asname.name;
          if (target.type === 'Name') this.bind(target.value, { kind: 'enter', context: item.item, conditional, start });
          else this.bindTargets(target, start);
        }
        this.collectBody(stmt.body, conditional);
        return;
      default:
        return;
    }
  }

  private collectSmall(small: Node, conditional: boolean, start: Position): void {
    switch (small.type) {
      case 'Assign': {
        const value = small.value;
        for (const target of small.targets) {
          const expr = target.target;
          if (expr.type === 'Name') this.bind(expr.value, { kind: 'assign', value, conditional, start });
          else this.bindTargets(expr, start);
        }
        return;
      }
      case 'AnnAssign': {
        const { target, value } = small;
        if (target.type === 'Name' && value !== null) this.bind(target.value, { kind: 'assign', value, conditional, start });
        return;
      }
      case 'AugAssign':
        this.bindTargets(small.target, start);
        return;
      case 'Import':
        for (const alias of small.names) {
          const dotted = dottedName(alias.name);
          const asname = alias.asname;
          if (asname !== null) this.bind(nameOf(asname.name), { kind: 'import', module: dotted, conditional, start });
          else this.bind(dotted.split('.')[0]!, { kind: 'import', module: dotted.split('.')[0]!, conditional, start });
        }
        return;
      case 'ImportFrom': {
        const module = small.module === null ? '' : dottedName(small.module);
        const level = small.relative.length;
        const names = small.names;
        if (!Array.isArray(names)) {
          const absolute = level === 0 ? module : this.module.packageFor(level);
          if (absolute !== null && absolute !== '') this.stars.push(level > 0 && module !== '' ? `${absolute}.${module}` : absolute);
          return;
        }
        for (const alias of names) {
          const name = dottedName(alias.name);
          const asname = alias.asname;
          this.bind(asname !== null ? nameOf(asname.name) : name, { kind: 'from', module, name, level, conditional, start });
        }
        return;
      }
      case 'Global':
        for (const item of small.names) this.globals.add(nameOf(item.name));
        return;
      default:
        return;
    }
  }

  private bindTargets(target: Node, start: Position): void {
    if (target.type === 'Name') {
      this.bind(target.value, { kind: 'other', conditional: true, start });
    } else if (target.type === 'Tuple' || target.type === 'List') {
      for (const element of target.elements) this.bindTargets(element.value, start);
    } else if (target.type === 'StarredElement') {
      this.bindTargets(target.value, start);
    }
  }
}

export interface CallSite {
  readonly call: CstNode;
  readonly scope: Scope;
}

export class ModuleScope extends Scope {
  private readonly inner = new Map<CstNode, Scope>();
  /**
   * While a rewritten function is resolved: its call sites stand in for the original's, and the
   * scopes of its defs and classes are kept apart, to be dropped with it (kept in `inner`, they
   * would hold every rewritten tree of the file until the file is done).
   */
  private rewritten: {
    readonly original: CstNode;
    readonly functionDef: CstNode;
    readonly sites: CallSite[];
    readonly scopes: Map<CstNode, Scope>;
  } | null = null;
  private callIndex: Map<string, CallSite[]> | null = null;
  private sites: CallSite[] | null = null;

  constructor(
    /** Dotted module name (the file name without `.py` for the analysed file). */
    readonly name: string,
    readonly tree: CstNode,
    readonly path: string | null,
    readonly isPackage: boolean,
  ) {
    super('module', tree, null, null as unknown as ModuleScope, '');
    (this as { module: ModuleScope }).module = this;
    this.collectBody(tree['body'], false);
    // jedi's module names include what functions assign to names they declare `global`.
    for (const { name, value, start } of globalAssignments(tree)) this.bind(name, { kind: 'assign', value, conditional: true, start });
  }

  /** The scope of a `FunctionDef` or `ClassDef` of this module, built on first use. */
  scopeOf(node: CstNode, parent: Scope): Scope {
    let scope = this.rewritten?.scopes.get(node) ?? this.inner.get(node);
    if (scope === undefined) {
      scope = node.type === 'ClassDef' ? new ClassScope(node, parent) : new FunctionScope(node, parent);
      this.inner.set(node, scope);
    }
    return scope;
  }

  /** Calls `visit` for every `Call` of the module, in LibCST's pre-order, with its scope. */
  forEachCall(visit: (call: CstNode, scope: Scope) => void): void {
    this.forEachCallIn(this.tree, this, visit);
  }

  /**
   * Calls `visit` for every `Call` under `root` (a node of this module, or a rewritten version of
   * one whose surroundings are unchanged), in LibCST's pre-order; `scope` is the scope `root` is in.
   * With `newScopes`, the scopes of the defs and classes under `root` are made and kept there.
   */
  forEachCallIn(root: CstNode, scope: Scope, visit: (call: CstNode, scope: Scope) => void, newScopes?: Map<CstNode, Scope>): void {
    const scopeOf = (node: CstNode, parent: Scope): Scope => {
      if (newScopes === undefined) return this.scopeOf(node, parent);
      let inner = newScopes.get(node);
      if (inner === undefined) newScopes.set(node, (inner = node.type === 'ClassDef' ? new ClassScope(node, parent) : new FunctionScope(node, parent)));
      return inner;
    };
    // Whitespace nodes hold no call: only the properties that can hold other nodes are read.
    const walk = (node: CstNode, current: Scope): void => {
      if (node.type === 'Call') visit(node, current);
      const properties = contentProperties(node.type);
      const opensScope = node.type === 'FunctionDef' || node.type === 'ClassDef';
      for (let f = 0; f < properties.length; f++) {
        const property = properties[f]!;
        const value = node[property];
        const inner = opensScope && property === 'body' ? scopeOf(node, current) : current;
        if (Array.isArray(value)) {
          for (const item of value) if (item !== null && typeof item === 'object') walk(item as CstNode, inner);
        } else if (value !== null && typeof value === 'object') {
          walk(value as CstNode, inner);
        }
      }
    };
    walk(root, scope);
  }

  /** Every `Call` of the module with its scope, in LibCST's pre-order (computed once). */
  callSites(): readonly CallSite[] {
    if (this.sites === null) {
      const sites: CallSite[] = [];
      this.forEachCall((call, scope) => sites.push({ call, scope }));
      this.sites = sites;
    }
    return this.sites;
  }

  /**
   * Runs `resolve` on the call sites of `functionDef` (in `enclosing`, the scope of outermost
   * function `original` of this module), with `original` replaced by its rewritten version
   * `functionDef`, as the rewritten module would be.
   */
  withRewrittenFunction<T>(original: CstNode, functionDef: CstNode, enclosing: Scope, resolve: (sites: readonly CallSite[]) => T): T {
    const rewritten = { original, functionDef, sites: [] as CallSite[], scopes: new Map<CstNode, Scope>() };
    this.rewritten = rewritten;
    try {
      // Every def and class of a rewritten function gets its scope in this walk, kept apart.
      const apart = functionDef === original ? undefined : rewritten.scopes;
      this.forEachCallIn(functionDef, enclosing, (call, scope) => rewritten.sites.push({ call, scope }), apart);
      return resolve(rewritten.sites);
    } finally {
      this.rewritten = null;
    }
  }

  /** `node`, or the original of the rewritten function being resolved (the module's bindings name that). */
  original(node: CstNode): CstNode {
    return this.rewritten !== null && this.rewritten.functionDef === node ? this.rewritten.original : node;
  }

  /** `node`, or its rewritten version while that is resolved. */
  current(node: CstNode): CstNode {
    return this.rewritten !== null && this.rewritten.original === node ? this.rewritten.functionDef : node;
  }

  /** The calls of the module whose callee is `name` or `x.name` (jedi's dynamic parameter search). */
  callsNamed(name: string): readonly CallSite[] {
    const sites = this.originalCallsNamed(name);
    if (this.rewritten === null) return sites;
    // The rewritten function's calls take the place of the original's, in pre-order.
    const { original, sites: replacement } = this.rewritten;
    const decorators = original['decorators'] as CstNode[];
    const from = positionKey((decorators[0] ?? original).range!.start);
    const to = positionKey(original.range!.end);
    const before = sites.filter((site) => positionKey(site.call.range!.start) < from);
    const after = sites.filter((site) => positionKey(site.call.range!.start) > to);
    return [...before, ...replacement.filter((site) => calleeKey(site.call) === name), ...after];
  }

  private originalCallsNamed(name: string): readonly CallSite[] {
    if (this.callIndex === null) {
      const index = new Map<string, CallSite[]>();
      for (const { call, scope } of this.callSites()) {
        const key = calleeKey(call);
        if (key === null) continue;
        let list = index.get(key);
        if (list === undefined) index.set(key, (list = []));
        list.push({ call, scope });
      }
      this.callIndex = index;
    }
    return this.callIndex.get(name) ?? [];
  }

  /** The package a relative import with `level` dots starts from. */
  packageFor(level: number): string | null {
    const parts = this.name.split('.');
    const drop = this.isPackage ? level - 1 : level;
    if (drop > parts.length || (drop === parts.length && !this.isPackage)) return null;
    return parts.slice(0, parts.length - drop).join('.');
  }
}

/** Fields through which statements nest (bodies, branches, handlers). */
const STATEMENT_FIELDS = ['body', 'orelse', 'handlers', 'finalbody'] as const;

/**
 * In every function of `tree` (methods and nested functions too), the plain assignments
 * `name = value` to names the function declares `global`, in source order.
 */
function globalAssignments(tree: CstNode): { name: string; value: CstNode; start: Position }[] {
  const out: { name: string; value: CstNode; start: Position }[] = [];
  const functions: CstNode[] = [];
  const ownStatements = (root: CstNode, visit: (small: CstNode, line: CstNode) => void): void => {
    const stack: CstNode[] = [root];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (node !== root && (node.type === 'FunctionDef' || node.type === 'ClassDef')) {
        if (node.type === 'FunctionDef') functions.push(node);
        else stack.push(...[...((node['body'] as CstNode)['body'] as CstNode[])].reverse());
        continue;
      }
      if (node.type === 'SimpleStatementLine' || node.type === 'SimpleStatementSuite') {
        for (const small of node['body'] as CstNode[]) visit(small, node);
        continue;
      }
      const children: CstNode[] = [];
      for (const key of STATEMENT_FIELDS) {
        const value = node[key];
        if (Array.isArray(value)) children.push(...(value as CstNode[]));
        else if (value !== null && typeof value === 'object' && typeof (value as CstNode).type === 'string') children.push(value as CstNode);
      }
      stack.push(...children.reverse());
    }
  };
  ownStatements(tree, () => {});
  for (let k = 0; k < functions.length; k++) {
    const fn = functions[k]!;
    const declared = new Set<string>();
    const assigns: { name: string; value: CstNode; start: Position }[] = [];
    ownStatements(fn, (small, line) => {
      if (small.type === 'Global') for (const item of small['names'] as CstNode[]) declared.add(nameOf(item['name']));
      if (small.type !== 'Assign') return;
      for (const target of small['targets'] as CstNode[]) {
        const expr = target['target'] as CstNode;
        if (expr.type === 'Name') assigns.push({ name: nameOf(expr), value: small['value'] as CstNode, start: line.range?.start ?? { line: 0, column: 0 } });
      }
    });
    out.push(...assigns.filter((a) => declared.has(a.name)));
  }
  return out.sort((a, b) => positionKey(a.start) - positionKey(b.start));
}

/** The name a call is indexed under: `f` for `f(...)` and `x.f(...)`. */
function calleeKey(call: CstNode): string | null {
  if (!is(call, 'Call')) return null;
  const func = call.func;
  return func.type === 'Name' ? func.value : func.type === 'Attribute' ? func.attr.value : null;
}

/** A position as one comparable number (columns stay far below 2^22). */
function positionKey(position: Position): number {
  return position.line * 4_194_304 + position.column;
}

function childQualname(parent: Scope, name: string): string | null {
  if (parent.qualname === null || parent.kind === 'function') return null;
  return parent.qualname === '' ? name : `${parent.qualname}.${name}`;
}

export class ClassScope extends Scope {
  constructor(node: CstNode, parent: Scope) {
    super('class', node, parent, parent.module, childQualname(parent, nameOf(node['name'])));
    this.collectBody((node['body'] as CstNode)['body'], false);
  }
}

export class FunctionScope extends Scope {
  /** Parameters in order (positional-only, normal, `*args`, keyword-only, `**kwargs`). */
  readonly params: CstNode[] = [];

  constructor(node: CstNode, parent: Scope) {
    super('function', node, parent, parent.module, childQualname(parent, nameOf(node['name'])));
    const params = node['params'] as CstNode;
    const list: CstNode[] = [...(params['posonly_params'] as CstNode[]), ...(params['params'] as CstNode[])];
    const star = params['star_arg'] as CstNode | null;
    if (star !== null && star.type === 'Param') list.push(star);
    list.push(...(params['kwonly_params'] as CstNode[]));
    if (params['star_kwarg'] !== null) list.push(params['star_kwarg'] as CstNode);
    list.forEach((param, index) => {
      this.params.push(param);
      this.bind(nameOf(param['name']), { kind: 'param', index, node: param, conditional: false, start: node.range!.start });
    });
    this.collectBody((node['body'] as CstNode)['body'], false);
  }
}

export function nameOf(node: unknown): string {
  return (node as CstNode)['value'] as string;
}

/** `a.b.c` of a `Name`/`Attribute` chain. */
export function dottedName(node: CstNode): string {
  if (is(node, 'Name')) return node.value;
  if (is(node, 'Attribute')) return `${dottedName(node.value)}.${node.attr.value}`;
  return '';
}

/** Names of the decorators of a def or class (`staticmethod`, `property`, `x.setter` → `setter`). */
export function decoratorNames(node: CstNode): string[] {
  const out: string[] = [];
  for (const decorator of (node['decorators'] as CstNode[] | undefined) ?? []) {
    let expr = typed(decorator['decorator'] as CstNode);
    if (expr.type === 'Call') expr = expr.func;
    if (expr.type === 'Name') out.push(expr.value);
    else if (expr.type === 'Attribute') out.push(expr.attr.value);
  }
  return out;
}
