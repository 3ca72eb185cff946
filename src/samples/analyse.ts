/**
 * Everything the samples of one file are made from: its tree, the relations of all passes and the
 * candidate rewrites of the whole module, computed once.
 */
import { FileAnalysis } from '../graph/analysis.js';
import { AnalysisTimeoutError } from '../graph/cpu-budget.js';
import { findFunctions, type FoundFunction } from '../graph/functions.js';
import type { CallResolver } from '../graph/calls/resolver.js';
import { computeRelations } from '../graph/index.js';
import { callResolverProvider } from '../graph/passes/calls.js';
import type { CodeRelations } from '../graph/relations.js';
import { lineStarts } from '../graph/text.js';
import type { FunctionSource } from '../graph/serialize.js';
import type { CstNode } from '../python/cst.js';
import { parseModule } from '../python/index.js';
import { collectCandidates, type CollectOptions } from '../rewrite/collect.js';
import type { Candidate } from '../rewrite/scouts/scout.js';

export interface AnalysedFile {
  readonly module: CstNode;
  readonly file: FileAnalysis;
  readonly relations: CodeRelations;
  readonly source: FunctionSource;
  readonly functions: readonly FoundFunction[];
  /** Every candidate of the module, in BugLab's order. */
  readonly candidates: readonly Candidate[];
  /** Relation passes that failed (BugLab logs them and goes on with the others). */
  readonly passErrors: readonly { pass: string; message: string }[];
}

/**
 * BugLab reads source files as text with universal newlines, so positions and `graph.text` never
 * see `\r`. Call this on decoded text before analysing it.
 */
export function normalizeNewlines(text: string): string {
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
}

/**
 * Parses and analyses `text` (already newline-normalised). Throws `ParseError` if it does not parse.
 * `callResolver` resolves the calls (one per run, shared by its files; a fresh one if not given).
 */
export function analyseText(text: string, path: string, options: CollectOptions = {}, callResolver?: CallResolver): AnalysedFile {
  const module = parseModule(text);
  const file = new FileAnalysis(text, module, path);
  if (callResolver !== undefined) file.provide(callResolverProvider, callResolver);
  const functions = findFunctions(module);
  try {
    const { relations, errors } = computeRelations(file);
    return {
      module,
      file,
      relations,
      source: { text, path, lineStarts: lineStarts(text) },
      functions,
      candidates: collectCandidates(file, options),
      passErrors: errors,
    };
  } catch (error) {
    if (error instanceof AnalysisTimeoutError && error.line !== null) {
      const line = error.line;
      const inside = functions.find((f) => f.range.start.line <= line && line <= f.range.end.line);
      if (inside !== undefined) throw error.inFunction(functionName(inside.node));
    }
    throw error;
  }
}

/** The name of a `FunctionDef`. */
export function functionName(functionDef: CstNode): string {
  return String((functionDef['name'] as { value: unknown }).value);
}
