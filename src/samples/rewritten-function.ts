/**
 * The sample of a rewrite at a cost that follows its function, not its file. BugLab re-analyses the
 * whole rewritten file; a rewrite changes one outermost function and never its line count, so only
 * that function's lines are parsed again (behind an `if 1:` header when indented, then moved to the
 * file's lines) and only its relations and candidates are computed again. What they need from
 * outside the function comes from the original file's analysis: scope facts, the data flow's
 * final-use survivors, the call-resolution scopes and the relation kinds' order.
 *
 * Functions whose flow BugLab cannot separate from the module's (those inside a module- or
 * class-level loop) and files on which a relation pass failed are re-analysed whole, as before.
 */
import { rangeContains, type CodeRange, type CstNode } from '../python/cst.js';
import { ParseError, parseModule } from '../python/index.js';
import type { Token } from '../python/token.js';
import { tokenize } from '../python/tokenize.js';
import { FileAnalysis } from '../graph/analysis.js';
import { originalFunction, type OriginalFunction } from '../graph/function-alone.js';
import { computeFunctionRelations, type PassError } from '../graph/index.js';
import { functionScopeFacts, scopesProvider } from '../graph/scopes/index.js';
import type { FunctionFinalUses } from '../graph/passes/dataflow.js';
import { pythonTokensProvider } from '../graph/tokens.js';
import { applyOp, applyReplaceText, type AppliedRewrite } from '../rewrite/apply.js';
import { replaceText, type ReplaceTextOp, type RewriteOp } from '../rewrite/ops.js';
import { candidatesInRange, collectFunctionCandidates, type CollectOptions } from '../rewrite/collect.js';
import { callResolverProvider } from '../graph/passes/calls.js';
import { analyseText, type AnalysedFile } from './analyse.js';
import { functionSample, type BugLabSample, type FunctionSampleOptions } from './function-sample.js';
import { buggyCandidates, type LearnedRewrites } from './learned-rewrites.js';
import { lineStarts } from '../graph/text.js';

export type SkippedRewriteReason = 'rewritten-file-does-not-parse' | 'no-function-contains-revert' | 'revert-not-a-candidate';

type SampleOptions = Omit<FunctionSampleOptions, 'targetFix' | 'kinds'>;

export type RewriteSampleResult = ({ sample: BugLabSample } | { reason: SkippedRewriteReason }) & {
  /**
   * The relation passes that failed on the rewritten code (BugLab logs them and still makes the
   * sample from the other passes' relations), recorded alike whether the function or the whole
   * rewritten file was re-analysed.
   */
  readonly passErrors: readonly PassError[];
};

/** Learned candidates for the rewritten function, and the pattern that made the rewrite (null: a scout's). */
export interface LearnedBug {
  readonly learned: LearnedRewrites;
  readonly pattern: number | null;
}

/** What the rewrites of one outermost function share, taken from the original file once. */
export interface RewritableFunction extends OriginalFunction {
  readonly finalUses: FunctionFinalUses;
  /** First file line of its text: its first decorator's, or its own. */
  readonly firstLine: number;
  /**
   * The DEDENT tokens of the file at the start of that line: they close the blocks before the
   * function, which its lines alone do not show, and the function's graph has them when not decorated.
   */
  readonly leadingDedents: readonly Token[];
}

/**
 * The samples of rewrites of one analysed file: each re-analyses only its function when that is
 * exact, the whole rewritten file otherwise.
 */
export class FunctionRewriter {
  private readonly kinds: readonly string[];
  private readonly prepared = new Map<CstNode, RewritableFunction | null>();
  private readonly originalLines = new Map<CstNode, OriginalLines>();
  /** The rewritten lines of the function of each rewrite made by `apply`. */
  private readonly rewrittenLines = new WeakMap<AppliedRewrite, string>();

  constructor(
    private readonly analysed: AnalysedFile,
    private readonly collect: CollectOptions,
  ) {
    this.kinds = analysed.relations.kindNames();
  }

