/**
 * The signatures jedi reports for a called value: full dotted name (null when jedi has none, e.g.
 * for functions nested in functions), name, formal parameters and raw docstring. Classes give the
 * signatures of `__init__` found along their MRO (`__new__` when that is `object.__init__`),
 * methods reached through an instance or class are bound (first parameter dropped).
 */
import type { CstNode } from '../../python/cst.js';
import { definitionDocstring } from './docstring.js';
import type { Inference } from './infer.js';
import { nameOf, type Scope } from './scopes.js';
import type { TableFunction } from './table-types.js';
import type { ClassValue, CompiledClass, Value } from './values.js';

/** `inspect.Parameter` kinds. */
// biome-ignore lint/suspicious/noConstEnum: inlined in the hot signature matching; never used across a package boundary.
export const enum ParamKind {
  PositionalOnly = 0,
  PositionalOrKeyword = 1,
  VarPositional = 2,
  KeywordOnly = 3,
  VarKeyword = 4,
}

export interface FormalParam {
  readonly name: string;
  readonly kind: ParamKind;
}

export interface CallSignature {
  readonly fullName: string | null;
  readonly name: string;
  readonly params: readonly FormalParam[];
  readonly doc: string;
}

export function signaturesOf(value: Value, inference: Inference): CallSignature[] {
  switch (value.kind) {
    case 'function':
      return [functionSignature(value.node, value.scope, value.bound, null, inference)];
    case 'compiledFunction':
      return compiledSignatures(value.table, compiledFullName(value.module, value.owner, value.name), value.name, value.bound, value.owner === null ? (value.table.doc ?? '') : '');
    case 'class':
    case 'compiledClass':
      return classSignatures(value, inference);
    case 'compiledInstance':
      return value.wraps === undefined ? [] : instanceCallSignatures(value.cls, inference);
    default:
      return [];
  }
}

/**
 * Calling a function through its typed decorator's instance: the class's `__call__` (bound),
 * reported as jedi does under the class's name, with the class docstring followed by jedi's
 * separator and the (empty) docstring of the stub's `__call__`.
 */
function instanceCallSignatures(cls: CompiledClass, inference: Inference): CallSignature[] {
  for (const c of inference.mro({ kind: 'compiledClass', cls })) {
    if (c.kind !== 'compiledClass') continue;
    const call = c.cls.table.methods['__call__'];
    if (call === undefined) continue;
    return compiledSignatures(call, `${cls.module}.${cls.name}`, cls.name, true, `${cls.table.doc ?? ''}\n${'-'.repeat(30)}\n`);
  }
  return [];
}

function compiledFullName(module: string, owner: CompiledClass | null, name: string): string {
  return owner === null ? `${module}.${name}` : `${owner.module}.${owner.name}.${name}`;
}

function compiledSignatures(fn: TableFunction, fullName: string | null, name: string, bound: boolean, doc: string): CallSignature[] {
  return fn.signatures.map((params) => ({
    fullName,
    name,
    params: (bound ? params.slice(1) : params).map(([n, kind]) => ({ name: n, kind: kind as ParamKind })),
    doc,
  }));
}

function definitionFullName(node: CstNode, scope: Scope): string | null {
  if (scope.qualname === null || scope.kind === 'function') return null;
  const name = nameOf(node['name']);
  const qual = scope.qualname === '' ? name : `${scope.qualname}.${name}`;
  return `${scope.module.name}.${qual}`;
}

