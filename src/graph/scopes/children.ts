import type { CstNode } from '../../python/cst.js';
import { NODE_SCHEMA } from '../../python/schema.js';

/**
 * `ExceptHandler.type` / `ExceptStarHandler.type` (the exception expression) would collide with the
 * node's class name; the CST keeps it as `exceptType` (src/python/visit.ts).
 */
const EXCEPT_TYPE_PROPERTY = 'exceptType';

/** Per node type: the properties holding its children, in LibCST's visiting order. */
const childProperties = new Map<string, readonly string[]>();

/** The properties holding the children of a node of `type`, in LibCST's visiting order. */
export function propertiesOf(type: string): readonly string[] {
  let properties = childProperties.get(type);
  if (properties === undefined) {
    const schema = NODE_SCHEMA[type];
    if (schema === undefined) throw new Error(`unknown CST node type ${type}`);
    const handler = type === 'ExceptHandler' || type === 'ExceptStarHandler';
    properties = schema.visit.map((field) => (handler && field === 'type' ? EXCEPT_TYPE_PROPERTY : field));
    childProperties.set(type, properties);
  }
  return properties;
}

const WHITESPACE_TYPES: ReadonlySet<string> = new Set(
  Object.entries(NODE_SCHEMA)
    .filter(([, schema]) => schema.whitespace)
    .map(([type]) => type),
);

/** Whether a property value is a (non-whitespace) child node. */
export function isChildNode(value: unknown): value is CstNode {
  return typeof value === 'object' && value !== null && !WHITESPACE_TYPES.has((value as CstNode).type);
}

/** Calls `visit` on the non-whitespace children of `node` in LibCST's visiting order. */
export function forEachChild(node: CstNode, visit: (child: CstNode) => void): void {
  for (const property of propertiesOf(node.type)) {
    const value = node[property];
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const item: unknown = value[i];
        if (isChildNode(item)) visit(item);
      }
    } else if (isChildNode(value)) {
      visit(value);
    }
  }
}

/** The non-whitespace children of `node` in LibCST's visiting order. */
export function nonWhitespaceChildren(node: CstNode): CstNode[] {
  const out: CstNode[] = [];
  forEachChild(node, (child) => out.push(child));
  return out;
}
