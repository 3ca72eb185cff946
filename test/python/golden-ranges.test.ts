import { describe, expect, it } from 'vitest';
import type { CstNode } from '../../src/python/cst.js';
import { parseModule } from '../../src/python/parser/index.js';
import { children } from '../../src/python/visit.js';
import { goldenNames, loadGolden, readGoldenInput } from '../helpers/golden.js';

/** BugLab's function finder: every FunctionDef not inside another function, in document order. */
function outermostFunctions(node: CstNode, out: CstNode[] = []): CstNode[] {
  if (node.type === 'FunctionDef') {
    out.push(node);
    return out;
  }
  for (const [, child] of children(node)) outermostFunctions(child, out);
  return out;
}

describe('FunctionDef ranges equal the golden code_range of every function', () => {
  const names = goldenNames();
  it('has golden files', () => {
    expect(names.length).toBeGreaterThan(40);
  });
  it.each(names)('%s', (name) => {
    const golden = loadGolden(name);
    const functions = outermostFunctions(parseModule(readGoldenInput(name)));
    const ours = functions.slice(0, golden.functions.length).map((f) => {
      const r = f.range!;
      return [[r.start.line, r.start.column], [r.end.line, r.end.column]];
    });
    if (golden.truncated_to_first_functions === null) expect(functions.length).toBe(golden.num_functions_in_file);
    expect(ours).toEqual(golden.functions.map((f) => f.code_range));
  });
});