/** Signature of a `def`; `as` overrides name, full name and docstring (a class using its `__init__`). */
function functionSignature(
  node: CstNode,
  scope: Scope,
  bound: boolean,
  as: { fullName: string | null; name: string; doc: string } | null,
  inference: Inference,
): CallSignature {
  const params: FormalParam[] = [];
  const parameters = node['params'] as CstNode;
  const push = (param: CstNode, kind: ParamKind): void => {
    let name = nameOf(param['name']);
    if (name.startsWith('__')) {
      name = name.slice(2);
      if (kind === ParamKind.PositionalOrKeyword) kind = ParamKind.PositionalOnly;
    }
    params.push({ name, kind });
  };
  for (const p of parameters['posonly_params'] as CstNode[]) push(p, ParamKind.PositionalOnly);
  for (const p of parameters['params'] as CstNode[]) push(p, ParamKind.PositionalOrKeyword);
  const star = parameters['star_arg'] as CstNode | null;
  if (star !== null && star.type === 'Param') push(star, ParamKind.VarPositional);
  for (const p of parameters['kwonly_params'] as CstNode[]) push(p, ParamKind.KeywordOnly);
  const kwargs = parameters['star_kwarg'] as CstNode | null;
  if (kwargs !== null) push(kwargs, ParamKind.VarKeyword);
  let resolved = inference.caches.forwarded.get(node);
  if (resolved === undefined) {
    const truncationsBefore = inference.truncations;
    resolved = resolveForwardedStars(node, scope, params, inference);
    // Shared across files only when no guard cut the inference short (see Inference.truncations).
    if (inference.forwardingDepth === 0 && inference.truncations === truncationsBefore) inference.caches.forwarded.set(node, resolved);
  }
  return {
    fullName: as !== null ? as.fullName : definitionFullName(node, scope),
    name: as !== null ? as.name : nameOf(node['name']),
    params: bound ? resolved.slice(1) : resolved,
    doc: as !== null ? as.doc : definitionDocstring(node),
  };
}

function classSignatures(cls: ClassValue, inference: Inference): CallSignature[] {
  const identity =
    cls.kind === 'class'
      ? { fullName: definitionFullName(cls.node, cls.scope), name: nameOf(cls.node['name']), doc: definitionDocstring(cls.node) }
      : { fullName: `${cls.cls.module}.${cls.cls.name}`, name: cls.cls.name, doc: cls.cls.table.doc ?? '' };
  let init = initOrNew(cls, '__init__', inference);
  if (init === 'object') init = initOrNew(cls, '__new__', inference);
  if (init === null || init === 'object') return [{ ...identity, params: [] }];
  if (init.kind === 'function') return [functionSignature(init.node, init.scope, true, identity, inference)];
  if (init.kind === 'compiledFunction') return compiledSignatures(init.table, identity.fullName, identity.name, true, identity.doc);
  return [{ ...identity, params: [] }];
}

/** The first `name` method along the MRO; 'object' when that is `builtins.object`'s. */
function initOrNew(cls: ClassValue, name: string, inference: Inference): Value | 'object' | null {
  for (const c of inference.mro(cls)) {
    if (c.kind === 'compiledClass') {
      const fn = c.cls.table.methods[name];
      if (fn === undefined) continue;
      if (c.cls.module === 'builtins' && c.cls.name === 'object' && name === '__init__') return 'object';
      return { kind: 'compiledFunction', module: c.cls.module, owner: c.cls, name, table: fn, bound: false };
    }
    const found = inference.classAttribute(c, name, false).find((v) => v.kind === 'function');
    if (found !== undefined) return found;
  }
  return null;
}

/**
 * jedi's star-argument resolution: `*args` / `**kwargs` passed on to another call inside the
 * function are replaced by the parameters of that callee which the call leaves open
 * (`def bar(*args): foo(1, *args)` shows `foo`'s remaining parameters).
 */
