/** Swapping two positional (non-keyword, non-starred) arguments of a call with two or more of them. */
import type { CstNode } from '../../python/cst.js';
import { argSwap } from '../ops.js';
import type { Scout } from './scout.js';

export function argSwapScout(): Scout {
  return {
    visits: ['Call'],
    enter(call, _parent, context) {
      const args = call['args'] as CstNode[];
      const positional: number[] = [];
      for (let k = 0; k < args.length; k++) {
        const arg = args[k]!;
        if (arg['keyword'] === null && arg['star'] === '') positional.push(k);
      }
      if (positional.length <= 1) return;
      const range = (call['func'] as CstNode).range!;
      for (let a = 0; a < positional.length; a++) {
        for (let b = a + 1; b < positional.length; b++) {
          context.emit({ op: argSwap(range, positional[a]!, positional[b]!), scout: 'ArgSwapRewriteScout', anchor: call, metadata: null });
        }
      }
    },
  };
}
