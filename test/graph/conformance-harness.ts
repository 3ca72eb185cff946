/**
 * Compares bugmine's serialised functions with BugLab's golden samples, per part: nodes, text,
 * code_range, and each relation kind. Kinds that the golden data has but no registered pass
 * produced are reported as not implemented, never silently skipped. The call-edge family is kept
 * out (it gets its own precision/recall figures).
 */
import type { SerializedGraph } from '../../src/graph/serialize.js';
import type { GoldenEdge, GoldenGraph } from '../helpers/golden.js';

export const CALL_KINDS: ReadonlySet<string> = new Set(['CandidateCall', 'CandidateCallDoc', 'MayFormalName']);

export type PartOutcome = 'same' | 'different' | 'not implemented';

export interface FunctionComparison {
  readonly where: string;
  /** `nodes`, `text`, `code_range`, `kinds order` and every non-call relation kind. */
  readonly parts: Map<string, PartOutcome>;
}

/**
 * How many nodes come before the nodes that only the call kinds reach. The call pass runs last, so
 * those are numbered last: this prefix is what the other kinds determine.
 */
function nodesBeforeCallOnly(edges: Record<string, readonly (readonly number[] | GoldenEdge)[]>): number {
  let count = 0;
  for (const [kind, list] of Object.entries(edges)) {
    if (CALL_KINDS.has(kind)) continue;
    for (const edge of list) count = Math.max(count, (edge[0] as number) + 1, (edge[1] as number) + 1);
  }
  return count;
}

const edgeKey = (edge: readonly unknown[]): string => JSON.stringify(edge);

function sameEdgeSets(a: readonly (readonly unknown[])[], b: readonly (readonly unknown[])[]): boolean {
  if (a.length !== b.length) return false;
  const keys = new Set(a.map(edgeKey));
  return b.every((edge) => keys.has(edgeKey(edge)));
}

export function compareFunction(where: string, ours: SerializedGraph, golden: GoldenGraph): FunctionComparison {
  const parts = new Map<string, PartOutcome>();
  const goldenKinds = Object.keys(golden.edges).filter((k) => !CALL_KINDS.has(k));
  const ourKinds = new Set(Object.keys(ours.edges));
  const allImplemented = goldenKinds.every((k) => ourKinds.has(k));

  // With every non-call kind implemented the whole prefix must agree; before that, only as far as
  // our nodes go (the kinds still missing add nodes after them: value nodes and the like).
  const goldenCount = nodesBeforeCallOnly(golden.edges);
  const ourCount = nodesBeforeCallOnly(ours.edges);
  const compared = allImplemented ? goldenCount : Math.min(ourCount, goldenCount);
  const nodesSame =
    (!allImplemented || ourCount === goldenCount) &&
    ours.nodes.slice(0, compared).every((label, i) => label === golden.nodes[i]);
  parts.set('nodes', nodesSame ? 'same' : 'different');
  parts.set('text', ours.text === golden.text ? 'same' : 'different');
  parts.set('code_range', edgeKey(ours.code_range) === edgeKey(golden.code_range) ? 'same' : 'different');
  parts.set(
    'kinds order',
    !allImplemented ? 'not implemented' : edgeKey(Object.keys(ours.edges).filter((k) => !CALL_KINDS.has(k))) === edgeKey(goldenKinds) ? 'same' : 'different',
  );

  for (const kind of goldenKinds) {
    const mine = ours.edges[kind];
    if (mine === undefined) parts.set(kind, 'not implemented');
    else parts.set(kind, sameEdgeSets(mine, golden.edges[kind]!) ? 'same' : 'different');
  }
  // A kind we produce that BugLab never did for this file is a difference too.
  for (const kind of ourKinds) if (!CALL_KINDS.has(kind) && !(kind in golden.edges)) parts.set(kind, 'different');
  return { where, parts };
}

export interface PartTally {
  same: number;
  different: number;
  notImplemented: number;
  /** A few functions where the part differs. */
  examples: string[];
}

export function tally(comparisons: readonly FunctionComparison[]): Map<string, PartTally> {
  const table = new Map<string, PartTally>();
  for (const { where, parts } of comparisons) {
    for (const [part, outcome] of parts) {
      let t = table.get(part);
      if (t === undefined) table.set(part, (t = { same: 0, different: 0, notImplemented: 0, examples: [] }));
      if (outcome === 'same') t.same++;
      else if (outcome === 'not implemented') t.notImplemented++;
      else {
        t.different++;
        if (t.examples.length < 3) t.examples.push(where);
      }
    }
  }
  return table;
}

/** One row per part; a kind counts only the functions of files in which BugLab produced it. */
export function formatTally(table: Map<string, PartTally>): string {
  const rows = [['part', 'same', 'different', 'not implemented', 'examples']];
  for (const [part, t] of table) {
    const total = t.same + t.different + t.notImplemented;
    rows.push([part, `${t.same}/${total}`, String(t.different), String(t.notImplemented), t.examples.join(', ')]);
  }
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c]!)).join('  ')).join('\n');
}
