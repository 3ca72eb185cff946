/**
 * The one traversal of the CST: the children of a node in LibCST's visiting order
 * (`NODE_SCHEMA[type].visit`), with or without whitespace nodes, and walks built on it. Every
 * later stage (graph passes, scope builder, rewrites) goes through here. The child properties come
 * from the generated, typed `CHILD_PROPERTIES` (nodes.ts), so a node kind cannot lack an entry; a
 * type string LibCST does not have throws at its first visit.
 *
 * Deep trees: the parser accepts expressions 2,000 levels deep. `walk`, `findAll`, `children` and
 * `pushChildren` use no recursion. Recursive visitors (the flow passes, the scope builder) call
 * `visitNonWhitespaceChildren(node, this)`, which costs one stack frame per level as a private
 * loop would, instead of the two of a callback.
 */
import type { CodeRange, CstNode } from './cst.js';
import { CHILD_PROPERTIES, type NodeType } from './nodes.js';
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

/** How to find the children of a node of one type. */
export interface ChildPlan {
  /** The properties holding children, in visiting order. */
  readonly properties: readonly string[];
  /** The LibCST field name of each property (the `Child` edge label). */
  readonly fields: readonly string[];
  /** BugLab's whitespace test: such nodes never become graph nodes. */
  readonly whitespace: boolean;
}

const plans = new Map<string, ChildPlan>();

/** The child plan of node type `type`; throws for a type LibCST does not have. */
export function childPlan(type: string): ChildPlan {
  let plan = plans.get(type);
  if (plan === undefined) {
    const schema = NODE_SCHEMA[type];
    if (schema === undefined) throw new Error(`unknown CST node type ${String(type)}`);
    plan = { properties: CHILD_PROPERTIES[type as NodeType], fields: schema.visit, whitespace: schema.whitespace };
    plans.set(type, plan);
  }
  return plan;
}

/** Whether `node` is one of LibCST's whitespace nodes (which never become graph nodes). */
export function isWhitespaceNode(node: CstNode): boolean {
  return childPlan(node.type).whitespace;
}

/** Whether a child property's value (or an item of a list property) is a node. */
export function isNodeValue(value: unknown): value is CstNode {
  return typeof value === 'object' && value !== null && typeof (value as CstNode).type === 'string';
}

function isNonWhitespaceNode(value: unknown): value is CstNode {
  return isNodeValue(value) && !childPlan(value.type).whitespace;
}

export interface ChildOptions {
  /** Include whitespace nodes (`SimpleWhitespace`, `EmptyLine`, `Newline`, ...). Default true. */
  readonly whitespace?: boolean;
}

/** Calls `visit` for every child of `node` in visiting order, with the LibCST field that holds it. */
export function forEachChild(node: CstNode, visit: (child: CstNode, field: string) => void, options?: ChildOptions): void {
  const test = options?.whitespace === false ? isNonWhitespaceNode : isNodeValue;
  const { properties, fields } = childPlan(node.type);
  for (let f = 0; f < properties.length; f++) {
    const value = node[properties[f]!];
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const item: unknown = value[i];
        if (test(item)) visit(item, fields[f]!);
      }
    } else if (test(value)) {
      visit(value, fields[f]!);
    }
  }
}

/**
 * Calls `visitor.visit` on every non-whitespace child of `node` in visiting order: the child loop of
 * a recursive visitor (one stack frame per level, see the header).
 */
export function visitNonWhitespaceChildren(node: CstNode, visitor: { visit(child: CstNode): void }): void {
  const properties = childPlan(node.type).properties;
  for (let f = 0; f < properties.length; f++) {
    const value = node[properties[f]!];
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const item: unknown = value[i];
        if (isNonWhitespaceNode(item)) visitor.visit(item);
      }
    } else if (isNonWhitespaceNode(value)) {
      visitor.visit(value);
    }
  }
}

/** The children of `node` in visiting order, each with the LibCST field that holds it. */
export function children(node: CstNode, options?: ChildOptions): Array<[field: string, child: CstNode]> {
  const out: Array<[string, CstNode]> = [];
  forEachChild(node, (child, field) => out.push([field, child]), options);
  return out;
}

/** The non-whitespace children of `node` in visiting order. */
export function nonWhitespaceChildren(node: CstNode): CstNode[] {
  const out: CstNode[] = [];
  forEachChild(node, (child) => out.push(child), { whitespace: false });
  return out;
}

export interface PushOptions extends ChildOptions {
  /** Push the last child first, so that popping the stack yields pre-order. Default false. */
  readonly reverse?: boolean;
}

/** Pushes the children of `node` onto `stack` (whitespace included unless `options.whitespace` is false). */
export function pushChildren(node: CstNode, stack: CstNode[], options?: PushOptions): void {
  const test = options?.whitespace === false ? isNonWhitespaceNode : isNodeValue;
  const properties = childPlan(node.type).properties;
  if (options?.reverse === true) {
    for (let f = properties.length - 1; f >= 0; f--) {
      const value = node[properties[f]!];
      if (Array.isArray(value)) {
        for (let i = value.length - 1; i >= 0; i--) if (test(value[i])) stack.push(value[i] as CstNode);
      } else if (test(value)) {
        stack.push(value);
      }
    }
  } else {
    for (let f = 0; f < properties.length; f++) {
      const value = node[properties[f]!];
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) if (test(value[i])) stack.push(value[i] as CstNode);
      } else if (test(value)) {
        stack.push(value);
      }
    }
  }
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

export type WalkOptions = ChildOptions;

interface Frame {
  readonly node: CstNode;
  readonly parent: CstNode | null;
  readonly field: string | null;
  /** The children not yet walked, last first (null until entered). */
  pending: Array<[field: string, child: CstNode]> | null;
}

/**
 * Walks the tree below and including `root` depth-first in LibCST's visiting order, whitespace
 * nodes included unless `options.whitespace` is false. An explicit stack: any depth.
 */
export function walk(root: CstNode, visitor: Visitor, options: WalkOptions = {}): void {
  const whitespace = options.whitespace !== false;
  if (!whitespace && isWhitespaceNode(root)) return;
  const stack: Frame[] = [{ node: root, parent: null, field: null, pending: null }];
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    if (frame.pending === null) {
      const descend = visitor.enter?.(frame.node, frame.parent, frame.field) !== false;
      frame.pending = descend ? children(frame.node, options).reverse() : [];
    }
    const next = frame.pending.pop();
    if (next === undefined) {
      stack.pop();
      visitor.leave?.(frame.node, frame.parent, frame.field);
    } else {
      stack.push({ node: next[1], parent: frame.node, field: next[0], pending: null });
    }
  }
}

/**
 * Every node below and including `root` whose type is `type` (or one of `type`), in visiting order
 * (pre-order). With `options.descend` false, does not look inside a match (outermost matches only).
 */
export function findAll(root: CstNode, type: string | readonly string[], options: { descend?: boolean } = {}): CstNode[] {
  const wanted = typeof type === 'string' ? [type] : type;
  const descend = options.descend !== false;
  const found: CstNode[] = [];
  const stack: CstNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (wanted.includes(node.type)) {
      found.push(node);
      if (!descend) continue;
    }
    pushChildren(node, stack, { reverse: true });
  }
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