function resolveForwardedStars(node: CstNode, scope: Scope, params: FormalParam[], inference: Inference): FormalParam[] {
  const varArgs = params.find((p) => p.kind === ParamKind.VarPositional);
  const varKwargs = params.find((p) => p.kind === ParamKind.VarKeyword);
  if ((varArgs === undefined && varKwargs === undefined) || inference.forwardingDepth > 3) return params;
  const calls = forwardingCalls(node, varArgs?.name ?? null, varKwargs?.name ?? null);
  if (calls.length === 0) return params;
  const fnScope = scope.module.scopeOf(node, scope);
  let positional: FormalParam[] | null = null;
  const keywordOnly: FormalParam[] = [];
  let kwargs: FormalParam | null = null;
  let foundKwargs = false;
  inference.forwardingDepth++;
  try {
    for (const { call, star, doubleStar } of calls) {
      const given = call['args'] as CstNode[];
      let count = given.filter((a) => (a['star'] === '' || a['star'] === null) && a['keyword'] === null).length;
      const usedKeys = new Set(given.flatMap((a) => (a['keyword'] !== null ? [nameOf(a['keyword'])] : [])));
      for (const value of inference.infer(call['func'] as CstNode, fnScope)) {
        for (const signature of signaturesOf(value, inference)) {
          const open: FormalParam[] = [];
          let left = count;
          for (const p of signature.params) {
            const maybePositional = p.kind === ParamKind.PositionalOnly || p.kind === ParamKind.PositionalOrKeyword;
            if (left > 0 && maybePositional) {
              left--;
              continue;
            }
            if (usedKeys.has(p.name) && (p.kind === ParamKind.PositionalOrKeyword || p.kind === ParamKind.KeywordOnly)) continue;
            open.push(p);
          }
          if (star) {
            const own = open.filter((p) => p.kind === ParamKind.PositionalOnly || p.kind === ParamKind.PositionalOrKeyword);
            const mapped = own.map((p) => (doubleStar ? p : { name: p.name, kind: ParamKind.PositionalOnly }));
            if (positional === null || mapped.length > positional.length) positional = mapped;
          }
          if (doubleStar) {
            foundKwargs = true;
            for (const p of open) {
              if (p.kind === ParamKind.KeywordOnly || (!star && p.kind === ParamKind.PositionalOrKeyword)) keywordOnly.push({ name: p.name, kind: ParamKind.KeywordOnly });
              else if (p.kind === ParamKind.VarKeyword && kwargs === null) kwargs = p;
            }
          }
        }
      }
      count = 0;
    }
  } finally {
    inference.forwardingDepth--;
  }
  const out: FormalParam[] = [];
  const used = new Set<string>();
  const ownKeywordOnly: FormalParam[] = [];
  for (const p of params) {
    if (p.kind === ParamKind.VarPositional) {
      if (positional === null) out.push(p);
      else {
        for (const q of positional) {
          out.push(q);
          used.add(q.name);
        }
      }
    } else if (p.kind !== ParamKind.VarKeyword) {
      if (p.kind !== ParamKind.KeywordOnly) used.add(p.name);
      if (p.kind === ParamKind.KeywordOnly) ownKeywordOnly.push(p);
      else out.push(p);
    }
  }
  for (const p of [...ownKeywordOnly, ...keywordOnly]) {
    if (used.has(p.name)) continue;
    used.add(p.name);
    out.push(p);
  }
  if (varKwargs !== undefined) {
    if (!foundKwargs) out.push(varKwargs);
    else if (kwargs !== null) out.push(kwargs);
  }
  return out;
}

/** Calls inside `fn` that pass its `*args` / `**kwargs` on. */
function forwardingCalls(fn: CstNode, args: string | null, kwargs: string | null): { call: CstNode; star: boolean; doubleStar: boolean }[] {
  const out: { call: CstNode; star: boolean; doubleStar: boolean }[] = [];
  const stack: CstNode[] = [fn['body'] as CstNode];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'Call') {
      let star = false;
      let doubleStar = false;
      for (const arg of node['args'] as CstNode[]) {
        const value = arg['value'] as CstNode;
        if (value.type !== 'Name') continue;
        if (arg['star'] === '*' && value['value'] === args) star = true;
        if (arg['star'] === '**' && value['value'] === kwargs) doubleStar = true;
      }
      if (star || doubleStar) out.push({ call: node, star, doubleStar });
    }
    for (const value of Object.values(node)) {
      if (Array.isArray(value)) {
        for (const item of value) if (item !== null && typeof item === 'object' && typeof (item as CstNode).type === 'string') stack.push(item as CstNode);
      } else if (value !== null && typeof value === 'object' && typeof (value as CstNode).type === 'string') {
        stack.push(value as CstNode);
      }
    }
  }
  return out;
}
