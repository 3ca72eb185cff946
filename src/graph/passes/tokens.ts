/**
 * BugLab's token relations: unlabelled `Child` edges from each claiming node to its token nodes (in
 * the post-order of claiming, after all AST edges), then `NextToken` along the file's token chain.
 */
import type { FileAnalysis } from '../analysis.js';
import type { FunctionAlone } from '../function-alone.js';
import type { CodeRelations, GraphNode } from '../relations.js';
import { buildFunctionTokenChain, pythonTokensProvider, tokenChainProvider, type TokenChain } from '../tokens.js';

export function addTokenRelations(file: FileAnalysis, relations: CodeRelations): void {
  addChainRelations(file.get(tokenChainProvider), relations);
}

/**
 * The token relations of one function alone (its tokens and their claims), equal to those of the
 * whole-file pass inside the function's range: what a rewritten function needs.
 */
export function addFunctionTokenRelations(fn: FunctionAlone, relations: CodeRelations): void {
  addChainRelations(buildFunctionTokenChain(fn.functionDef, fn.file.get(pythonTokensProvider)), relations);
}

function addChainRelations(chain: TokenChain, relations: CodeRelations): void {
  const childEdges = relations.edgesOf('Child');
  for (const [claimer, tokenNodes] of chain.claims) {
    for (const tokenNode of tokenNodes) childEdges.add(claimer, tokenNode);
  }
  // As in BugLab: the claims stay, but a token that no node covers fails the pass before NextToken.
  if (chain.unclaimed.length > 0) throw new Error(`tokens outside every node: ${chain.unclaimed.slice(0, 5).join(', ')}`);
  const nodes = chain.nodes as readonly GraphNode[];
  const nextTokenEdges = relations.edgesOf('NextToken');
  for (let i = 1; i < nodes.length; i++) nextTokenEdges.add(nodes[i - 1]!, nodes[i]!);
}
