import type { CstNode } from '../python/cst.js';
import { childPlan, isNodeValue } from '../python/visit.js';
import type { Provider } from './analysis.js';

export interface ParentInfo {
  readonly parent: CstNode;
  /** The parent's field that holds the node. */
  readonly field: string;
}

/** Every node's parent and the field that holds it (the module has none). */
export const parentsProvider: Provider<Map<CstNode, ParentInfo>> = {
  name: 'parents',
  compute(file) {
    return parentsUnder(file.module);
  },
};

/**
 * The parent of every node under `root` (not of `root` itself). The nodes of one list field share
 * their (equal) `ParentInfo`; a rewritten function pays this walk per rewrite, so it allocates no
 * callback per node.
 */
export function parentsUnder(root: CstNode): Map<CstNode, ParentInfo> {
  const parents = new Map<CstNode, ParentInfo>();
  const stack: CstNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const { properties, fields } = childPlan(node.type);
    for (let f = 0; f < properties.length; f++) {
      const value = node[properties[f]!];
      if (Array.isArray(value)) {
        let info: ParentInfo | undefined;
        for (let i = 0; i < value.length; i++) {
          const item: unknown = value[i];
          if (!isNodeValue(item)) continue;
          info ??= { parent: node, field: fields[f]! };
          parents.set(item, info);
          stack.push(item);
        }
      } else if (isNodeValue(value)) {
        parents.set(value, { parent: node, field: fields[f]! });
        stack.push(value);
      }
    }
  }
  return parents;
}
