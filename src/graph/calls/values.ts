/** What an expression may evaluate to, as far as call resolution needs to know. */
import type { CstNode } from '../../python/cst.js';
import type { ObjectIds } from './caches.js';
import type { CompiledModuleTable, TableClass, TableFunction } from './table-types.js';
import type { ModuleScope, Scope } from './scopes.js';

/** A class of a compiled module (from the generated table). */
export interface CompiledClass {
  readonly module: string;
  readonly name: string;
  readonly table: TableClass;
}

export type Value =
  | { readonly kind: 'module'; readonly scope: ModuleScope }
  | { readonly kind: 'compiledModule'; readonly name: string; readonly table: CompiledModuleTable }
  /** A `def`; `scope` is the scope that defines it; `bound` drops the first parameter. */
  | { readonly kind: 'function'; readonly node: CstNode; readonly scope: Scope; readonly bound: boolean }
  | { readonly kind: 'class'; readonly node: CstNode; readonly scope: Scope }
  | { readonly kind: 'instance'; readonly cls: ClassValue }
  /** A compiled function or method; `owner` is the class defining a method. */
  | { readonly kind: 'compiledFunction'; readonly module: string; readonly owner: CompiledClass | null; readonly name: string; readonly table: TableFunction; readonly bound: boolean }
  | { readonly kind: 'compiledClass'; readonly cls: CompiledClass }
  /** `wraps`: the `def` this instance stands for, when it came from a typed decorator (`@lru_cache`). */
  | { readonly kind: 'compiledInstance'; readonly cls: CompiledClass; readonly wraps?: CstNode }
  /** `super()` in a method of `cls`: attributes come from the classes after `cls` in its MRO. */
  | { readonly kind: 'super'; readonly cls: ClassValue; readonly viaInstance: boolean };

export type ClassValue = Extract<Value, { kind: 'class' }> | Extract<Value, { kind: 'compiledClass' }>;

/** Identity of a value, for removing duplicates. */
export function valueKey(value: Value, ids: ObjectIds): unknown {
  switch (value.kind) {
    case 'module':
      return value.scope;
    case 'compiledModule':
      return value.table;
    case 'function':
      return value.bound ? `bound:${value.node.range?.start.line}:${value.node.range?.start.column}:${value.scope.module.name}` : value.node;
    case 'class':
      return value.node;
    case 'instance':
      return `instance:${String(valueKeyId(value.cls, ids))}`;
    case 'compiledFunction':
      return `${value.bound ? 'bound' : 'free'}:${value.module}.${value.owner?.name ?? ''}.${value.name}`;
    case 'compiledClass':
      return value.cls.table;
    case 'compiledInstance':
      return `cinstance:${value.cls.module}.${value.cls.name}`;
    case 'super':
      return `super:${String(valueKeyId(value.cls, ids))}`;
  }
}

function valueKeyId(value: ClassValue, ids: ObjectIds): number {
  return ids.of((value.kind === 'class' ? value.node : value.cls.table) as object);
}

export function uniqueValues(ids: ObjectIds, values: Value[]): Value[] {
  if (values.length < 2) return values;
  const seen = new Set<unknown>();
  const out: Value[] = [];
  for (const value of values) {
    const key = valueKey(value, ids);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(value);
  }
  return out;
}
