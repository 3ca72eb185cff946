/**
 * Static inference of what a called expression may be, in the spirit of jedi (without its
 * dynamic parameter search): names through local, enclosing, module and builtin scopes, imports
 * followed into other modules, attributes of modules, classes (with their hierarchy) and instances
 * (`self`/`cls`, `self.x = ...` assignments), and what calls return (instances of classes, the
 * stub return types of compiled functions, the `return` statements of Python functions).
 */
import type { CstNode, Position } from '../../python/cst.js';
import { checkCpuBudget } from '../cpu-budget.js';
import { compiledModules } from './builtins-table.js';
import type { ObjectIds, ResolutionCaches } from './caches.js';
import type { ModuleLoader } from './modules.js';
import { type ClassScope, decoratorNames, type FunctionScope, type ModuleScope, nameOf, type Binding, type Scope } from './scopes.js';
import type { CompiledModuleTable, TableClass } from './table-types.js';
import { uniqueValues, type ClassValue, type CompiledClass, type Value } from './values.js';

const MAX_DEPTH = 24;
const STEP_BUDGET = 5000;

export class Inference {
  private depth = 0;
  private readonly active = new Set<unknown>();
  private readonly selfAttributes = new WeakMap<CstNode, Map<string, { value: CstNode; scope: Scope }[]>>();

  constructor(
    private readonly loader: ModuleLoader,
    /**
     * Results per binding and per class, shared by all files of one resolver: the modules of the
     * search path are cached by the loader, so their bindings are too.
     */
    readonly caches: ResolutionCaches,
    /** Directories searched before the search path (the analysed file's own directory). */
    private readonly localDirs: readonly string[] = [],
    /**
     * Keep results to this inference (for a rewritten function: what it computes may depend on
     * the rewrite, so it must not reach the caches that later resolutions share).
     */
    private readonly isolated = false,
  ) {}

  private readonly isolatedCache = new Map<Binding, Value[]>();

  /** Runs `compute` unless `key` is already being computed or the nesting is too deep. */
  /** Inference steps left for the current call (jedi, too, bounds its work per request). */
  private budget = STEP_BUDGET;

  /** Starts the budget of one call site's resolution. */
  resetBudget(): void {
    this.budget = STEP_BUDGET;
  }

  /**
   * How many times a guard cut an inference short. A result computed without any cut is the same
   * whichever file asked first, so only such results go into the caches shared across files;
   * the others are kept for the current file only (output must not depend on file order).
   */
  truncations = 0;
  /** How deep `*args` / `**kwargs` forwarding is being resolved (signatures.ts stops at 3). */
  forwardingDepth = 0;
  private readonly fileBindingCache = new Map<Binding, Value[]>();

  private guarded(rawKey: unknown, compute: () => Value[]): Value[] {
    checkCpuBudget('call resolution');
    if (--this.budget < 0) {
      this.truncations++;
      return [];
    }
    const key = Array.isArray(rawKey) ? rawKey.map((part) => keyPart(part, this.caches.ids)).join('|') : rawKey;
    if (this.depth >= MAX_DEPTH || this.active.has(key)) {
      this.truncations++;
      return [];
    }
    this.depth++;
    this.active.add(key);
    try {
      return uniqueValues(this.caches.ids, compute());
    } finally {
      this.active.delete(key);
      this.depth--;
    }
  }

  // ---- modules -------------------------------------------------------------------------------

  moduleValue(name: string): Value | null {
    const table = compiledModules()[name];
    if (table !== undefined) return { kind: 'compiledModule', name, table };
    const scope = this.loader.load(name, this.localDirs);
    return scope === null ? null : { kind: 'module', scope };
  }

  // ---- names ---------------------------------------------------------------------------------

