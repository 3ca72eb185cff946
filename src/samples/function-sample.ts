/**
 * One complete BugLab sample of one function (BugLab's `get_serialized_representation`): the graph
 * of the function plus its candidate rewrites, their ranges, their scout metadata, and the index of
 * the rewrite that fixes the bug (null for a sample without bug).
 */
import type { CodeRange, CstNode } from '../python/cst.js';
import type { CodeRelations } from '../graph/relations.js';
import { serializeFunction, type FunctionSource, type SerializedGraph, type SerializedRange } from '../graph/serialize.js';
import { canonicalText } from '../rewrite/canonical.js';
import { rangeData, rewriteData, type RewriteOp } from '../rewrite/ops.js';

/** What the sample needs of a candidate (the scouts' `Candidate` in src/rewrite has this shape). */
export interface SampleCandidate {
  readonly op: RewriteOp;
  /** Scout class name, e.g. `VariableMisuseRewriteScout`. */
  readonly scout: string;
  /** The node the candidate is anchored at. */
  readonly anchor: CstNode;
  /** VariableMisuse: qualified name of the substituted variable (a value node); otherwise null. */
  readonly metadata: string | null;
  /** A metadata value given as is (a learned pattern's id, src/samples/learned-rewrites.ts) instead of a node. */
  readonly metadataValue?: number;
}

export interface BugLabSample {
  graph: SerializedGraph;
  candidate_rewrites: (['ReplaceText', string] | ['ArgSwap', [number, number]])[];
  candidate_rewrite_ranges: SerializedRange[];
  candidate_rewrite_metadata: [scout: string, valueNode: number | null][];
  target_fix_action_idx: number | null;
  package_name: string;
  package_version: string;
}

export interface FunctionSampleOptions {
  readonly packageName: string;
  readonly packageVersion: string;
  /** The rewrite that repairs the bug (the revert of the applied rewrite); absent for no bug. */
  readonly targetFix?: RewriteOp | null;
  /** Relation kinds to list, in order (see `SerializeOptions.kinds`): for relations of one function alone. */
  readonly kinds?: readonly string[];
}

/**
 * The sample of the function spanning `range`. `candidates` are the function's candidates (those
 * inside `range`, in collection order). Returns null when `targetFix` is not among them, the case
 * in which BugLab logs a non-reversible rewrite and gives no sample.
 */
export function functionSample(
  relations: CodeRelations,
  source: FunctionSource,
  range: CodeRange,
  candidates: readonly SampleCandidate[],
  options: FunctionSampleOptions,
): BugLabSample | null {
  let targetIndex: number | null = null;
  if (options.targetFix != null) {
    const wanted = canonicalText(options.targetFix);
    targetIndex = candidates.findIndex((c) => canonicalText(c.op) === wanted);
    if (targetIndex === -1) return null;
  }
  const { graph, nodeIndex } = serializeFunction(
    relations,
    source,
    range,
    candidates.map((c) => c.anchor),
    options.kinds === undefined ? {} : { kinds: options.kinds },
  );
  const metadata = candidates.map((c): [string, number | null] => {
    if (c.metadataValue !== undefined) return [c.scout, c.metadataValue];
    if (c.metadata === null) return [c.scout, null];
    const index = nodeIndex.get(c.metadata);
    // BugLab looks the value node up without a fallback, so this cannot happen for a sample it made.
    if (index === undefined) throw new Error(`${c.scout} metadata ${JSON.stringify(c.metadata)} is not a node of the function's graph`);
    return [c.scout, index];
  });
  return {
    graph,
    candidate_rewrites: candidates.map((c) => rewriteData(c.op)),
    candidate_rewrite_ranges: candidates.map((c) => rangeData(c.op)),
    candidate_rewrite_metadata: metadata,
    target_fix_action_idx: targetIndex,
    package_name: options.packageName,
    package_version: options.packageVersion,
  };
}
