/**
 * BugLab's AST relations: in pre-order over the non-whitespace nodes, `Child` from each node to each
 * non-whitespace child (label: the field holding it) and `Sibling` from each such child to the next
 * one of the same parent, across fields. Whitespace nodes are neither linked nor entered.
 */
import { rangeContains, type CstNode } from '../../python/cst.js';
import type { FileAnalysis } from '../analysis.js';
import type { FunctionAlone } from '../function-alone.js';
import type { CodeRelations } from '../relations.js';
import { childPlan, forEachChild, isNodeValue, isWhitespaceNode, type ChildPlan } from '../../python/visit.js';

export function addAstRelations(file: FileAnalysis, relations: CodeRelations): void {
  addSubtreeAstRelations(file.module, relations);
}

/**
 * The AST relations of one function alone, equal to those of the whole-file pass inside the
 * function's range. They start at the outermost ancestor whose range still lies inside the
 * function's (the IndentedBlock of a class whose only statement is this method has exactly its
 * range, so BugLab's graph of the method contains it); other edges into or out of that subtree have
 * an end outside the range.
 */
export function addFunctionAstRelations(fn: FunctionAlone, relations: CodeRelations): void {
  addSubtreeAstRelations(fn.graphRoot, relations);
}

/**
 * The first node on the path from `module` down to `target` whose range lies inside `target`'s:
 * where the AST relations of a function's graph start.
 */
export function functionGraphRoot(module: CstNode, target: CstNode): CstNode {
  const range = target.range!;
  let node = module;
  while (node !== target) {
    if (node.range !== undefined && rangeContains(range, node.range)) return node;
    let next: CstNode | null = null;
    forEachChild(node, (child) => {
      if (next === null && !isWhitespaceNode(child) && child.range !== undefined && rangeContains(child.range, range)) next = child;
    });
    if (next === null) throw new Error('the function is not in the module');
    node = next;
  }
  return target;
}

/** The AST relations of the subtree under `root`. */
export function addSubtreeAstRelations(root: CstNode, relations: CodeRelations): void {
  const childEdges = relations.edgesOf('Child');
  const siblingEdges = relations.edgesOf('Sibling');
  // Each node with its child plan, looked up once: for the whitespace test and for its children.
  const stack: CstNode[] = [root];
  const plans: ChildPlan[] = [childPlan(root.type)];
  const children: CstNode[] = [];
  const childPlans: ChildPlan[] = [];
  while (stack.length > 0) {
    const parent = stack.pop()!;
    const { properties, fields } = plans.pop()!;
    let previous: CstNode | null = null;
    children.length = 0;
    childPlans.length = 0;
    for (let f = 0; f < properties.length; f++) {
      const value = parent[properties[f]!];
      const field = fields[f]!;
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) {
          const item: unknown = value[i];
          if (!isNodeValue(item)) continue;
          const plan = childPlan(item.type);
          if (plan.whitespace) continue;
          childEdges.add(parent, item, field);
          if (previous !== null) siblingEdges.add(previous, item);
          previous = item;
          children.push(item);
          childPlans.push(plan);
        }
      } else if (isNodeValue(value)) {
        const plan = childPlan(value.type);
        if (plan.whitespace) continue;
        childEdges.add(parent, value, field);
        if (previous !== null) siblingEdges.add(previous, value);
        previous = value;
        children.push(value);
        childPlans.push(plan);
      }
    }
    // Pre-order: the first child is visited next.
    for (let i = children.length - 1; i >= 0; i--) {
      stack.push(children[i]!);
      plans.push(childPlans[i]!);
    }
  }
}