  /** The values `name` may have when read at `position` inside `scope`. */
  inferName(name: string, scope: Scope, position: Position | null): Value[] {
    let current: Scope | null = scope;
    let first = true;
    while (current !== null) {
      // `global` at module level is a no-op (and jumping to the module from itself never ends).
      if (current.kind !== 'module' && current.globals.has(name)) {
        current = current.module;
        first = false;
        continue;
      }
      // Class bodies are not visible from the functions inside them.
      if (first || current.kind !== 'class') {
        const bindings = current.names.get(name);
        if (bindings !== undefined) {
          const visible = selectBindings(bindings, first ? position : null);
          if (visible.length > 0) {
            const owner = current;
            return uniqueValues(this.caches.ids, visible.flatMap((binding) => this.inferBinding(binding, owner, name)));
          }
        }
      }
      if (current.kind === 'module') {
        const starred = this.fromStars(current as ModuleScope, name);
        if (starred.length > 0) return starred;
      }
      first = false;
      current = current.parent;
    }
    return this.builtinName(name);
  }

  /** `name` as provided by the `from m import *` statements of a module. */
  private fromStars(module: ModuleScope, name: string): Value[] {
    for (const star of module.stars) {
      const from = this.moduleValue(star);
      if (from === null || (from.kind === 'module' && from.scope === module)) continue;
      const found = this.guarded(['star', module, star, name], () => this.attribute(from, name));
      if (found.length > 0) return found;
    }
    return [];
  }

  private builtinName(name: string): Value[] {
    const value = compiledMember('builtins', compiledModules()['builtins']!, name);
    return value === null ? [] : [value];
  }

  inferBinding(binding: Binding, scope: Scope, name: string): Value[] {
    switch (binding.kind) {
      case 'def':
        return this.decoratedDefinition(binding.node, scope);
      case 'class':
        return [{ kind: 'class', node: binding.node, scope }];
      case 'import': {
        const module = this.moduleValue(binding.module);
        return module === null ? [] : [module];
      }
      case 'from':
        return this.cachedBinding(binding, () => this.inferFromImport(binding, scope.module));
      case 'assign':
        return this.cachedBinding(binding, () => this.infer(binding.value, scope));
      case 'param':
        return this.cachedBinding(binding, () => this.inferParam(binding, scope as FunctionScope));
      case 'element':
        return this.cachedBinding(binding, () => this.inferElements(binding.iter, scope));
      case 'enter':
        return this.cachedBinding(binding, () =>
          this.infer(binding.context, scope).flatMap((value) => this.attribute(value, '__enter__').flatMap((enter) => this.callResult(enter))),
        );
      case 'other':
        return [];
    }
    void name;
  }

  /**
   * A `def` as its name sees it. When the outermost decorator is a stub function (or a call of
   * one, `@lru_cache(128)`) whose return type wraps the function — a class whose `__call__` returns
   * a type variable, not a class (`functools._lru_cache_wrapper`) — the name is an instance of that
   * class, as in jedi; any other decorator leaves the function as it is.
   */
  private decoratedDefinition(node: CstNode, scope: Scope): Value[] {
    const fn: Value = { kind: 'function', node, scope, bound: false };
    const outermost = ((node['decorators'] as CstNode[] | undefined) ?? [])[0];
    if (outermost === undefined) return [fn];
    let expr = outermost['decorator'] as CstNode;
    if (expr.type === 'Call') {
      // jedi picks the stub overload by the argument types: an argument it cannot type, or `None`
      // (`lru_cache(maxsize=None)`), matches no overload, and the function stays as it is.
      const args = expr['args'] as CstNode[];
      if (args.some((arg) => this.infer(arg['value'] as CstNode, scope).length === 0)) return [fn];
      expr = expr['func'] as CstNode;
    }
    if (expr.type !== 'Name' && expr.type !== 'Attribute') return [fn];
    const wrappers = this.guarded(['decorator', node], () =>
      this.infer(expr, scope).flatMap((value) => (value.kind === 'compiledFunction' ? this.callResult(value) : [])),
    ).flatMap((value): Value[] => (value.kind === 'compiledInstance' && wrapsCallable(value.cls) ? [{ ...value, wraps: node }] : []));
    return wrappers.length > 0 ? wrappers : [fn];
  }

  private cachedBinding(binding: Binding, compute: () => Value[]): Value[] {
    const shared = this.caches.bindings.get(binding) ?? this.isolatedCache.get(binding);
    if (shared !== undefined) return shared;
    const local = this.fileBindingCache.get(binding);
    if (local !== undefined) {
      this.truncations++; // a cut-short result taints what is computed from it
      return local;
    }
    if (this.active.has(binding)) {
      this.truncations++;
      return [];
    }
    const before = this.truncations;
    const values = this.guarded(binding, compute);
    // Kept even when a guard cut it short (as jedi's cache does): without this the dynamic
    // parameter search explodes on modules whose methods pass arguments around a lot.
    if (this.truncations === before) (this.isolated ? this.isolatedCache : this.caches.bindings).set(binding, values);
    else this.fileBindingCache.set(binding, values);
    return values;
  }

