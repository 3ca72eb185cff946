/**
 * GREAT's variable-misuse format (Hellendoorn et al., "Global Relational Models of Source Code"):
 * one JSON line per function with `source_tokens`, `has_bug`, `error_location`, `repair_candidates`,
 * `repair_targets` and `edges` over token positions. Samples whose bug is not a variable misuse, and
 * samples without bug that have no variable-misuse candidate, are skipped.
 *
 * Token 0 is GREAT's `#NEWLINE#` start token, which is where `error_location` points when there is no bug;
 * the function's tokens (the `NextToken` chain) follow from position 1.
 */
import { jsonLinesFormat } from './json-lines.js';
import { bugKind, MalformedSampleError, tokenNodes, type Sample } from './sample.js';

export const VARIABLE_MISUSE = 'VariableMisuseRewriteScout';
export const NOT_VARIABLE_MISUSE = 'bug is not a variable misuse';
export const NO_VARIABLE_CANDIDATES = 'no variable-misuse candidates';
export const START_TOKEN = '#NEWLINE#';

export interface GreatSample {
  source_tokens: string[];
  has_bug: boolean;
  error_location: number;
  repair_candidates: number[];
  repair_targets: number[];
  /** `[from, to, edge type id, edge type name]` between token positions; ids index `edge_types`. */
  edges: [number, number, number, string][];
  edge_types: string[];
  bug_kind_name: string;
  provenance: { path: string; package_name: string | null; package_version: string | null; code_range: Sample['graph']['code_range'] };
}

/**
 * The token position of a node: its own when it is a token, else that of the token below it (by
 * `Child` edges) with the same label. A name is usually a token itself, but a token before it
 * (a `<DEDENT>`) can hang below it, and then the name's text is a child token.
 */
function tokenPositionFinder(graph: Sample['graph'], tokenPosition: ReadonlyMap<number, number>): (node: number) => number | undefined {
  const children = new Map<number, number[]>();
  for (const [from, to] of graph.edges['Child'] ?? []) {
    let list = children.get(from);
    if (!list) children.set(from, (list = []));
    list.push(to);
  }
  return (node) => {
    const own = tokenPosition.get(node);
    if (own !== undefined) return own;
    const label = graph.nodes[node];
    const stack = [...(children.get(node) ?? [])];
    const seen = new Set<number>();
    while (stack.length > 0) {
      const child = stack.pop()!;
      if (seen.has(child)) continue;
      seen.add(child);
      const position = tokenPosition.get(child);
      if (position !== undefined && graph.nodes[child] === label) return position;
      stack.push(...(children.get(child) ?? []));
    }
    return undefined;
  };
}

/** The GREAT form of a sample, or the reason it has none. */
export function toGreat(sample: Sample): GreatSample | string {
  const kind = bugKind(sample);
  if (kind !== null && kind !== VARIABLE_MISUSE) return NOT_VARIABLE_MISUSE;
  const { graph } = sample;
  const tokens = tokenNodes(graph);
  const tokenPosition = new Map<number, number>();
  tokens.forEach((node, i) => {
    tokenPosition.set(node, i + 1);
  });
  const positionOf = tokenPositionFinder(graph, tokenPosition);
  // The variables the scout may put in, and every token that is an occurrence of one of them.
  const variables = new Set<number>();
  sample.candidate_rewrite_metadata.forEach(([scout, symbol]) => {
    if (scout === VARIABLE_MISUSE && symbol !== null) variables.add(symbol);
  });
  if (variables.size === 0) return NO_VARIABLE_CANDIDATES;
  const occurrencesOf = new Map<number, number[]>();
  for (const [from, to] of graph.edges['OccurrenceOf'] ?? []) {
    const position = positionOf(from);
    if (position === undefined) continue;
    let list = occurrencesOf.get(to);
    if (!list) occurrencesOf.set(to, (list = []));
    list.push(position);
  }
  const candidates = new Set<number>();
  for (const symbol of variables) for (const p of occurrencesOf.get(symbol) ?? []) candidates.add(p);
  let errorLocation = 0;
  let targets: number[] = [];
  if (kind !== null) {
    const target = sample.target_fix_action_idx!;
    const location = positionOf(graph.reference_nodes[target]!);
    if (location === undefined) throw new MalformedSampleError(`the fix's reference node ${graph.reference_nodes[target]} is not a token`);
    errorLocation = location;
    const correct = sample.candidate_rewrite_metadata[target]![1];
    if (correct === null) throw new MalformedSampleError('the variable-misuse fix names no variable');
    targets = (occurrencesOf.get(correct) ?? []).filter((p) => p !== location);
    candidates.add(location);
  }
  const edgeTypes = Object.keys(graph.edges).filter((t) => t !== 'NextToken').sort();
  const edges: GreatSample['edges'] = [];
  edgeTypes.forEach((type, id) => {
    for (const [from, to] of graph.edges[type]!) {
      const a = tokenPosition.get(from);
      const b = tokenPosition.get(to);
      if (a !== undefined && b !== undefined) edges.push([a, b, id, type]);
    }
  });
  return {
    source_tokens: [START_TOKEN, ...tokens.map((n) => graph.nodes[n]!)],
    has_bug: kind !== null,
    error_location: errorLocation,
    repair_candidates: [...candidates].sort((x, y) => x - y),
    repair_targets: targets.sort((x, y) => x - y),
    edges,
    edge_types: edgeTypes,
    bug_kind_name: kind === null ? 'NONE' : 'VARIABLE_MISUSE',
    provenance: { path: graph.path, package_name: sample.package_name, package_version: sample.package_version, code_range: graph.code_range },
  };
}

export const greatFormat = jsonLinesFormat('great', (_raw, sample) => {
  const great = toGreat(sample);
  return typeof great === 'string' ? great : { line: JSON.stringify(great) };
});
