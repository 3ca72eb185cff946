/**
 * BugLab's semantics-preserving transforms at probability 1, byte for byte on every input of
 * ../shared/conformance/semantics-preserving/ (MirrorComparisons, CommentDelete, IfElseSwap), the
 * rename candidates of every def, and NegateExpression on every if/elif and conditional test.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { codegen, parseModule, walk } from '../../src/python/index.js';
import type { CstNode } from '../../src/python/cst.js';
import { applyTransform, negateExpression, renameCandidatesOf } from '../../src/transform/index.js';
import { SHARED } from '../helpers/cli.js';

const GOLDEN = join(SHARED, 'conformance', 'semantics-preserving');
const INPUTS = join(SHARED, 'conformance', 'inputs');
const available = existsSync(GOLDEN) && existsSync(INPUTS);
const inputs = available ? readdirSync(INPUTS).filter((name) => name.endsWith('.py')).sort() : [];
const read = (path: string): string => readFileSync(path, 'utf8');

describe.skipIf(!available)('semantics-preserving transforms: conformance with BugLab', () => {
  it('has the 52 inputs the README counts', () => {
    expect(inputs).toHaveLength(52);
    expect(JSON.parse(read(join(GOLDEN, 'errors.json')))).toEqual({});
  });

  for (const transform of ['MirrorComparisons', 'CommentDelete', 'IfElseSwap'] as const) {
    it(`${transform} gives BugLab's text on every input`, () => {
      const different: string[] = [];
      let changed = 0;
      for (const input of inputs) {
        const text = read(join(INPUTS, input));
        const out = applyTransform(transform, text);
        if (out !== read(join(GOLDEN, transform, input))) different.push(input);
        if (out !== text) changed++;
      }
      expect(different).toEqual([]);
      // The README's counts: the transforms really change most files.
      expect(changed).toBe({ MirrorComparisons: 46, CommentDelete: 45, IfElseSwap: 32 }[transform]);
    });
  }

  it("finds BugLab's rename candidates for every def", () => {
    const golden = JSON.parse(read(join(GOLDEN, 'rename-candidates.json'))) as Record<string, unknown[]>;
    let defs = 0;
    let names = 0;
    for (const input of inputs) {
      const text = read(join(INPUTS, input));
      const ours = renameCandidatesOf(text, parseModule(text)).map((c) => {
        const r = c.functionDef.range!;
        return {
          function_name: c.name,
          function_qualified_name: c.qualifiedName,
          code_range: [
            [r.start.line, r.start.column],
            [r.end.line, r.end.column],
          ],
          local_names: c.localNames,
        };
      });
      expect(ours, input).toEqual(golden[input]);
      defs += ours.length;
      names += ours.reduce((n, c) => n + c.local_names.length, 0);
    }
    expect([defs, names]).toEqual([686, 1746]);
  });

  it('negates every if/elif and conditional-expression test as NegateExpression does', () => {
    const golden = JSON.parse(read(join(GOLDEN, 'negate-expression.json'))) as Record<string, { test: string; negated: string }[]>;
    let count = 0;
    for (const input of inputs) {
      const module = parseModule(read(join(INPUTS, input)));
      const tests: CstNode[] = [];
      walk(module, { enter: (node) => void ((node.type === 'If' || node.type === 'IfExp') && tests.push(node['test'] as CstNode)) });
      const expected = golden[input] ?? [];
      expect(tests.length, input).toBe(expected.length);
      tests.forEach((test, i) => {
        expect(codegen(test), `${input} #${i}`).toBe(expected[i]!.test);
        expect(codegen(negateExpression(test)), `${input} #${i}`).toBe(expected[i]!.negated);
      });
      count += tests.length;
    }
    expect(count).toBe(556);
  });
});
