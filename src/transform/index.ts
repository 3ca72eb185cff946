/**
 * BugLab's semantics-preserving transforms (`buglab/rewriting/semanticspreserving.py`), each applied
 * to a whole file's text as BugLab's `Transform.apply(code, p)` is: parse, transform, print. With
 * probability 1 the outputs equal BugLab's byte for byte (MirrorComparisons, CommentDelete and
 * IfElseSwap draw no random numbers then); RenameVariableInLocalScope is random even at 1 and is
 * seeded here.
 */
import type { CstNode } from '../python/cst.js';
import { codegen, parseModule } from '../python/index.js';
import { findFunctions } from '../graph/functions.js';
import { Chooser, Uniform } from './chooser.js';
import { commentDelete } from './comment-delete.js';
import { ifElseSwap } from './if-else-swap.js';
import { mirrorComparisons } from './mirror-comparisons.js';
import { renameLocals } from './rename-locals.js';
import { REMOVE, transformModule, type Transformer } from './tree.js';
import { within } from './within.js';

export { TransformError } from './errors.js';
export { negateExpression } from './negate.js';
export { findRenameCandidates, renameCandidatesOf, type RenameCandidates } from './rename-locals.js';
export { Uniform } from './chooser.js';

/** BugLab's `ALL_SEMANTICS_PRESERVING_TRANSFORMS`, in its order (the order they are applied in). */
export const TRANSFORMS = ['MirrorComparisons', 'RenameVariableInLocalScope', 'CommentDelete', 'IfElseSwap'] as const;
export type TransformName = (typeof TRANSFORMS)[number];

export interface TransformOptions {
  /** BugLab's `p_apply`: the chance of each site (comparison, def, comment, if) being changed. Default 1. */
  readonly probability?: number;
  /** Seed of the random draws (RenameVariableInLocalScope, and every transform below probability 1). */
  readonly random?: Uniform;
}

function transformerOf(name: TransformName, text: string, module: CstNode, chooser: Chooser): Transformer {
  switch (name) {
    case 'MirrorComparisons':
      return mirrorComparisons(chooser);
    case 'CommentDelete':
      return commentDelete(chooser);
    case 'IfElseSwap':
      return ifElseSwap(chooser);
    case 'RenameVariableInLocalScope':
      return renameLocals(text, module, chooser);
  }
}

/**
 * `text` after transform `name`. Throws `ParseError` if `text` does not parse and `TransformError`
 * where BugLab's transform raises.
 */
export function applyTransform(name: TransformName, text: string, options: TransformOptions = {}): string {
  const chooser = new Chooser(options.probability ?? 1, options.random ?? new Uniform('0'));
  const module = parseModule(text);
  return codegen(transformModule(module, transformerOf(name, text, module, chooser)));
}

/** `text` after each of `names`, applied in BugLab's order whatever the order of `names`. */
export function applyTransforms(text: string, names: Iterable<TransformName>, options: TransformOptions = {}): string {
  const wanted = new Set(names);
  const random = options.random ?? new Uniform('0');
  let out = text;
  for (const name of TRANSFORMS) if (wanted.has(name)) out = applyTransform(name, out, { ...options, random });
  return out;
}

export interface FunctionsTransformed {
  readonly text: string;
  /** Indices (among the file's outermost functions, BugLab's finder order) of the functions whose text changed. */
  readonly changed: readonly number[];
}

/**
 * `text` after transform `name` inside the outermost functions that `chosen` picks (by index in
 * BugLab's finder order); the rest of the file, module-level code included, stays as it is. Throws
 * as `applyTransform`.
 */
export function applyTransformToFunctions(name: TransformName, text: string, chosen: (functionIndex: number, functionDef: CstNode) => boolean, options: TransformOptions = {}): FunctionsTransformed {
  const module = parseModule(text);
  const functions = findFunctions(module).map((f) => f.node);
  const roots = new Set(functions.filter((node, i) => chosen(i, node)));
  if (roots.size === 0) return { text, changed: [] };
  const chooser = new Chooser(options.probability ?? 1, options.random ?? new Uniform('0'));
  const scoped = within(roots, transformerOf(name, text, module, chooser));
  const out = codegen(transformModule(module, scoped));
  const indent = { defaultIndent: module['default_indent'] as string, defaultNewline: module['default_newline'] as string };
  const changed: number[] = [];
  functions.forEach((node, i) => {
    const replacement = scoped.replaced.get(node);
    if (replacement === undefined) return;
    if (replacement === REMOVE || codegen(replacement, indent) !== codegen(node, indent)) changed.push(i);
  });
  return { text: out, changed };
}
