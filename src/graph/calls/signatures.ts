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
      return [functionSignature(value.node, value.scope, value.bound, null)];
    case 'compiledFunction':
      return compiledSignatures(value.table, compiledFullName(value.module, value.owner, value.name), value.name, value.bound, value.owner === null ? (value.table.doc ?? '') : '');
    case 'class':
    case 'compiledClass':
      return classSignatures(value, inference);
    default:
      return [];
  }
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
  return {
    fullName: as !== null ? as.fullName : definitionFullName(node, scope),
    name: as !== null ? as.name : nameOf(node['name']),
    params: bound ? params.slice(1) : params,
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
  if (init.kind === 'function') return [functionSignature(init.node, init.scope, true, identity)];
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
