import { describe, expect, it } from 'vitest';
import { FileAnalysis } from '../../src/graph/analysis.js';
import { parentsProvider } from '../../src/graph/parents.js';
import type { CstNode } from '../../src/python/cst.js';
import { children } from '../../src/python/visit.js';
import { findAll, parseModule } from '../../src/python/index.js';

describe('children', () => {
  it("yields an except clause's exception expression under LibCST's field name `type`", () => {
    const text = 'try:\n    pass\nexcept (KeyError, ValueError) as e:\n    pass\n';
    const module = parseModule(text);
    const handler = findAll(module, 'ExceptHandler')[0]!;
    const fields = children(handler).filter(([, child]) => child.type !== 'SimpleWhitespace').map(([field, child]) => `${field}:${child.type}`);
    expect(fields).toEqual(['type:Tuple', 'name:AsName', 'body:IndentedBlock']);
  });

  it('gives every node of a module a parent, except clauses included', () => {
    const text = 'try:\n    f()\nexcept* OSError as e:\n    g(e)\n';
    const module = parseModule(text);
    const parents = new FileAnalysis(text, module, 'x.py').get(parentsProvider);
    const name = findAll(module, 'Name').find((n: CstNode) => n['value'] === 'OSError')!;
    expect(parents.get(name)?.parent.type).toBe('ExceptStarHandler');
    expect(parents.get(name)?.field).toBe('type');
  });
});
