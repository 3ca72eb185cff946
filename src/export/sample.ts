/**
 * A decoded sample read as the sample format says (docs/format.md), with its shape checked: the
 * exporters and views work on this typed form and report a sample that does not fit by index.
 */

export type Position = [number, number];
export type Range = [Position, Position];
export type Edge = [number, number] | [number, number, string];

export interface SampleGraph {
  nodes: string[];
  edges: Record<string, Edge[]>;
  path: string;
  text: string;
  code_range: Range;
  reference_nodes: number[];
}

export interface Sample {
  graph: SampleGraph;
  candidate_rewrites: [string, unknown][];
  candidate_rewrite_ranges: Range[];
  candidate_rewrite_metadata: [string, number | null][];
  target_fix_action_idx: number | null;
  package_name: string | null;
  package_version: string | null;
  /** Every other key of the sample, as stored (e.g. `provenance`). */
  extra: Record<string, unknown>;
}

/** A sample that does not have the format's shape; the message says which part. */
export class MalformedSampleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedSampleError';
  }
}

const KNOWN_KEYS = new Set([
  'graph',
  'candidate_rewrites',
  'candidate_rewrite_ranges',
  'candidate_rewrite_metadata',
  'target_fix_action_idx',
  'package_name',
  'package_version',
]);

function fail(message: string): never {
  throw new MalformedSampleError(message);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Uint8Array);
}

function isIndex(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

function isRange(value: unknown): value is Range {
  return Array.isArray(value) && value.length === 2 && value.every((p) => Array.isArray(p) && p.length === 2 && p.every(isIndex));
}

function optionalString(value: unknown, key: string): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') fail(`${key} is not a string`);
  return value;
}

/** Checks a decoded sample's shape (every index in range) and returns it typed; throws MalformedSampleError. */
export function asSample(value: unknown): Sample {
  if (!isRecord(value)) fail('not a map');
  const graph = value['graph'];
  if (!isRecord(graph)) fail('no graph map');
  const nodes = graph['nodes'];
  if (!Array.isArray(nodes) || !nodes.every((n) => typeof n === 'string')) fail('graph.nodes is not a list of strings');
  const edges = graph['edges'];
  if (!isRecord(edges)) fail('graph.edges is not a map');
  for (const [kind, list] of Object.entries(edges)) {
    if (!Array.isArray(list)) fail(`graph.edges.${kind} is not a list`);
    for (const edge of list) {
      const ok =
        Array.isArray(edge) &&
        (edge.length === 2 || (edge.length === 3 && typeof edge[2] === 'string')) &&
        isIndex(edge[0]) &&
        isIndex(edge[1]) &&
        edge[0] < nodes.length &&
        edge[1] < nodes.length;
      if (!ok) fail(`graph.edges.${kind} holds an edge that is not [from, to] or [from, to, label] of node indices`);
    }
  }
  if (typeof graph['path'] !== 'string') fail('graph.path is not a string');
  if (typeof graph['text'] !== 'string') fail('graph.text is not a string');
  if (!isRange(graph['code_range'])) fail('graph.code_range is not [[line, col], [line, col]]');
  const references = graph['reference_nodes'];
  if (!Array.isArray(references) || !references.every((r) => isIndex(r) && r < nodes.length)) fail('graph.reference_nodes is not a list of node indices');
  const rewrites = value['candidate_rewrites'];
  if (!Array.isArray(rewrites) || !rewrites.every((r) => Array.isArray(r) && r.length === 2 && typeof r[0] === 'string')) {
    fail('candidate_rewrites is not a list of [op, data]');
  }
  const ranges = value['candidate_rewrite_ranges'];
  if (!Array.isArray(ranges) || !ranges.every(isRange)) fail('candidate_rewrite_ranges is not a list of ranges');
  const metadata = value['candidate_rewrite_metadata'];
  if (!Array.isArray(metadata) || !metadata.every((m) => Array.isArray(m) && m.length === 2 && typeof m[0] === 'string' && (m[1] === null || isIndex(m[1])))) {
    fail('candidate_rewrite_metadata is not a list of [scout, node index or nil]');
  }
  const count = rewrites.length;
  if (ranges.length !== count || metadata.length !== count || references.length !== count) {
    fail(`the candidate lists differ in length (${count} rewrites, ${ranges.length} ranges, ${metadata.length} metadata, ${references.length} reference nodes)`);
  }
  const target = value['target_fix_action_idx'];
  if (target !== undefined && target !== null && !(isIndex(target) && target < count)) fail('target_fix_action_idx is not a candidate index');
  const extra: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) if (!KNOWN_KEYS.has(key)) extra[key] = item;
  return {
    graph: graph as unknown as SampleGraph,
    candidate_rewrites: rewrites as [string, unknown][],
    candidate_rewrite_ranges: ranges as Range[],
    candidate_rewrite_metadata: metadata as [string, number | null][],
    target_fix_action_idx: (target ?? null) as number | null,
    package_name: optionalString(value['package_name'], 'package_name'),
    package_version: optionalString(value['package_version'], 'package_version'),
    extra,
  };
}

/** The scout of the rewrite that repairs the sample's bug, or null for a sample without bug. */
export function bugKind(sample: Sample): string | null {
  const target = sample.target_fix_action_idx;
  return target === null ? null : sample.candidate_rewrite_metadata[target]![0];
}

/** The tokens of the function in source order: the chain of `NextToken` edges from its first token. */
export function tokenNodes(graph: SampleGraph): number[] {
  const nextTokens = graph.edges['NextToken'] ?? [];
  if (nextTokens.length === 0) return [];
  const next = new Map<number, number>();
  const hasPrevious = new Set<number>();
  for (const [from, to] of nextTokens) {
    next.set(from, to);
    hasPrevious.add(to);
  }
  const first = nextTokens.find(([from]) => !hasPrevious.has(from))?.[0];
  if (first === undefined) throw new MalformedSampleError('graph.edges.NextToken has no first token (a cycle)');
  const chain: number[] = [];
  const seen = new Set<number>();
  for (let node: number | undefined = first; node !== undefined; node = next.get(node)) {
    if (seen.has(node)) throw new MalformedSampleError('graph.edges.NextToken has a cycle');
    seen.add(node);
    chain.push(node);
  }
  return chain;
}
