/**
 * The graph core: relation passes run in BugLab's order (AST, tokens, control flow, data flow,
 * calls) over one file, and the per-function serialiser. Each pass is its own module and is
 * registered in `RELATION_PASSES` by its author.
 */
import type { FileAnalysis } from './analysis.js';
import { addAstRelations } from './passes/ast.js';
import { addCallRelations } from './passes/calls.js';
import { addControlFlowRelations } from './passes/controlflow.js';
import { addDataFlowRelations } from './passes/dataflow.js';
import { addTokenRelations } from './passes/tokens.js';
import { AnalysisTimeoutError, checkCpuBudget } from './cpu-budget.js';
import { CodeRelations } from './relations.js';

export type RelationPassFn = (file: FileAnalysis, relations: CodeRelations) => void;

export interface RelationPass {
  /** BugLab's phase name. */
  readonly name: 'ast' | 'token' | 'controlflow' | 'dataflow' | 'call-and-type';
  readonly run: RelationPassFn;
}

/** In BugLab's order; the relation kinds' first-use order, and so node numbering, depends on it. */
export const RELATION_PASSES: readonly RelationPass[] = [
  { name: 'ast', run: addAstRelations },
  { name: 'token', run: addTokenRelations },
  { name: 'controlflow', run: addControlFlowRelations },
  { name: 'dataflow', run: addDataFlowRelations },
  { name: 'call-and-type', run: addCallRelations },
];

export interface RelationsResult {
  relations: CodeRelations;
  /** Passes that threw, as BugLab logs and skips them: the other passes still ran. */
  errors: { pass: string; message: string }[];
}

/** All relations of one file. A failing pass is recorded and the others still run, as in BugLab. */
export function computeRelations(file: FileAnalysis, passes: readonly RelationPass[] = RELATION_PASSES): RelationsResult {
  const relations = new CodeRelations();
  const errors: RelationsResult['errors'] = [];
  for (const pass of passes) {
    checkCpuBudget(`the ${pass.name} pass`);
    try {
      pass.run(file, relations);
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
export { buildFunctionTokenChain, buildTokenChain, pythonTokensProvider, supplyTokens, tokenChainProvider, type TokenChain } from './tokens.js';
export { addControlFlowRelations, addFunctionControlFlowRelations } from './passes/controlflow.js';
export {
  addDataFlowRelations,
  addFunctionDataFlowRelations,
  finalUseSurvivalProvider,
  type FinalUseSurvival,
  type FunctionFinalUses,
} from './passes/dataflow.js';
export { functionScopeFacts, scopesProvider, type QualifiedName, type Scope, type ScopeFacts } from './scopes/index.js';
