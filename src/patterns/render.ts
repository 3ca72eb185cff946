/**
 * Rendering a pattern template as Python: bugmine's code generator on the template with every hole
 * replaced by its name (`h0`, `h1`, ...) in a node that generates in that position: a name for an
 * expression, the name between the operator's spaces for an operator, a one-line block `h2` for a
 * block, `else:`/`except:`/`finally:` with body `h3` for a clause.
 */
import { codegen } from '../python/codegen.js';
import type { CstNode } from '../python/cst.js';
import { parseModule } from '../python/parser/index.js';
import { hasHoles, type HoleNode, isHole, rebuild } from './tree.js';

export function holeName(hole: number): string {
  return `h${hole}`;
}

function nameNode(text: string): CstNode {
  return { type: 'Name', value: text, lpar: [], rpar: [] };
}

/** Deep-copies `node` replacing the Name `__HOLE__` by `text`. */
function withName(node: CstNode, text: string): CstNode {
  return JSON.parse(JSON.stringify(node).replace('"__HOLE__"', JSON.stringify(text))) as CstNode;
}

const shapes = (() => {
  const ifElse = (parseModule('if x:\n    __HOLE__\nelse:\n    __HOLE__\n')['body'] as CstNode[])[0]!;
  const tryAll = (parseModule('try:\n    pass\nexcept:\n    __HOLE__\nfinally:\n    __HOLE__\n')['body'] as CstNode[])[0]!;
  const line = (parseModule('__HOLE__\n')['body'] as CstNode[])[0]!;
  return {
    block: ifElse['body'] as CstNode,
    orelse: ifElse['orelse'] as CstNode,
    handler: (tryAll['handlers'] as CstNode[])[0]!,
    finally: tryAll['finalbody'] as CstNode,
    stmt: line,
  };
})();

function holeView(hole: HoleNode, name: (h: number) => string): CstNode {
  const text = name(hole.hole);
  switch (hole.role) {
    case 'op':
      return nameNode(`${hole.pad?.[0] ?? ' '}${text}${hole.pad?.[1] ?? ' '}`);
    case 'block':
      return withName(shapes.block, text);
    case 'stmt':
      return withName(shapes.stmt, text);
    case 'clause':
      if (hole.of === 'ExceptHandler' || hole.of === 'ExceptStarHandler') return withName(shapes.handler, text);
      if (hole.of === 'Finally') return withName(shapes.finally, text);
      return withName(shapes.orelse, text);
    default:
      return nameNode(text);
  }
}

/** The template with holes replaced by renderable nodes. */
export function renderable(template: CstNode, name: (h: number) => string = holeName): CstNode {
  if (isHole(template)) return holeView(template, name);
  if (!hasHoles(template)) return template;
  return rebuild(template, (child) => renderable(child, name));
}

/** Python text of a template (holes as `h0`, `h1`, ...), without trailing newline. */
export function renderTemplate(template: CstNode, name: (h: number) => string = holeName): string {
  return codegen(renderable(template, name)).replace(/\s+$/, '');
}