  /**
   * `op`, a candidate inside outermost function `functionDef`, applied to the file as `applyOp`
   * does. A text replacement is applied to the function's lines alone: the whole rewritten text is
   * put together when read (by the whole-file re-analysis), never cut again for the function's lines
   * (cutting a concatenated string copies all of it, a file's size per rewrite).
   */
  apply(functionDef: CstNode, op: RewriteOp): AppliedRewrite {
    const { source } = this.analysed;
    const lines = op.kind === 'ReplaceText' ? this.linesOf(functionDef) : null;
    if (lines === null || op.range.start.line < lines.firstLine || op.range.end.line > lines.lastLine) {
      return applyOp(source.text, op, functionDef, source.lineStarts);
    }
    const shift = lines.firstLine - 1;
    const inLines = applyReplaceText(lines.text, replaceText(shiftLines(op.range, -shift), (op as ReplaceTextOp).replacement), lines.starts);
    const originalText = source.text;
    let text: string | undefined;
    const applied: AppliedRewrite = {
      get text(): string {
        text ??= originalText.slice(0, lines.from) + inLines.text + originalText.slice(lines.to);
        return text;
      },
      revert: replaceText(shiftLines(inLines.revert.range, shift), (inLines.revert as ReplaceTextOp).replacement),
    };
    this.rewrittenLines.set(applied, inLines.text);
    return applied;
  }

  /**
   * The sample of `applied`, a rewrite inside outermost function `functionDef` of the file, as
   * BugLab's controller makes it (see `sampleOfRewrite`).
   */
  sample(functionDef: CstNode, applied: AppliedRewrite, sampleOptions: SampleOptions, bug?: LearnedBug): RewriteSampleResult {
    let fn = this.prepared.get(functionDef);
    if (fn === undefined) this.prepared.set(functionDef, (fn = this.prepare(functionDef)));
    return fn === null ? sampleOfRewrite(this.analysed, applied, this.collect, sampleOptions, bug) : this.sampleFromFunction(fn, applied, sampleOptions, bug);
  }

  /**
   * The shared facts of outermost function `functionDef`, or null when its rewrites must be
   * re-analysed with the whole file.
   */
  private prepare(functionDef: CstNode): RewritableFunction | null {
    if (this.analysed.passErrors.length > 0) return null;
    const { file } = this.analysed;
    const original = originalFunction(file, functionDef);
    const { finalUses } = original;
    if (finalUses === null) return null;
    const firstLine = firstLineOf(functionDef);
    const leadingDedents = dedentsAtLine(file.get(pythonTokensProvider), firstLine);
    const { graphRoot, classes } = original;
    return { file, functionDef, graphRoot, classes, finalUses, firstLine, leadingDedents };
  }

  /** The sample of `applied`, a rewrite inside `fn`, from `fn` alone. */
  private sampleFromFunction(fn: RewritableFunction, applied: AppliedRewrite, sampleOptions: SampleOptions, bug?: LearnedBug): RewriteSampleResult {
    const original = this.analysed;
    const lines = this.rewrittenLines.get(applied) ?? this.functionLines(fn, applied.text);
    let reparsed: ReparsedFunction;
    try {
      reparsed = reparseFunction(lines, fn.firstLine, fn.functionDef.range!.start.column > 0);
    } catch (error) {
      if (error instanceof ParseError) return { reason: 'rewritten-file-does-not-parse', passErrors: [] };
      throw error;
    }
    const { functionDef } = reparsed;
    if (!rangeContains(functionDef.range!, applied.revert.range)) return { reason: 'no-function-contains-revert', passErrors: [] };

    const graphRoot = fn.graphRoot === fn.functionDef ? functionDef : replaceOnPath(fn.graphRoot, fn.functionDef, functionDef);
    // The module of this view is the parse of the function's lines: what is computed from it (the
    // parents, for a node's statement) holds for the function; the rest is provided.
    const file = new FileAnalysis(applied.text, reparsed.module, original.source.path);
    file.provide(pythonTokensProvider, withLeadingDedents(reparsed.tokens, fn.leadingDedents));
    file.provide(scopesProvider, functionScopeFacts(original.file, fn.functionDef, file, functionDef));

    // As in the whole-file passes, a pass that fails leaves the others' relations in the sample.
    const { relations, errors: passErrors } = computeFunctionRelations({ file, functionDef, graphRoot, original: fn });
    const scoutCandidates = collectFunctionCandidates(file, functionDef, this.collect);
    const candidates =
      bug === undefined ? scoutCandidates : buggyCandidates(scoutCandidates, bug.learned, functionDef, applied.text, lineStarts(applied.text), { revert: applied.revert, pattern: bug.pattern });
    const source = { text: reparsed.text, path: original.source.path, firstLine: reparsed.firstLine };
    const sample = functionSample(relations, source, functionDef.range!, candidates, { ...sampleOptions, targetFix: applied.revert, kinds: this.kinds });
    return sample === null ? { reason: 'revert-not-a-candidate', passErrors } : { sample, passErrors };
  }