  private inferFromImport(binding: Extract<Binding, { kind: 'from' }>, module: ModuleScope): Value[] {
    let base = binding.module;
    if (binding.level > 0) {
      const pkg = module.packageFor(binding.level);
      if (pkg === null) return [];
      base = pkg === '' ? binding.module : binding.module === '' ? pkg : `${pkg}.${binding.module}`;
    }
    if (base === '') return [];
    const from = this.moduleValue(base);
    if (from !== null) {
      const member = this.attribute(from, binding.name);
      if (member.length > 0) return member;
    }
    const sub = this.moduleValue(`${base}.${binding.name}`);
    return sub === null ? [] : [sub];
  }

  private inferParam(binding: Extract<Binding, { kind: 'param' }>, scope: FunctionScope): Value[] {
    const annotation = binding.node['annotation'] as CstNode | null;
    if (annotation !== null && binding.node['star'] !== '*' && binding.node['star'] !== '**') {
      const types = this.infer(annotation['annotation'] as CstNode, scope.parent ?? scope);
      const instances = types.flatMap((t) => this.instantiate(t));
      if (instances.length > 0) return instances;
    }
    const isMethod = scope.parent !== null && scope.parent.kind === 'class';
    const decorators = decoratorNames(scope.node);
    if (binding.index !== 0 || !isMethod || decorators.includes('staticmethod')) {
      return this.guarded(['param', binding.node], () => this.dynamicParam(binding, scope, isMethod && !decorators.includes('staticmethod')));
    }
    const cls: ClassValue = { kind: 'class', node: scope.parent.node, scope: scope.parent.parent! };
    if (decorators.includes('classmethod') || nameOf(scope.node['name']) === '__new__') return [cls];
    return [{ kind: 'instance', cls }];
  }

  /**
   * jedi's dynamic parameters: a parameter without annotation takes its default's values and the
   * arguments passed to it by the calls of the function found in its own module.
   */
  private dynamicParam(binding: Extract<Binding, { kind: 'param' }>, scope: FunctionScope, bound: boolean): Value[] {
    const param = binding.node;
    const star = param['star'];
    if (star === '*' || star === '**') return [];
    const out: Value[] = [];
    const defaultValue = param['default'] as CstNode | null;
    if (defaultValue !== null) out.push(...this.infer(defaultValue, scope.parent ?? scope));
    const name = nameOf(param['name']);
    const functionName = nameOf(scope.node['name']);
    const positional = binding.index - (bound ? 1 : 0);
    const isKeywordOnly = (scope.node['params'] as CstNode)['kwonly_params'] as CstNode[];
    // `__init__` is called through its class: `Textbox(win)`.
    const viaClass = functionName === '__init__' && scope.parent !== null && scope.parent.kind === 'class';
    const calleeName = viaClass ? nameOf(scope.parent!.node['name']) : functionName;
    for (const site of scope.module.callsNamed(calleeName)) {
      const args = site.call['args'] as CstNode[];
      let chosen: CstNode | undefined;
      let index = 0;
      for (const arg of args) {
        const keyword = arg['keyword'] as CstNode | null;
        if (arg['star'] !== '' && arg['star'] !== null && arg['star'] !== undefined) break;
        if (keyword !== null) {
          if (keyword['value'] === name) chosen = arg;
        } else if (index++ === positional && !isKeywordOnly.includes(param)) {
          chosen = arg;
        }
      }
      if (chosen === undefined) continue;
      const callee = this.infer(site.call['func'] as CstNode, site.scope);
      const target = viaClass ? scope.parent!.node : scope.module.original(scope.node);
      if (!callee.some((v) => (v.kind === 'function' || v.kind === 'class') && v.node === target)) continue;
      out.push(...this.infer(chosen['value'] as CstNode, site.scope));
    }
    return out;
  }

