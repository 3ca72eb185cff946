/**
 * bugmine's tree differ (GumTree matching + Chawathe edit scripts) over the CST without whitespace
 * and comments. `diffTrees(before, after)` gives the node mapping and the edit script; both trees
 * must come from one `SubtreeInterner` (`diffCst` and `diffSources` take care of it).
 */
import type { CodeRange, CstNode } from '../python/cst.js';
import { parseModule } from '../python/index.js';
import { matchTrees, Mappings, type MatchOptions } from './matcher.js';
import { generateEditScript, type EditAction } from './script.js';
import { buildDiffTree, SubtreeInterner, type DiffTree } from './tree.js';

export { applyEditScript, EditScriptError } from './apply.js';
export { dice, lcs, matchTrees, Mappings, type MatchOptions } from './matcher.js';
export { generateEditScript, VIRTUAL_ROOT, type DeleteAction, type EditAction, type InsertAction, type MoveAction, type NodeRef, type UpdateAction } from './script.js';
export { buildDiffTree, isIgnored, isInside, labelsOf, printPlain, SubtreeInterner, toPlain, type DiffNode, type DiffTree, type PlainNode } from './tree.js';

export interface TreeDiff {
  readonly before: DiffTree;
  readonly after: DiffTree;
  readonly mappings: Mappings;
  readonly actions: EditAction[];
}

/** Diffs two trees built with the same interner. Equal trees give an empty script without matching. */
export function diffTrees(before: DiffTree, after: DiffTree, options: MatchOptions = {}): TreeDiff {
  const mappings = before.root.hash === after.root.hash ? identity(before, after) : matchTrees(before, after, options);
  const actions = before.root.hash === after.root.hash ? [] : generateEditScript(mappings);
  return { before, after, mappings, actions };
}

function identity(before: DiffTree, after: DiffTree): Mappings {
  const mappings = new Mappings(before, after);
  mappings.addRecursively(before.root, after.root);
  return mappings;
}

/** Diffs two CST subtrees (modules, functions, any node). */
export function diffCst(before: CstNode, after: CstNode, options: MatchOptions = {}): TreeDiff {
  const interner = new SubtreeInterner();
  return diffTrees(buildDiffTree(before, interner), buildDiffTree(after, interner), options);
}

/** Parses two module sources and diffs them; throws the parser's `ParseError`. */
export function diffSources(before: string, after: string, options: MatchOptions = {}): TreeDiff {
  return diffCst(parseModule(before), parseModule(after), options);
}

/** `[[line, column], [line, column]]`, the range form of BugLab's `code_range` and of fix records. */
export type RangePair = [[number, number], [number, number]];

export function rangePair(range: CodeRange | null): RangePair | null {
  return range === null ? null : [[range.start.line, range.start.column], [range.end.line, range.end.column]];
}
