import type { CstNode } from '../../python/cst.js';
import { NODE_SCHEMA } from '../../python/schema.js';

/**
 * The property holding LibCST field `field`: `ExceptHandler.type` / `ExceptStarHandler.type` (the
 * exception expression) would collide with the node's class name and is kept as `exceptType`.
 */
export function fieldValue(node: CstNode, field: string): unknown {
  if (field === 'type') return node['exceptType'];
  return node[field];
}

/** The non-whitespace children of `node` in LibCST's visiting order (walks of the scope and flow passes). */
export function nonWhitespaceChildren(node: CstNode): CstNode[] {
  const schema = NODE_SCHEMA[node.type];
  if (schema === undefined) throw new Error(`unknown CST node type ${node.type}`);
  const out: CstNode[] = [];
  for (const field of schema.visit) {
    const value = fieldValue(node, field);
    if (Array.isArray(value)) {
      for (const item of value as unknown[]) pushNode(out, item);
    } else {
      pushNode(out, value);
    }
  }
  return out;
}

function pushNode(out: CstNode[], value: unknown): void {
  if (typeof value !== 'object' || value === null) return;
  const node = value as CstNode;
  if (typeof node.type !== 'string') return;
  const schema = NODE_SCHEMA[node.type];
  if (schema !== undefined && !schema.whitespace) out.push(node);
}