  // ---- expressions ---------------------------------------------------------------------------

  /** The values `expr` (evaluated in `scope`) may have. */
  infer(expr: CstNode, scope: Scope): Value[] {
    switch (expr.type) {
      case 'Name':
        return this.inferName(expr['value'] as string, scope, expr.range?.start ?? null);
      case 'Attribute':
        return this.guarded(expr, () => this.infer(expr['value'] as CstNode, scope).flatMap((v) => this.attribute(v, nameOf(expr['attr']))));
      case 'Call': {
        const zeroArgSuper = this.zeroArgSuper(expr, scope);
        if (zeroArgSuper !== null) return [zeroArgSuper];
        return this.guarded(expr, () => this.infer(expr['func'] as CstNode, scope).flatMap((v) => this.callResult(v)));
      }
      case 'SimpleString':
      case 'ConcatenatedString':
        return builtinInstance(stringType(expr));
      case 'FormattedString':
        return builtinInstance('str');
      case 'Integer':
        return builtinInstance('int');
      case 'Float':
        return builtinInstance('float');
      case 'Imaginary':
        return builtinInstance('complex');
      case 'List':
      case 'ListComp':
        return builtinInstance('list');
      case 'Dict':
      case 'DictComp':
        return builtinInstance('dict');
      case 'Set':
      case 'SetComp':
        return builtinInstance('set');
      case 'Tuple':
        return builtinInstance('tuple');
      case 'IfExp':
        return [...this.infer(expr['body'] as CstNode, scope), ...this.infer(expr['orelse'] as CstNode, scope)];
      case 'BooleanOperation':
        return [...this.infer(expr['left'] as CstNode, scope), ...this.infer(expr['right'] as CstNode, scope)];
      case 'NamedExpr':
        return this.infer(expr['value'] as CstNode, scope);
      case 'Await':
        return [];
      default:
        return [];
    }
  }

  /** `super()` (no arguments) inside a method: the proxy to the classes after the method's class. */
  private zeroArgSuper(call: CstNode, scope: Scope): Value | null {
    const func = call['func'] as CstNode;
    if (func.type !== 'Name' || func['value'] !== 'super' || (call['args'] as CstNode[]).length > 0) return null;
    let fn: Scope | null = scope;
    while (fn !== null && fn.kind !== 'function') fn = fn.parent;
    if (fn === null || fn.parent === null || fn.parent.kind !== 'class' || scope.names.has('super')) return null;
    const decorators = decoratorNames(fn.node);
    const viaInstance = !decorators.includes('classmethod') && !decorators.includes('staticmethod');
    return { kind: 'super', cls: { kind: 'class', node: fn.parent.node, scope: fn.parent.parent! }, viaInstance };
  }

  /** The values of the elements of an iterated expression (literal tuples and lists, strings). */
  private inferElements(iter: CstNode, scope: Scope): Value[] {
    if (iter.type === 'Tuple' || iter.type === 'List' || iter.type === 'Set') {
      return (iter['elements'] as CstNode[]).flatMap((element) => (element.type === 'StarredElement' ? [] : this.infer(element['value'] as CstNode, scope)));
    }
    if (iter.type === 'Name') {
      // A variable holding a literal list or tuple (jedi follows such names into the literal).
      const literals = this.literalsOf(iter['value'] as string, scope, iter.range?.start ?? null);
      if (literals.length > 0) return literals.flatMap((literal) => this.inferElements(literal.value, literal.scope));
    }
    return this.infer(iter, scope).flatMap((value): Value[] => {
      if (value.kind !== 'compiledInstance') return [];
      if (value.cls.module === 'builtins' && value.cls.name === 'str') return [value];
      // A stream (typing.IO) yields what its `__next__` returns: AnyStr, i.e. str or bytes.
      const next = this.classAttribute({ kind: 'compiledClass', cls: value.cls }, '__next__', true)[0];
      return next !== undefined && next.kind === 'compiledFunction' && next.table.returns === ANY_STR ? anyStrInstances() : [];
    });
  }

