/**
 * Flow relations of one function alone (what a rewritten sample needs, at a cost that follows the
 * function) against the whole-module passes, on the conformance inputs and on BugLab's golden
 * rewrites of them: for every function, the edges of every control-flow and data-flow kind between
 * its nodes (and to value nodes) must be identical, order included.
 */
import { describe, expect, it } from 'vitest';
import { FileAnalysis } from '../../src/graph/analysis.js';
import { findFunctions } from '../../src/graph/functions.js';
import { addControlFlowRelations, addFunctionControlFlowRelations } from '../../src/graph/passes/controlflow.js';
import { addDataFlowRelations, addFunctionDataFlowRelations, finalUseSurvivalProvider } from '../../src/graph/passes/dataflow.js';
import { functionAlone, originalFunction, type FunctionAlone } from '../../src/graph/function-alone.js';
import { CodeRelations, isTokenNode } from '../../src/graph/relations.js';
import { rangeContains, type CodeRange, type CstNode } from '../../src/python/cst.js';
import { functionScopeFacts, scopesProvider, type ScopeFacts } from '../../src/graph/scopes/index.js';
import { forEachChild } from '../../src/python/visit.js';
import { applyGoldenHunks, goldenNames, loadGolden, readGoldenInput } from '../helpers/golden.js';
import { parseModule } from '../../src/python/index.js';


const KINDS = ['ControlFlowNext', 'AssignedFrom', 'ReturnsFrom', 'YieldsFrom', 'OccurrenceOf', 'NextMayUse', 'LastMayWrite', 'MayFinalUseOf'];

function where(node: CstNode): string {
  const r = node.range!;
  return `${node.type}@${r.start.line}:${r.start.column}-${r.end.line}:${r.end.column}`;
}

/** The edges of every flow kind between nodes inside `range` (targets may be values), in order. */
function edgesWithin(relations: CodeRelations, range: CodeRange): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const kind of KINDS) {
    const list: string[] = [];
    for (const [from, targets] of relations.sources(kind)) {
      if (isTokenNode(from) || !rangeContains(range, from.range!)) continue;
      for (const target of targets) {
        if (target.node === null) list.push(`${where(from)} -> ${target.value}`);
        else if (!isTokenNode(target.node) && rangeContains(range, target.node.range!)) list.push(`${where(from)} -> ${where(target.node)}`);
      }
    }
    out[kind] = list;
  }
  return out;
}

function wholeModule(file: FileAnalysis): CodeRelations {
  const relations = new CodeRelations();
  addControlFlowRelations(file, relations);
  addDataFlowRelations(file, relations);
  return relations;
}

function flowAlone(fn: FunctionAlone): CodeRelations {
  const relations = new CodeRelations();
  addFunctionControlFlowRelations(fn, relations);
  addFunctionDataFlowRelations(fn, relations);
  return relations;
}

/** Qualified names of every `Name`/`Attribute` in a function's range (decorators are outside), in order. */
function qualifiedNamesIn(functionDef: CstNode, facts: ScopeFacts): string[] {
  const out: string[] = [`def ${facts.qualifiedNames(functionDef['name'] as CstNode).map((q) => q.name).join(' ')}`];
  const visit = (node: CstNode): void => {
    if (node.range !== undefined && !rangeContains(functionDef.range!, node.range)) return;
    if (node.type === 'Name' || node.type === 'Attribute') out.push(`${where(node)} ${facts.qualifiedNames(node).map((q) => `${q.name}/${q.source}`).join(' ')}`);
    forEachChild(node, visit, { whitespace: false });
  };
  forEachChild(functionDef, visit, { whitespace: false });
  return out;
}

