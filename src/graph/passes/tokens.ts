/**
 * BugLab's token relations: unlabelled `Child` edges from each claiming node to its token nodes (in
 * the post-order of claiming, after all AST edges), then `NextToken` along the file's token chain.
 */
import type { FileAnalysis } from '../analysis.js';
import type { CodeRelations } from '../relations.js';
import { tokenChainProvider } from '../tokens.js';

export function addTokenRelations(file: FileAnalysis, relations: CodeRelations): void {
  const chain = file.get(tokenChainProvider);
  for (const [claimer, tokenNodes] of chain.claims) {
    for (const tokenNode of tokenNodes) relations.add('Child', claimer, tokenNode);
  }
  const nodes = chain.nodes;
  for (let i = 1; i < nodes.length; i++) relations.add('NextToken', nodes[i - 1]!, nodes[i]!);
}
