/**
 * Generic traversal of the CST in LibCST's child visiting order (`NODE_SCHEMA[type].visit`), and
 * position lookup per node.
 */
import type { CodeRange, CstNode } from './cst.js';
import { NODE_SCHEMA } from './schema.js';

/**
 * LibCST's `ExceptHandler` and `ExceptStarHandler` have a field named `type` (the exception
 * expression), which would collide with the node's own `type` (its class name): that field is kept
 * under this property instead. Everything else is stored under its LibCST field name.
 */
export const EXCEPT_TYPE_FIELD = 'exceptType';

/** The property of a `nodeType` node that holds LibCST field `field`. */
export function propertyOfField(nodeType: string, field: string): string {
  return field === 'type' && (nodeType === 'ExceptHandler' || nodeType === 'ExceptStarHandler') ? EXCEPT_TYPE_FIELD : field;
}

/** The value of LibCST field `field` of `node` (see `EXCEPT_TYPE_FIELD`). */
export function fieldValue(node: CstNode, field: string): unknown {
  return node[propertyOfField(node.type, field)];
}

interface VisitPlan {
  /** LibCST field names, in visiting order. */
  readonly fields: readonly string[];
  /** The properties that hold them. */
  readonly properties: readonly string[];
  readonly whitespace: boolean;
}

const plans = new Map<string, VisitPlan>();

function planOf(type: string): VisitPlan {
  let plan = plans.get(type);
  if (plan === undefined) {
    const schema = NODE_SCHEMA[type];
    if (schema === undefined) throw new Error(`unknown CST node type ${type}`);
    plan = { fields: schema.visit, properties: schema.visit.map((f) => propertyOfField(type, f)), whitespace: schema.whitespace };
    plans.set(type, plan);
  }
  return plan;
}

function isNodeValue(value: unknown): value is CstNode {
  return typeof value === 'object' && value !== null && typeof (value as CstNode).type === 'string';
}

/** Whether `node` is one of LibCST's whitespace nodes (which never become graph nodes). */
export function isWhitespaceNode(node: CstNode): boolean {
  return planOf(node.type).whitespace;
}

/** The children of `node` in LibCST's visiting order, each with the LibCST field that holds it. */
export function children(node: CstNode): Array<[field: string, child: CstNode]> {
  const plan = planOf(node.type);
  const out: Array<[string, CstNode]> = [];
  for (let i = 0; i < plan.fields.length; i++) {
    const value = node[plan.properties[i]!];
    if (Array.isArray(value)) {
      for (const item of value) if (isNodeValue(item)) out.push([plan.fields[i]!, item]);
    } else if (isNodeValue(value)) {
      out.push([plan.fields[i]!, value]);
    }
  }
  return out;
}

export interface Visitor {
  /**
   * Called before the children of `node`; returning `false` skips them (and `leave` of `node`
   * is still called), as a LibCST `visit_*` returning False does.
   */
  enter?(node: CstNode, parent: CstNode | null, field: string | null): boolean | void;
  /** Called after the children of `node`. */
  leave?(node: CstNode, parent: CstNode | null, field: string | null): void;
}

export interface WalkOptions {
  /** Visit whitespace nodes (`SimpleWhitespace`, `EmptyLine`, `Newline`, ...) too. Default true. */
  whitespace?: boolean;
}

/** Walks the tree below and including `root` depth-first in LibCST's visiting order. */
export function walk(root: CstNode, visitor: Visitor, options: WalkOptions = {}): void {
  walkNode(root, null, null, visitor, options.whitespace !== false);
}

function walkNode(node: CstNode, parent: CstNode | null, field: string | null, visitor: Visitor, whitespace: boolean): void {
  const plan = planOf(node.type);
  if (plan.whitespace && !whitespace) return;
  if (visitor.enter?.(node, parent, field) !== false) {
    for (let i = 0; i < plan.fields.length; i++) {
      const value = node[plan.properties[i]!];
      if (Array.isArray(value)) {
        for (const item of value) if (isNodeValue(item)) walkNode(item, node, plan.fields[i]!, visitor, whitespace);
      } else if (isNodeValue(value)) {
        walkNode(value, node, plan.fields[i]!, visitor, whitespace);
      }
    }
  }
  visitor.leave?.(node, parent, field);
}

/**
 * Every node below and including `root` whose type is `type` (or one of `type`), in visiting order
 * (pre-order). With `options.descend` false, does not look inside a match (outermost matches only).
 */
export function findAll(root: CstNode, type: string | readonly string[], options: { descend?: boolean } = {}): CstNode[] {
  const wanted = typeof type === 'string' ? [type] : type;
  const descend = options.descend !== false;
  const found: CstNode[] = [];
  walk(
    root,
    {
      enter(node) {
        if (!wanted.includes(node.type)) return true;
        found.push(node);
        return descend;
      },
    },
  );
  return found;
}

/** The syntactic range of `node` (see positions.ts); throws if positions were never assigned. */
export function rangeOf(node: CstNode): CodeRange {
  const range = node.range;
  if (range === undefined) {
    throw new Error(`${node.type} node has no position: call assignPositions(module) on its tree first (parseModule does)`);
  }
  return range;
}