  /** The literal lists/tuples/sets assigned to `name` as seen from `scope`. */
  private literalsOf(name: string, scope: Scope, position: Position | null): { value: CstNode; scope: Scope }[] {
    let current: Scope | null = scope;
    let first = true;
    while (current !== null) {
      const bindings = first || current.kind !== 'class' ? current.names.get(name) : undefined;
      if (bindings !== undefined) {
        const visible = selectBindings(bindings, first ? position : null);
        if (visible.length > 0) {
          const owner = current;
          return visible.flatMap((b) =>
            b.kind === 'assign' && (b.value.type === 'List' || b.value.type === 'Tuple' || b.value.type === 'Set') ? [{ value: b.value, scope: owner }] : [],
          );
        }
      }
      first = false;
      current = current.parent;
    }
    return [];
  }

  /** What calling `value` returns. */
  callResult(value: Value): Value[] {
    switch (value.kind) {
      case 'class':
        return [{ kind: 'instance', cls: value }];
      case 'compiledClass':
        return [{ kind: 'compiledInstance', cls: value.cls }];
      case 'compiledFunction': {
        const returns = value.table.returns;
        if (returns === undefined) return [];
        if (returns === 'Self') return value.owner === null ? [] : [{ kind: 'compiledInstance', cls: value.owner }];
        if (returns === ANY_STR) return anyStrInstances();
        const cls = compiledClassNamed(returns);
        return cls === null ? [] : [{ kind: 'compiledInstance', cls }];
      }
      case 'function':
        return this.guarded(['returns', value.node], () => this.functionReturns(value));
      default:
        return [];
    }
  }

  private functionReturns(value: Extract<Value, { kind: 'function' }>): Value[] {
    const scope = value.scope.module.scopeOf(value.node, value.scope) as FunctionScope;
    const returns = value.node['returns'] as CstNode | null;
    if (returns !== null) {
      return this.infer(returns['annotation'] as CstNode, value.scope).flatMap((t) => this.instantiate(t));
    }
    if (value.node['asynchronous'] !== null && value.node['asynchronous'] !== undefined) return [];
    const out: Value[] = [];
    for (const ret of returnValues(value.node)) out.push(...this.infer(ret, scope));
    return out;
  }

  /** Instances of a class value (for annotations); nothing for other values. */
  private instantiate(value: Value): Value[] {
    if (value.kind === 'class') return [{ kind: 'instance', cls: value }];
    if (value.kind === 'compiledClass') return [{ kind: 'compiledInstance', cls: value.cls }];
    return [];
  }

  // ---- attributes ----------------------------------------------------------------------------

  attribute(value: Value, name: string): Value[] {
    switch (value.kind) {
      case 'module': {
        const bindings = value.scope.names.get(name);
        if (bindings !== undefined) {
          const visible = selectBindings(bindings, null);
          const found = uniqueValues(this.caches.ids, visible.flatMap((b) => this.inferBinding(b, value.scope, name)));
          if (found.length > 0) return found;
        }
        const starred = this.fromStars(value.scope, name);
        if (starred.length > 0) return starred;
        const sub = this.moduleValue(`${value.scope.name}.${name}`);
        return sub === null ? [] : [sub];
      }
      case 'compiledModule': {
        // jedi hides a stub's private names (`os._exit`) from attribute access.
        if (name.startsWith('_') && !(name.startsWith('__') && name.endsWith('__'))) return [];
        const member = compiledMember(value.name, value.table, name);
        return member === null ? [] : [member];
      }
      case 'super':
        // jedi follows super() into methods written in Python only (not into stub classes).
        return this.classAttribute(value.cls, name, value.viaInstance, 1).filter((v) => v.kind === 'function');
      case 'class':
      case 'compiledClass':
        return this.classAttribute(value, name, false);
      case 'instance':
        return this.guarded(['attr', value.cls.kind === 'class' ? value.cls.node : value.cls.cls.table, name], () => this.instanceAttribute(value.cls, name));
      case 'compiledInstance':
        return this.classAttribute({ kind: 'compiledClass', cls: value.cls }, name, true);
      default:
        return [];
    }
  }