  /** The lines of outermost function `functionDef` in the original text. */
  private linesOf(functionDef: CstNode): OriginalLines {
    let lines = this.originalLines.get(functionDef);
    if (lines === undefined) {
      const { text, lineStarts: starts } = this.analysed.source;
      const firstLine = firstLineOf(functionDef);
      const lastLine = functionDef.range!.end.line;
      const from = starts![firstLine - 1]!;
      const to = lastLine < starts!.length ? starts![lastLine]! : text.length;
      const linesText = text.slice(from, to);
      lines = { firstLine, lastLine, from, to, text: linesText, starts: lineStarts(linesText) };
      this.originalLines.set(functionDef, lines);
    }
    return lines;
  }

  /** The lines of `fn` in the rewritten text (a rewrite inside it keeps the lines around it). */
  private functionLines(fn: RewritableFunction, rewrittenText: string): string {
    const starts = this.analysed.source.lineStarts!;
    const originalLength = this.analysed.source.text.length;
    const lastLine = fn.functionDef.range!.end.line;
    const from = starts[fn.firstLine - 1]!;
    const to = lastLine < starts.length ? starts[lastLine]! + rewrittenText.length - originalLength : rewrittenText.length;
    return rewrittenText.slice(from, to);
  }
}

/**
 * The sample of a rewritten file, as BugLab's controller makes it: re-analyses the whole rewritten
 * text and serialises the first function (finder order) containing the inverse operation, with
 * `target_fix_action_idx` at that inverse among the function's own candidates.
 */
export function sampleOfRewrite(analysed: AnalysedFile, applied: AppliedRewrite, collect: CollectOptions, sampleOptions: SampleOptions, bug?: LearnedBug): RewriteSampleResult {
  let after: AnalysedFile;
  try {
    after = analyseText(applied.text, analysed.source.path, collect, analysed.file.get(callResolverProvider));
  } catch (error) {
    // A rewrite can make code that CPython rejects (e.g. `a, b = x` made `a, b += x`).
    if (error instanceof ParseError) return { reason: 'rewritten-file-does-not-parse', passErrors: [] };
    throw error;
  }
  const { passErrors } = after;
  const target = after.functions.find((f) => rangeContains(f.range, applied.revert.range));
  if (target === undefined) return { reason: 'no-function-contains-revert', passErrors };
  const scoutCandidates = candidatesInRange(after.candidates, target.range);
  const candidates =
    bug === undefined ? scoutCandidates : buggyCandidates(scoutCandidates, bug.learned, target.node, after.source.text, after.source.lineStarts!, { revert: applied.revert, pattern: bug.pattern });
  const sample = functionSample(after.relations, after.source, target.range, candidates, {
    ...sampleOptions,
    targetFix: applied.revert,
  });
  return sample === null ? { reason: 'revert-not-a-candidate', passErrors } : { sample, passErrors };
}

/** The lines of one outermost function in the original text. */
interface OriginalLines {
  /** File lines of the first (its first decorator's) and the last. */
  readonly firstLine: number;
  readonly lastLine: number;
  /** Their offsets in the file's text, their text and its line starts. */
  readonly from: number;
  readonly to: number;
  readonly text: string;
  readonly starts: readonly number[];
}

/** First file line of the text of `functionDef`: its first decorator's, or its own. */
function firstLineOf(functionDef: CstNode): number {
  let firstLine = functionDef.range!.start.line;
  for (const decorator of functionDef['decorators'] as CstNode[]) firstLine = Math.min(firstLine, decorator.range!.start.line);
  return firstLine;
}

