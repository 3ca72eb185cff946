/**
 * A LibCST-style transformer over bugmine's CST: a post-order rebuild in LibCST's visiting order
 * where `leave(original, updated)` returns the node to put in place (or `REMOVE`, LibCST's
 * `RemovalSentinel`). Nodes are never mutated: a parent whose children changed is copied, the rest
 * of the tree is shared with the input.
 */
import { type CstNode, isNode } from '../python/cst.js';
import { childPlan } from '../python/visit.js';

export const REMOVE: unique symbol = Symbol('remove');
export type Replacement = CstNode | typeof REMOVE;

export interface Transformer {
  /** Called before the children; `false` skips them (`leave` is still called), as in LibCST. */
  visit?(node: CstNode): boolean | void;
  /** Called after the children with the node as it was and as rebuilt from the new children. */
  leave?(original: CstNode, updated: CstNode): Replacement;
  /** Called once the children and `leave` are done, with the original node (to pop a stack). */
  after?(original: CstNode): void;
}

/** `node` rebuilt by `transformer`. */
export function transformTree(node: CstNode, transformer: Transformer): Replacement {
  let updated = node;
  if (transformer.visit?.(node) !== false) {
    let copy: Record<string, unknown> | null = null;
    for (const property of childPlan(node.type).properties) {
      const value = node[property];
      if (Array.isArray(value)) {
        let changed = false;
        const items: unknown[] = [];
        for (const item of value as unknown[]) {
          if (!isNode(item)) {
            items.push(item);
            continue;
          }
          const replaced = transformTree(item, transformer);
          if (replaced !== item) changed = true;
          if (replaced !== REMOVE) items.push(replaced);
        }
        if (changed) (copy ??= { ...node })[property] = items;
      } else if (isNode(value)) {
        const replaced = transformTree(value, transformer);
        if (replaced !== value) (copy ??= { ...node })[property] = replaced === REMOVE ? null : replaced;
      }
    }
    if (copy !== null) updated = copy as CstNode;
  }
  const result = transformer.leave === undefined ? updated : transformer.leave(node, updated);
  transformer.after?.(node);
  return result;
}

/** `transformTree` for a root that cannot be removed (a `Module`). */
export function transformModule(module: CstNode, transformer: Transformer): CstNode {
  const result = transformTree(module, transformer);
  if (result === REMOVE) throw new Error('a transformer removed the module');
  return result;
}

export function whitespace(value: string): CstNode {
  return { type: 'SimpleWhitespace', value };
}

export const hasType = (node: unknown, ...types: string[]): node is CstNode => isNode(node) && types.includes(node.type);

/** A child node field of `node` (throws if it is not a node: a malformed tree). */
export function nodeField(node: CstNode, field: string): CstNode {
  const value = node[field];
  if (!isNode(value)) throw new Error(`${node.type}.${field} is not a node`);
  return value;
}

export function listField(node: CstNode, field: string): CstNode[] {
  return node[field] as CstNode[];
}