describe('flow relations of one function alone', () => {
  it('equal the whole-module relations of every function of the conformance inputs', () => {
    let compared = 0;
    let inLoops = 0;
    for (const name of goldenNames()) {
      const text = readGoldenInput(name);
      const file = new FileAnalysis(text, parseModule(text), name);
      const whole = wholeModule(file);
      const survival = file.get(finalUseSurvivalProvider);
      for (const { node, range } of findFunctions(file.module)) {
        const finalUses = survival.get(node);
        expect(finalUses, `${name} ${where(node)} has survival facts`).toBeDefined();
        if (finalUses === null) {
          inLoops++;
          continue;
        }
        expect(edgesWithin(flowAlone(functionAlone(originalFunction(file, node))), range), `${name} ${where(node)}`).toEqual(edgesWithin(whole, range));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(600);
    expect(inLoops).toBe(0);
  });

  it('equal them for the rewritten function of BugLab’s golden rewrites, from the original file’s survival and scope facts', () => {
    // A rewrite can change the order in which the function first uses names, and with it the
    // order of the module's final last-access map: `MayFinalUseOf` is compared as a set there.
    let compared = 0;
    let sameOrder = 0;
    for (const name of goldenNames()) {
      const golden = loadGolden(name);
      const text = readGoldenInput(name);
      const original = new FileAnalysis(text, parseModule(text), name);
      const originalFunctions = findFunctions(original.module);
      const originalFacts = original.get(scopesProvider);
      const scopeState = (): string =>
        JSON.stringify(
          originalFacts.scopes.map((scope) => [
            scope.assignmentCount,
            [...scope.assignments].map(([key, list]) => `${key}:${list.length}`),
            scope.accessesByNode.size,
          ]),
        );
      const untouched = scopeState();
      for (const fn of golden.functions) {
        for (const [i, rewrite] of fn.rewrites.entries()) {
          // Every other rewrite keeps the test's time reasonable (each one re-analyses its file).
          if (rewrite.sample === null || (fn.function_index + i) % 2 === 1) continue;
          const rewrittenText = applyGoldenHunks(text, rewrite.rewritten_text_hunks);
          let module: CstNode;
          try {
            module = parseModule(rewrittenText);
          } catch {
            continue; // a few rewrites (`a, b += x`) are not valid Python; BugLab's parser accepts them
          }
          const rewritten = new FileAnalysis(rewrittenText, module, name);
          const target = findFunctions(module)[fn.function_index]!;
          const originalFn = originalFunction(original, originalFunctions[fn.function_index]!.node);
          if (originalFn.finalUses === null) continue;
          // Scopes of the rewritten function alone, from the original file's analysis.
          const facts = functionScopeFacts(original, originalFn.functionDef, rewritten, target.node);
          const where = `${name} #${fn.function_index} ${rewrite.op_repr}`;
          expect(qualifiedNamesIn(target.node, facts), where).toEqual(qualifiedNamesIn(target.node, rewritten.get(scopesProvider)));
          const view = new FileAnalysis(rewrittenText, module, name);
          view.provide(scopesProvider, facts);
          const alone = edgesWithin(flowAlone({ file: view, functionDef: target.node, graphRoot: target.node, original: originalFn }), target.range);
          const whole = edgesWithin(wholeModule(rewritten), target.range);
          if (JSON.stringify(alone['MayFinalUseOf']) === JSON.stringify(whole['MayFinalUseOf'])) sameOrder++;
          alone['MayFinalUseOf']!.sort();
          whole['MayFinalUseOf']!.sort();
          expect(alone, where).toEqual(whole);
          compared++;
        }
      }
      // Rebuilding rewritten functions leaves the original file's facts as they were.
      expect(scopeState(), name).toEqual(untouched);
    }
    expect(compared).toBeGreaterThan(350);
    expect(sameOrder / compared).toBeGreaterThan(0.9);
    console.log(`rewritten functions: ${compared}, MayFinalUseOf in the whole-module order: ${sameOrder}`);
  });

  it('reports functions inside module-level loops as not separable', () => {
    const text = ['for i in range(2):', '    def f(x):', '        return x', 'def g(y):', '    return y', ''].join('\n');
    const file = new FileAnalysis(text, parseModule(text), 'snippet.py');
    const [f, g] = findFunctions(file.module);
    const survival = file.get(finalUseSurvivalProvider);
    expect(survival.get(f!.node)).toBeNull();
    expect(survival.get(g!.node)?.survivors.has('g.<locals>.y')).toBe(true);
  });

  it('drops final uses that a later access in the module supersedes', () => {
    const text = ['def f():', '    return helper()', 'def g():', '    return helper() + other()', 'def helper(): pass', 'def other(): pass', ''].join('\n');
    const file = new FileAnalysis(text, parseModule(text), 'snippet.py');
    const [f, g] = findFunctions(file.module);
    const survival = file.get(finalUseSurvivalProvider);
    expect(survival.get(f!.node)?.survivors.has('helper')).toBe(false);
    expect(survival.get(g!.node)?.survivors.has('helper')).toBe(true);
    expect(survival.get(g!.node)?.survivors.has('other')).toBe(true);
  });
});
