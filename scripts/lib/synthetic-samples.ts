// Synthetic samples in BugLab's sample format, seeded and deterministic: the bundled demo data
// (scripts/make-sample-data.ts), the split benchmark and the I/O tests build on them. The graphs
// have the shape of real ones (a syntax tree with labelled Child edges, a token chain, a dozen
// local relation kinds, shared symbol nodes) but are not derived from real code.

import type { Rng } from './seeded-random.js';

export { seededRng, type Rng } from './seeded-random.js';

function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)]!;
}

function between(rng: Rng, low: number, high: number): number {
  return low + Math.floor(rng() * (high - low + 1));
}

export const SCOUTS = [
  'VariableMisuseRewriteScout',
  'ArgSwapRewriteScout',
  'BinaryOperatorRewriteScout',
  'AssignRewriteScout',
  'BooleanOperatorRewriteScout',
  'ComparisonOperatorRewriteScout',
  'LiteralRewriteScout',
] as const;
export type Scout = (typeof SCOUTS)[number];

const NODE_TYPES = ['Name', 'Call', 'Attribute', 'Arg', 'Param', 'Comparison', 'If', 'Return', 'Assign', 'SimpleStatementLine', 'IndentedBlock', 'Expr', 'BinaryOperation', 'Subscript', 'For', 'AssignTarget'];
const TOKENS = ['(', ')', ':', ',', '.', '=', 'def', 'return', 'if', 'for', 'in', '<INDENT>', '<DEDENT>', '\n', '+', '==', '[', ']'];
const IDENTIFIERS = ['self', 'value', 'result', 'items', 'key', 'i', 'n', 'path', 'name', 'data', 'config', 'node', 'count', 'text', 'args', 'kwargs', '0', '1', '2'];
const FIELDS = ['body', 'func', 'args', 'value', 'targets', 'test', 'orelse', 'params', 'name', 'attr', 'left', 'right', 'comparisons', 'operator', 'whitespace_after'];
const RELATION_KINDS = ['Sibling', 'ControlFlowNext', 'AssignedFrom', 'ReturnsFrom', 'YieldsFrom', 'OccurrenceOf', 'NextMayUse', 'LastMayWrite', 'MayFinalUseOf', 'CandidateCall', 'CandidateCallDoc', 'MayFormalName'];
const RELATION_DENSITY = [0.9, 0.6, 0.08, 0.01, 0.005, 0.3, 0.35, 0.35, 0.1, 0.04, 0.02, 0.03];
const SYMBOLS = ['os.path.join', 'self.value', 'builtins.len', 'typing.Optional', 'collections.OrderedDict', 'json.loads'];

export interface SampleSpec {
  path: string;
  packageName: string;
  packageVersion: string;
  nodeCount: number;
  /** Scout of the injected bug, or null for an unchanged function. */
  bug: Scout | null;
}

export type Sample = Record<string, unknown>;

