/**
 * The graph core: relation passes run in BugLab's order (AST, tokens, control flow, data flow,
 * calls) over one file or one function alone, and the per-function serialiser. Each pass is its own
 * module and is registered in `RELATION_PASSES` by its author, with both entries.
 */
import type { FileAnalysis } from './analysis.js';
import type { FunctionAlone } from './function-alone.js';
import { addAstRelations, addFunctionAstRelations } from './passes/ast.js';
import { addCallRelations, addFunctionCallRelations } from './passes/calls.js';
import { addControlFlowRelations, addFunctionControlFlowRelations } from './passes/controlflow.js';
import { addDataFlowRelations, addFunctionDataFlowRelations } from './passes/dataflow.js';
import { addFunctionTokenRelations, addTokenRelations } from './passes/tokens.js';
import { AnalysisTimeoutError, checkCpuBudget } from './cpu-budget.js';
import { CodeRelations } from './relations.js';

export type RelationPassFn = (file: FileAnalysis, relations: CodeRelations) => void;
/** A pass's relations of one function alone: those of `RelationPassFn` inside the function's range. */
export type FunctionRelationPassFn = (fn: FunctionAlone, relations: CodeRelations) => void;

export interface RelationPass {
  /** BugLab's phase name. */
  readonly name: 'ast' | 'token' | 'controlflow' | 'dataflow' | 'call-and-type';
  readonly run: RelationPassFn;
  readonly runFunction: FunctionRelationPassFn;
}

/** In BugLab's order; the relation kinds' first-use order, and so node numbering, depends on it. */
export const RELATION_PASSES: readonly RelationPass[] = [
  { name: 'ast', run: addAstRelations, runFunction: addFunctionAstRelations },
  { name: 'token', run: addTokenRelations, runFunction: addFunctionTokenRelations },
  { name: 'controlflow', run: addControlFlowRelations, runFunction: addFunctionControlFlowRelations },
  { name: 'dataflow', run: addDataFlowRelations, runFunction: addFunctionDataFlowRelations },
  { name: 'call-and-type', run: addCallRelations, runFunction: addFunctionCallRelations },
];

export interface PassError {
  readonly pass: string;
  readonly message: string;
}

export interface RelationsResult {
  relations: CodeRelations;
  /** Passes that threw, as BugLab logs and skips them: the other passes still ran. */
  errors: PassError[];
}

/** All relations of one file. A failing pass is recorded and the others still run, as in BugLab. */
export function computeRelations(file: FileAnalysis, passes: readonly RelationPass[] = RELATION_PASSES): RelationsResult {
  return runPasses(passes, (pass, relations) => pass.run(file, relations));
}

/** The relations of one function alone, with failing passes recorded as `computeRelations` does. */
export function computeFunctionRelations(fn: FunctionAlone, passes: readonly RelationPass[] = RELATION_PASSES): RelationsResult {
  return runPasses(passes, (pass, relations) => pass.runFunction(fn, relations));
}

function runPasses(passes: readonly RelationPass[], run: (pass: RelationPass, relations: CodeRelations) => void): RelationsResult {
  const relations = new CodeRelations();
  const errors: PassError[] = [];
  for (const pass of passes) {
    checkCpuBudget(`the ${pass.name} pass`);
    try {
      run(pass, relations);
    } catch (error) {
      if (error instanceof AnalysisTimeoutError) throw error;
      errors.push({ pass: pass.name, message: error instanceof Error ? error.message : String(error) });
    }
  }
  return { relations, errors };
}

export { FileAnalysis, type Provider } from './analysis.js';
export { parentsProvider, type ParentInfo } from './parents.js';
export { CodeRelations, isTokenNode, type GraphNode, type RelationTarget, type TokenNode } from './relations.js';
export { findFunctions, type FoundFunction } from './functions.js';
export { addAstRelations, addFunctionAstRelations } from './passes/ast.js';
export { addFunctionTokenRelations, addTokenRelations } from './passes/tokens.js';
export {
  nodeLabel,
  prepareSerialization,
  serializeFunction,
  serializeFunctionExhaustive,
  toSerializedRange,
  valueLabel,
  type FunctionSource,
  type NodeKey,
  type SerializedEdge,
  type SerializedFunction,
  type SerializedGraph,
  type SerializedPosition,
  type SerializedRange,
  type SerializeOptions,
} from './serialize.js';
export { lineStarts, textInRange } from './text.js';
export { buildFunctionTokenChain, buildTokenChain, pythonTokensProvider, tokenChainProvider, type TokenChain } from './tokens.js';
export { functionAlone, originalFunction, type FunctionAlone, type OriginalFunction } from './function-alone.js';
export { addControlFlowRelations, addFunctionControlFlowRelations } from './passes/controlflow.js';
export {
  addDataFlowRelations,
  addFunctionDataFlowRelations,
  finalUseSurvivalProvider,
  type FinalUseSurvival,
  type FunctionFinalUses,
} from './passes/dataflow.js';
export { functionScopeFacts, scopesProvider, type QualifiedName, type Scope, type ScopeFacts } from './scopes/index.js';