  /** The classes of `cls`'s method resolution order (depth-first, left to right, duplicates dropped). */
  mro(cls: ClassValue): ClassValue[] {
    const cacheKey = cls.kind === 'class' ? cls.node : cls.cls.table;
    const known = this.caches.mro.get(cacheKey);
    if (known !== undefined) return known;
    const truncationsBefore = this.truncations;
    const out: ClassValue[] = [];
    const seen = new Set<unknown>();
    const visit = (c: ClassValue, depth: number): void => {
      const key = c.kind === 'class' ? c.node : c.cls.table;
      if (seen.has(key) || depth > 30) return;
      seen.add(key);
      out.push(c);
      for (const base of this.bases(c)) visit(base, depth + 1);
    };
    visit(cls, 0);
    // `object` last, as in every MRO.
    const objectIndex = out.findIndex((c) => c.kind === 'compiledClass' && c.cls.module === 'builtins' && c.cls.name === 'object');
    if (objectIndex >= 0 && objectIndex !== out.length - 1) out.push(...out.splice(objectIndex, 1));
    if (objectIndex < 0) out.push({ kind: 'compiledClass', cls: compiledClassNamed('builtins.object')! });
    if (this.truncations === truncationsBefore) this.caches.mro.set(cacheKey, out);
    return out;
  }

  private bases(cls: ClassValue): ClassValue[] {
    if (cls.kind === 'compiledClass') {
      return cls.cls.table.bases.flatMap((name) => {
        const base = compiledClassNamed(name);
        return base === null || base.table === cls.cls.table ? [] : [{ kind: 'compiledClass', cls: base } as ClassValue];
      });
    }
    const out: ClassValue[] = [];
    for (const arg of cls.node['bases'] as CstNode[]) {
      for (const base of this.guarded(arg, () => this.infer(arg['value'] as CstNode, cls.scope))) {
        if (base.kind === 'class' || base.kind === 'compiledClass') out.push(base);
      }
    }
    return out;
  }

  /** `name` looked up along the MRO; functions found through an instance (or classmethods) come bound. */
  classAttribute(cls: ClassValue, name: string, viaInstance: boolean, skip = 0): Value[] {
    const mro = this.mro(cls);
    for (let k = skip; k < mro.length; k++) {
      const c = mro[k]!;
      if (c.kind === 'compiledClass') {
        const fn = c.cls.table.methods[name];
        if (fn !== undefined) {
          if (fn.property) {
            if (fn.returns === undefined) return [];
            const type = fn.returns === 'Self' ? c.cls : compiledClassNamed(fn.returns);
            return type === null ? [] : [{ kind: 'compiledInstance', cls: type }];
          }
          const bound = (viaInstance && fn.staticmethod !== true) || fn.classmethod === true;
          return [{ kind: 'compiledFunction', module: c.cls.module, owner: c.cls, name: fn.aliasOf ?? name, table: fn, bound }];
        }
        const attribute = viaInstance ? c.cls.table.attributes?.[name] : undefined;
        if (attribute !== undefined) {
          const type = compiledClassNamed(attribute);
          return type === null ? [] : [{ kind: 'compiledInstance', cls: type }];
        }
        continue;
      }
      const scope = c.scope.module.scopeOf(c.node, c.scope);
      const bindings = scope.names.get(name);
      if (bindings === undefined) continue;
      const values = selectBindings(bindings, null).flatMap((b) => this.inferBinding(b, scope, name));
      return values.flatMap((v): Value[] => {
        if (v.kind !== 'function') return [v];
        const decorators = decoratorNames(v.node);
        if (decorators.includes('property')) return this.guarded(['prop', v.node], () => this.callResult({ ...v, bound: true }));
        if (decorators.includes('staticmethod')) return [v];
        return [{ ...v, bound: viaInstance || decorators.includes('classmethod') }];
      });
    }
    return [];
  }

  private instanceAttribute(cls: ClassValue, name: string): Value[] {
    const fromClass = this.classAttribute(cls, name, true);
    if (fromClass.length > 0) return fromClass;
    const out: Value[] = [];
    for (const c of this.mro(cls)) {
      if (c.kind !== 'class') continue;
      for (const assignment of this.selfAssignments(c).get(name) ?? []) out.push(...this.infer(assignment.value, assignment.scope));
    }
    return out;
  }