/** One sample with `spec.nodeCount` nodes (plus a few shared symbol nodes). */
export function syntheticSample(rng: Rng, spec: SampleSpec): Sample {
  const nodes: string[] = [];
  const kindOf: number[] = []; // 0 syntax node, 1 token, 2 identifier
  for (let i = 0; i < spec.nodeCount; i++) {
    const roll = rng();
    const kind = i === 0 ? 0 : roll < 0.35 ? 0 : roll < 0.7 ? 1 : 2;
    kindOf.push(kind);
    nodes.push(i === 0 ? 'FunctionDef' : kind === 0 ? pick(rng, NODE_TYPES) : kind === 1 ? pick(rng, TOKENS) : pick(rng, IDENTIFIERS));
  }
  const symbolBase = nodes.length;
  for (const symbol of SYMBOLS) nodes.push(symbol);

  const child: [number, number, string][] = [];
  const nextToken: [number, number][] = [];
  let previousToken = -1;
  for (let i = 1; i < spec.nodeCount; i++) {
    child.push([Math.max(0, i - between(rng, 1, 8)), i, pick(rng, FIELDS)]);
    if (kindOf[i] !== 0) {
      if (previousToken >= 0) nextToken.push([previousToken, i]);
      previousToken = i;
    }
  }
  const edges: Record<string, unknown[]> = { Child: child, NextToken: nextToken };
  RELATION_KINDS.forEach((kind, k) => {
    const pairs: [number, number][] = [];
    const count = Math.round(spec.nodeCount * RELATION_DENSITY[k]!);
    for (let e = 0; e < count; e++) {
      const from = between(rng, 0, spec.nodeCount - 1);
      const to = kind === 'OccurrenceOf' ? symbolBase + between(rng, 0, SYMBOLS.length - 1) : Math.min(spec.nodeCount - 1, from + between(rng, 1, 40));
      pairs.push([from, to]);
    }
    pairs.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    edges[kind] = pairs;
  });

  const lines = Math.max(2, Math.round(spec.nodeCount / 12));
  const firstLine = between(rng, 1, 400);
  const name = `${pick(rng, IDENTIFIERS).replace(/^\d$/, 'f')}_${between(rng, 0, 999)}`;
  const body = Array.from({ length: lines - 1 }, () => `    ${pick(rng, IDENTIFIERS)} = ${pick(rng, IDENTIFIERS)}(${pick(rng, IDENTIFIERS)})`);
  const text = [`def ${name}(self, value):`, ...body].join('\n');

  const candidates = between(rng, 6, 30);
  const rewrites: unknown[] = [];
  const ranges: unknown[] = [];
  const metadata: unknown[] = [];
  const referenceNodes: number[] = [];
  for (let c = 0; c < candidates; c++) {
    const scout = c === 0 && spec.bug ? spec.bug : pick(rng, SCOUTS);
    const line = firstLine + between(rng, 1, lines - 1);
    const column = between(rng, 4, 30);
    rewrites.push(scout === 'ArgSwapRewriteScout' ? ['ArgSwap', [0, 1]] : ['ReplaceText', pick(rng, ['<', '<=', '+', '-', 'and', 'or', 'True', '0', 'value', 'result'])]);
    ranges.push([[line, column], [line, column + between(rng, 1, 12)]]);
    metadata.push([scout, scout === 'VariableMisuseRewriteScout' ? symbolBase + between(rng, 0, SYMBOLS.length - 1) : null]);
    referenceNodes.push(between(rng, 0, spec.nodeCount - 1));
  }
  // The bug's candidate is put at a random position so that targets are not all 0.
  const target = spec.bug ? between(rng, 0, candidates - 1) : null;
  if (target !== null) {
    for (const list of [rewrites, ranges, metadata, referenceNodes]) [list[0], list[target]] = [list[target], list[0]];
  }

  return {
    graph: {
      nodes,
      edges,
      path: spec.path,
      reference_nodes: referenceNodes,
      text,
      code_range: [[firstLine, 4], [firstLine + lines - 1, body.at(-1)?.length ?? 10]],
    },
    candidate_rewrites: rewrites,
    candidate_rewrite_ranges: ranges,
    candidate_rewrite_metadata: metadata,
    target_fix_action_idx: target,
    package_name: spec.packageName,
    package_version: spec.packageVersion,
  };
}

export interface PackageSpec {
  packageName: string;
  packageVersion: string;
  /** Source files of the package; each gets `functionsPerFile` functions. */
  files: string[];
  functionsPerFile: number;
  /** Bug-introducing rewrites per function (each is one more sample), as the random-bug job does. */
  bugsPerFunction: number;
  nodeCount: { min: number; max: number };
}

/** The samples of one package in extraction order: per function, the clean sample then its bugs. */
export function* packageSamples(rng: Rng, spec: PackageSpec): Generator<Sample> {
  for (const path of spec.files) {
    for (let f = 0; f < spec.functionsPerFile; f++) {
      const nodeCount = between(rng, spec.nodeCount.min, spec.nodeCount.max);
      const base = { path, packageName: spec.packageName, packageVersion: spec.packageVersion, nodeCount };
      yield syntheticSample(rng, { ...base, bug: null });
      for (let b = 0; b < spec.bugsPerFunction; b++) yield syntheticSample(rng, { ...base, bug: pick(rng, SCOUTS) });
    }
  }
}