function shiftLines(range: CodeRange, by: number): CodeRange {
  return { start: { line: range.start.line + by, column: range.start.column }, end: { line: range.end.line + by, column: range.end.column } };
}

interface ReparsedFunction {
  /** The module parsed: the function's lines, behind a header when indented. */
  readonly module: CstNode;
  /** The function, with the file's positions. */
  readonly functionDef: CstNode;
  /** Python's tokens of the function's lines, with the file's positions. */
  readonly tokens: readonly Token[];
  /** The text parsed, and the file line of its first line. */
  readonly text: string;
  readonly firstLine: number;
}

const INDENTED_HEADER = 'if 1:\n';

/** Parses the lines of one function that start at file line `firstLine`. Throws `ParseError`. */
export function reparseFunction(lines: string, firstLine: number, indented: boolean): ReparsedFunction {
  const text = indented ? INDENTED_HEADER + lines : lines;
  const headerLines = indented ? 1 : 0;
  const shift = firstLine - 1 - headerLines;
  const module = parseModule(text, { firstLine: shift + 1 });
  const body = module['body'] as CstNode[];
  let functionDef: CstNode | undefined = body[0];
  if (indented) functionDef = ((functionDef?.['body'] as CstNode | undefined)?.['body'] as CstNode[] | undefined)?.[0];
  if (body.length !== 1 || functionDef === undefined || functionDef.type !== 'FunctionDef') throw new Error('the lines of a function parse as something else');
  const tokens = tokenize(text).filter((token) => token.startLine > headerLines);
  for (const token of tokens) {
    // Fresh tokens of this text: moved to the file's lines in place.
    const moved = token as { startLine: number; endLine: number };
    moved.startLine += shift;
    moved.endLine += shift;
  }
  return { module, functionDef, tokens, text, firstLine: firstLine - headerLines };
}

/** The DEDENT tokens at the start of `line` (tokens are in file order: found by binary search). */
function dedentsAtLine(tokens: readonly Token[], line: number): Token[] {
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (tokens[mid]!.startLine < line) lo = mid + 1;
    else hi = mid;
  }
  const dedents: Token[] = [];
  for (let i = lo; i < tokens.length && tokens[i]!.startLine === line; i++) if (tokens[i]!.kind === 'DEDENT') dedents.push(tokens[i]!);
  return dedents;
}

/** `tokens` with `dedents` (all at one position) inserted where Python's tokenizer puts them. */
function withLeadingDedents(tokens: readonly Token[], dedents: readonly Token[]): readonly Token[] {
  if (dedents.length === 0) return tokens;
  const { startLine, startCol } = dedents[0]!;
  const at = tokens.findIndex((t) => t.startLine > startLine || (t.startLine === startLine && t.startCol >= startCol));
  return at === -1 ? [...tokens, ...dedents] : [...tokens.slice(0, at), ...dedents, ...tokens.slice(at)];
}

/**
 * A copy of the nodes on the path from `root` down to `from`, with `from` replaced by `to`. The
 * nodes on that path have exactly `from`'s range (see `functionGraphRoot`), so they get `to`'s.
 */
function replaceOnPath(root: CstNode, from: CstNode, to: CstNode): CstNode {
  if (root === from) return to;
  const copy: CstNode = { ...root, range: to.range as CodeRange };
  for (const key of Object.keys(copy)) {
    const value = copy[key];
    if (Array.isArray(value)) {
      const at = value.findIndex((child) => isOnPath(child, from));
      if (at >= 0) {
        copy[key] = value.map((child, i) => (i === at ? replaceOnPath(child as CstNode, from, to) : child));
        return copy;
      }
    } else if (isOnPath(value, from)) {
      copy[key] = replaceOnPath(value as CstNode, from, to);
      return copy;
    }
  }
  throw new Error('the function is not under its graph root');
}

function isOnPath(value: unknown, target: CstNode): boolean {
  if (value === null || typeof value !== 'object' || !('type' in value)) return false;
  const node = value as CstNode;
  return node === target || (node.range !== undefined && rangeContains(node.range, target.range!));
}