  /** `self.x = value` assignments in the methods of a class, by attribute name. */
  private selfAssignments(cls: Extract<Value, { kind: 'class' }>): Map<string, { value: CstNode; scope: Scope }[]> {
    let map = this.selfAttributes.get(cls.node);
    if (map !== undefined) return map;
    map = new Map();
    this.selfAttributes.set(cls.node, map);
    const classScope = cls.scope.module.scopeOf(cls.node, cls.scope) as ClassScope;
    for (const bindings of classScope.names.values()) {
      for (const binding of bindings) {
        if (binding.kind !== 'def') continue;
        const method = classScope.module.current(binding.node);
        const fnScope = classScope.module.scopeOf(method, classScope) as FunctionScope;
        const first = fnScope.params[0];
        if (first === undefined) continue;
        collectSelfAssignments(method, nameOf(first['name']), fnScope, map);
      }
    }
    return map;
  }
}

// ---- helpers ---------------------------------------------------------------------------------

/** A primitive standing for `part` in a composite key (objects by identity). */
function keyPart(part: unknown, ids: ObjectIds): string {
  if (part === null || typeof part !== 'object') return String(part);
  return `#${ids.of(part)}`;
}

/**
 * jedi's flow rule, simplified: the last unconditional binding and the conditional ones after it;
 * with a position (lookups in the reading scope itself) only bindings that start before it.
 */
export function selectBindings(bindings: readonly Binding[], position: Position | null): Binding[] {
  let list = bindings as Binding[];
  if (position !== null) {
    list = list.filter((b) => b.start.line < position.line || (b.start.line === position.line && b.start.column < position.column));
  }
  let from = 0;
  for (let i = list.length - 1; i >= 0; i--) {
    if (!list[i]!.conditional) {
      from = i;
      break;
    }
  }
  return list.slice(from);
}

/** A stub class whose `__call__` returns what the wrapped callable returns (a type variable). */
function wrapsCallable(cls: CompiledClass): boolean {
  const call = cls.table.methods['__call__'];
  return call !== undefined && call.returns !== undefined && call.returns !== 'Self' && compiledClassNamed(call.returns) === null;
}

/**
 * The stub's constrained type variable `AnyStr` (str or bytes) as the table records it for the
 * methods of `typing.IO`; jedi, not knowing the stream's type argument, gives both.
 */
const ANY_STR = 'builtins.AnyStr';

function anyStrInstances(): Value[] {
  return [...builtinInstance('str'), ...builtinInstance('bytes')];
}

