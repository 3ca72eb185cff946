/**
 * One outermost function analysed alone, at a cost that follows the function: what the per-function
 * entry of each relation pass (`RelationPass.runFunction`) gets. Its relations equal those of the
 * whole-file passes inside the function's range.
 *
 * The function may be a rewrite of the one in its original file: then `file` is a view whose
 * providers give the rewritten function's tokens and scope facts, and what the code around the
 * function decides (final uses, enclosing classes, call-resolution scope) comes from the original
 * file's analysis, which a rewrite inside the function leaves valid.
 */
import type { CstNode } from '../python/cst.js';
import type { FileAnalysis } from './analysis.js';
import { parentsProvider } from './parents.js';
import { functionGraphRoot } from './passes/ast.js';
import { finalUseSurvivalProvider, type FunctionFinalUses } from './passes/dataflow.js';

/** An outermost function in the file it was found in, with what that file decides about it. */
export interface OriginalFunction {
  readonly file: FileAnalysis;
  readonly functionDef: CstNode;
  /** Where its AST relations start (the function, or a block around it with exactly its range). */
  readonly graphRoot: CstNode;
  /** The `ClassDef`s around it, outermost first (its call-resolution scope). */
  readonly classes: readonly CstNode[];
  /**
   * Its entry of `finalUseSurvivalProvider`; null when its data flow is not separable from the
   * module's (inside a module- or class-level loop, which BugLab walks twice).
   */
  readonly finalUses: FunctionFinalUses | null;
}

export interface FunctionAlone {
  /** The file, or a view of it in which only this function is analysed. */
  readonly file: FileAnalysis;
  /** The function in `file.module`. */
  readonly functionDef: CstNode;
  /** Where its AST relations start: `original.graphRoot`, or its counterpart around a rewrite. */
  readonly graphRoot: CstNode;
  readonly original: OriginalFunction;
}

/**
 * The facts of outermost function `functionDef` of `file`. The classes and final uses are computed
 * when first read (the final uses cost a walk of the module): passes that do not need them do not pay.
 */
export function originalFunction(file: FileAnalysis, functionDef: CstNode): OriginalFunction {
  let classes: CstNode[] | undefined;
  return {
    file,
    functionDef,
    graphRoot: functionGraphRoot(file.module, functionDef),
    get classes(): readonly CstNode[] {
      classes ??= enclosingClasses(file, functionDef);
      return classes;
    },
    get finalUses(): FunctionFinalUses | null {
      return file.get(finalUseSurvivalProvider).get(functionDef) ?? null;
    },
  };
}

function enclosingClasses(file: FileAnalysis, functionDef: CstNode): CstNode[] {
  const parents = file.get(parentsProvider);
  const classes: CstNode[] = [];
  for (let info = parents.get(functionDef); info !== undefined; info = parents.get(info.parent)) {
    if (info.parent.type === 'ClassDef') classes.unshift(info.parent);
  }
  return classes;
}

/** `original` analysed alone as it is in its file. */
export function functionAlone(original: OriginalFunction): FunctionAlone {
  return { file: original.file, functionDef: original.functionDef, graphRoot: original.graphRoot, original };
}
