/**
 * Allocation-free child iteration in LibCST's visiting order, for the hot walks of the graph passes
 * (`children` in src/python/visit.ts is the array-returning equivalent).
 */
import type { CstNode } from '../python/cst.js';
import { NODE_SCHEMA } from '../python/schema.js';
import { propertyOfField } from '../python/visit.js';

export interface VisitPlan {
  /** The properties holding children, in visiting order. */
  readonly properties: readonly string[];
  /** The LibCST field name of each property (the `Child` edge label). */
  readonly fields: readonly string[];
  /** BugLab's whitespace test. */
  readonly whitespace: boolean;
}

const plans = new Map<string, VisitPlan>();

export function visitPlan(node: CstNode): VisitPlan {
  let plan = plans.get(node.type);
  if (plan === undefined) {
    const schema = NODE_SCHEMA[node.type];
    if (schema === undefined) throw new Error(`unknown CST node type ${String(node.type)}`);
    const type = node.type;
    plan = {
      // ExceptHandler's `type` field is kept under another property (see src/python/visit.ts).
      properties: schema.visit.map((f) => propertyOfField(type, f)),
      fields: schema.visit,
      whitespace: schema.whitespace,
    };
    plans.set(node.type, plan);
  }
  return plan;
}

export function isWhitespaceNode(node: CstNode): boolean {
  return visitPlan(node).whitespace;
}

function isChild(value: unknown): value is CstNode {
  return value !== null && typeof value === 'object';
}

/** Calls `visit` for every child of `node` (whitespace included) with its LibCST field name. */
export function forEachChild(node: CstNode, visit: (child: CstNode, field: string) => void): void {
  const { properties, fields } = visitPlan(node);
  for (let f = 0; f < properties.length; f++) {
    const value = node[properties[f]!];
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) if (isChild(value[i])) visit(value[i] as CstNode, fields[f]!);
    } else if (isChild(value)) {
      visit(value, fields[f]!);
    }
  }
}

/** Pushes the children of `node` onto `stack` in reverse visiting order, so popping yields pre-order. */
export function pushChildrenReversed(node: CstNode, stack: CstNode[]): void {
  const properties = visitPlan(node).properties;
  for (let f = properties.length - 1; f >= 0; f--) {
    const value = node[properties[f]!];
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) if (isChild(value[i])) stack.push(value[i] as CstNode);
    } else if (isChild(value)) {
      stack.push(value);
    }
  }
}

/** Pushes the children of `node` onto `stack` in visiting order. */
export function pushChildren(node: CstNode, stack: CstNode[]): void {
  const properties = visitPlan(node).properties;
  for (let f = 0; f < properties.length; f++) {
    const value = node[properties[f]!];
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) if (isChild(value[i])) stack.push(value[i] as CstNode);
    } else if (isChild(value)) {
      stack.push(value);
    }
  }
}