function stringType(expr: CstNode): string {
  let first = expr;
  while (first.type === 'ConcatenatedString') first = first['left'] as CstNode;
  const text = (first['value'] as string | undefined) ?? '';
  const quote = text.search(/['"]/);
  return /b/i.test(text.slice(0, Math.max(quote, 0))) ? 'bytes' : 'str';
}

function builtinInstance(name: string): Value[] {
  const cls = compiledClassNamed(`builtins.${name}`);
  return cls === null ? [] : [{ kind: 'compiledInstance', cls }];
}

/** A stub class by full dotted name (`io.TextIOWrapper`), following re-exports. */
export function compiledClassNamed(fullName: string, depth = 0): CompiledClass | null {
  const dot = fullName.lastIndexOf('.');
  if (dot < 0) return null;
  const module = fullName.slice(0, dot);
  const name = fullName.slice(dot + 1);
  const table = compiledModules()[module];
  if (table === undefined) return null;
  const own = table.classes[name];
  if (own !== undefined) return { module, name, table: own };
  if (depth > 5) return null;
  const member = compiledMember(module, table, name, depth + 1);
  return member !== null && member.kind === 'compiledClass' ? member.cls : null;
}

/** A top-level function, class, re-export or annotated variable of a stub module. */
export function compiledMember(module: string, table: CompiledModuleTable, name: string, depth = 0): Value | null {
  const fn = table.functions[name];
  if (fn !== undefined) return { kind: 'compiledFunction', module, owner: null, name, table: fn, bound: false };
  const cls: TableClass | undefined = table.classes[name];
  if (cls !== undefined) return { kind: 'compiledClass', cls: { module, name, table: cls } };
  if (depth > 6) return null;
  const alias = table.aliases?.[name];
  if (alias !== undefined) {
    const target = compiledModules()[alias];
    if (target !== undefined) return { kind: 'compiledModule', name: alias, table: target };
    const dot = alias.lastIndexOf('.');
    const targetModule = compiledModules()[alias.slice(0, dot)];
    if (targetModule === undefined) return null;
    return compiledMember(alias.slice(0, dot), targetModule, alias.slice(dot + 1), depth + 1);
  }
  for (const star of table.stars ?? []) {
    const starTable = compiledModules()[star];
    if (starTable === undefined) continue;
    const found = compiledMember(star, starTable, name, depth + 1);
    if (found !== null) return found;
  }
  for (const star of table.platformStars ?? []) {
    const starTable = compiledModules()[star];
    if (starTable === undefined) continue;
    const own = starTable.functions[name];
    // jedi names what a stub re-exports with `import *` under a sys.platform test after the
    // re-exporting module (os.path.join, from ntpath) and finds no docstring for the functions
    // the star module defines itself.
    if (own !== undefined) return { kind: 'compiledFunction', module, owner: null, name, table: { ...own, doc: '' }, bound: false };
    const found = compiledMember(star, starTable, name, depth + 1);
    if (found !== null) return renamedInto(found, module, name);
  }
  const variable = table.variables?.[name];
  if (variable !== undefined) {
    const varClass = compiledClassNamed(variable, depth + 1);
    return varClass === null ? null : { kind: 'compiledInstance', cls: varClass };
  }
  const submodule = compiledModules()[`${module}.${name}`];
  if (submodule !== undefined) return { kind: 'compiledModule', name: `${module}.${name}`, table: submodule };
  return null;
}

/** `value` reported under module `module` as `name` (jedi's naming of some re-exports). */
function renamedInto(value: Value, module: string, name: string): Value {
  if (value.kind === 'compiledFunction' && value.owner === null) return { ...value, module, name };
  if (value.kind === 'compiledClass') return { kind: 'compiledClass', cls: { module, name, table: value.cls.table } };
  return value;
}

/** The values of the `return` statements of a function body (nested scopes left out). */
function returnValues(fn: CstNode): CstNode[] {
  const out: CstNode[] = [];
  const stack: CstNode[] = [fn['body'] as CstNode];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'Return') {
      if (node['value'] !== null) out.push(node['value'] as CstNode);
      continue;
    }
    if (node.type === 'FunctionDef' || node.type === 'ClassDef' || node.type === 'Lambda') continue;
    for (const key of STATEMENT_CHILD_FIELDS) {
      const value = node[key];
      if (Array.isArray(value)) for (const item of value) stack.push(item as CstNode);
      else if (value !== null && typeof value === 'object' && typeof (value as CstNode).type === 'string') stack.push(value as CstNode);
    }
  }
  return out;
}

/** Fields through which statements nest (bodies, branches, handlers). */
const STATEMENT_CHILD_FIELDS = ['body', 'orelse', 'handlers', 'finalbody'] as const;

function collectSelfAssignments(fn: CstNode, self: string, scope: Scope, into: Map<string, { value: CstNode; scope: Scope }[]>): void {
  const stack: CstNode[] = [fn['body'] as CstNode];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'FunctionDef' || node.type === 'ClassDef') continue;
    if (node.type === 'SimpleStatementLine' || node.type === 'SimpleStatementSuite') {
      for (const small of node['body'] as CstNode[]) {
        if (small.type !== 'Assign' && small.type !== 'AnnAssign') continue;
        const value = small['value'] as CstNode | null;
        if (value === null) continue;
        const targets = small.type === 'Assign' ? (small['targets'] as CstNode[]).map((t) => t['target'] as CstNode) : [small['target'] as CstNode];
        for (const target of targets) {
          if (target.type !== 'Attribute') continue;
          const base = target['value'] as CstNode;
          if (base.type !== 'Name' || base['value'] !== self) continue;
          const attr = nameOf(target['attr']);
          let list = into.get(attr);
          if (list === undefined) into.set(attr, (list = []));
          list.push({ value, scope });
        }
      }
      continue;
    }
    for (const key of STATEMENT_CHILD_FIELDS) {
      const value = node[key];
      if (Array.isArray(value)) for (const item of value) stack.push(item as CstNode);
      else if (value !== null && typeof value === 'object' && typeof (value as CstNode).type === 'string') stack.push(value as CstNode);
    }
  }
}
