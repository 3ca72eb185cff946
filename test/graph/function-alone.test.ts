/**
 * The per-function entries of the relation passes registry (`RelationPass.runFunction`): run on a
 * function as it is in its file, all of them together give the sample the whole-file passes give,
 * byte for byte, on every function of the conformance inputs; and a failing pass is recorded on the
 * per-function path exactly as on the whole-file path.
 */
import { describe, expect, it } from 'vitest';
import { FileAnalysis } from '../../src/graph/analysis.js';
import { findFunctions } from '../../src/graph/functions.js';
import { functionAlone, originalFunction } from '../../src/graph/function-alone.js';
import { computeFunctionRelations, computeRelations, RELATION_PASSES, type RelationPass } from '../../src/graph/index.js';
import { serializeFunction } from '../../src/graph/serialize.js';
import { lineStarts } from '../../src/graph/text.js';
import { parseModule } from '../../src/python/index.js';
import { goldenNames, readGoldenInput } from '../helpers/golden.js';

describe('the per-function entries of the relation passes', () => {
  it('give the whole-file graph of every function of the conformance inputs', { timeout: 300_000 }, async () => {
    let compared = 0;
    for (const name of goldenNames()) {
      await new Promise((resolve) => setImmediate(resolve));
      const text = readGoldenInput(name);
      const file = new FileAnalysis(text, parseModule(text), name);
      const whole = computeRelations(file);
      expect(whole.errors, name).toEqual([]);
      const kinds = whole.relations.kindNames();
      const source = { text, path: name, lineStarts: lineStarts(text) };
      for (const { node, range } of findFunctions(file.module)) {
        const original = originalFunction(file, node);
        if (original.finalUses === null) continue;
        const alone = computeFunctionRelations(functionAlone(original));
        expect(alone.errors, `${name}:${range.start.line}`).toEqual([]);
        const expected = JSON.stringify(serializeFunction(whole.relations, source, range).graph);
        expect(JSON.stringify(serializeFunction(alone.relations, source, range, [], { kinds }).graph), `${name}:${range.start.line}`).toBe(expected);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(600);
  });

  it('record a failing pass as the whole-file path does, and keep the other passes’ relations', () => {
    const text = 'def f(x):\n    return x + 1\n';
    const file = new FileAnalysis(text, parseModule(text), 'f.py');
    const failing: RelationPass = {
      name: 'dataflow',
      run: () => {
        throw new Error('boom');
      },
      runFunction: () => {
        throw new Error('boom');
      },
    };
    const passes = [RELATION_PASSES[0]!, failing, RELATION_PASSES[2]!];
    const whole = computeRelations(file, passes);
    const alone = computeFunctionRelations(functionAlone(originalFunction(file, findFunctions(file.module)[0]!.node)), passes);
    expect(alone.errors).toEqual([{ pass: 'dataflow', message: 'boom' }]);
    expect(alone.errors).toEqual(whole.errors);
    expect(alone.relations.kindNames()).toEqual(whole.relations.kindNames());
    expect(alone.relations.kindNames()).toContain('ControlFlowNext');
  });

  it('refuse the data flow of a function whose flow BugLab walks with the module’s loop', () => {
    const text = 'for i in range(2):\n    def f(x):\n        return x\n';
    const file = new FileAnalysis(text, parseModule(text), 'loop.py');
    const original = originalFunction(file, findFunctions(file.module)[0]!.node);
    expect(original.finalUses).toBeNull();
    const { errors } = computeFunctionRelations(functionAlone(original), RELATION_PASSES.filter((pass) => pass.name === 'dataflow'));
    expect(errors.map((e) => e.message)).toEqual([expect.stringMatching(/not separable/)]);
  });
});
