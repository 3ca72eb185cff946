// DEV ONLY: the call edges bugmine misses or adds against BugLab's golden data, by class (issue 19),
// with precision/recall/F1 per edge kind, raw and with jedi's state-dependent edges left out.
//
//   npx tsx scripts/dev/calls-classes.ts [--jedi /tmp/jedi-state.json] [--list]
//
// --jedi: the output of scripts/dev/jedi_state.py (jedi's edges with one Script per file, as
// BugLab ran it, and with a fresh Script per call). Criterion: an edge is *state-dependent* when
// exactly one of the two runs gives it — it appears or not depending on what jedi was asked before
// in the same file. Those edges are left out of the golden and of ours for the "stable" figures.
//
// Classes of a missing edge (golden has it, we do not), decided per call site (an argument's
// edges belong to its call), first match wins:
//   state      state-dependent (only with --jedi)
//   union      we give some of the site's golden targets, not all (class 3)
//   decorator  a golden target at the site is the stub type of a decorator (class 2)
//   receiver   a method call (`x.m(...)`) whose golden targets are all stub names (`builtins.*`,
//              stdlib modules in the table), none of which we give (class 1)
//   other
// Classes of an extra edge (ours, not golden's):
//   state      state-dependent (only with --jedi)
//   no-target  jedi gives the site no signature at all (class 4)
//   wrong      jedi gives the site other targets (class 4)
// Output is deterministic (sorted; no timings).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compiledModules } from '../../src/graph/calls/builtins-table.js';
import { CallResolver } from '../../src/graph/calls/resolver.js';
import { discoverPythonPath } from '../../src/graph/calls/search-path.js';
import { rangeContains, type CodeRange, type CstNode } from '../../src/python/cst.js';
import { parseModule } from '../../src/python/index.js';
import { CALL_KINDS, edgeKey, goldenCallEdges, rangeKey, readGolden } from './calls-golden.js';

/** Stub types that jedi reports for a call to a function decorated with a typed decorator. */
export const DECORATOR_TYPES = ['functools._lru_cache_wrapper', 'functools.partial', 'functools.cached_property'];

interface Edge {
  readonly file: string;
  readonly key: string;
  readonly kind: string;
  /** Range key of the call site the edge belongs to. */
  readonly site: string;
  readonly value: string;
}

export interface Classified {
  /** Per kind: golden, ours, true positives; raw and stable (state-dependent edges left out). */
  readonly raw: Record<string, { tp: number; fp: number; fn: number }>;
  readonly stable: Record<string, { tp: number; fp: number; fn: number }> | null;
  readonly misses: Map<string, Edge[]>;
  readonly extras: Map<string, Edge[]>;
  /** Golden edges jedi's one-Script run does not reproduce (a check of the oracle; should be 0). */
  readonly oracleMismatch: number | null;
  readonly stateDependentGolden: number | null;
}

type JediState = Record<string, { shared: string[]; fresh: string[] }>;

function isStubName(name: string): boolean {
  const tables = compiledModules();
  const parts = name.split('.');
  for (let k = parts.length - 1; k > 0; k--) if (tables[parts.slice(0, k).join('.')] !== undefined) return true;
  return false;
}

function tally(): Record<string, { tp: number; fp: number; fn: number }> {
  return Object.fromEntries(CALL_KINDS.map((k) => [k, { tp: 0, fp: 0, fn: 0 }]));
}

export function classifyCalls(conformance: string, jedi: JediState | null): Classified {
  const parse = (path: string): CstNode => parseModule(readFileSync(path, 'utf8'));
  const resolver = new CallResolver({ pythonPath: discoverPythonPath(), parse });
  const result: Classified = {
    raw: tally(),
    stable: jedi === null ? null : tally(),
    misses: new Map(),
    extras: new Map(),
    oracleMismatch: jedi === null ? null : 0,
    stateDependentGolden: jedi === null ? null : 0,
  };
  const add = (map: Map<string, Edge[]>, cls: string, edge: Edge): void => {
    let list = map.get(cls);
    if (list === undefined) map.set(cls, (list = []));
    list.push(edge);
  };
  const goldenDir = join(conformance, 'golden');
  let oracleMismatch = 0;
  let stateDependentGolden = 0;
  for (const file of readdirSync(goldenDir).filter((f) => f.endsWith('.json')).sort()) {
    const golden = readGolden(join(goldenDir, file));
    const module = parse(join(conformance, 'inputs', golden.input));
    const expected = goldenCallEdges(golden, module);
    const ranges: CodeRange[] = golden.functions.map(({ code_range: [[l1, c1], [l2, c2]] }) => ({ start: { line: l1, column: c1 }, end: { line: l2, column: c2 } }));
    const inside = (node: CstNode): boolean => node.range !== undefined && ranges.some((r) => rangeContains(r, node.range!));
    const ours = new Set<string>();
    const siteOf = new Map<string, string>();
    const isMethodCall = new Map<string, boolean>();
    for (const call of resolver.resolveModule(module, golden.input)) {
      const site = rangeKey(call.call.range!);
      siteOf.set(site, site);
      isMethodCall.set(site, (call.call['func'] as CstNode).type === 'Attribute');
      if (inside(call.call)) {
        for (const t of call.targets) ours.add(edgeKey('CandidateCall', call.call.range!, t));
        for (const d of call.docs) ours.add(edgeKey('CandidateCallDoc', call.call.range!, d));
      }
      for (const { arg, names } of call.formals) {
        siteOf.set(rangeKey(arg.range!), site);
        if (inside(arg)) for (const n of names) ours.add(edgeKey('MayFormalName', arg.range!, n));
      }
    }
    const edgeOf = (key: string): Edge => {
      const [kind, range] = key.split('|', 2) as [string, string];
      return { file: golden.input, key, kind, site: siteOf.get(range) ?? range, value: key.slice(kind.length + range.length + 2) };
    };
    const targetsAt = (keys: Set<string>): Map<string, Set<string>> => {
      const out = new Map<string, Set<string>>();
      for (const key of keys) {
        const edge = edgeOf(key);
        if (edge.kind !== 'CandidateCall') continue;
        let set = out.get(edge.site);
        if (set === undefined) out.set(edge.site, (set = new Set()));
        set.add(edge.value);
      }
      return out;
    };
    const goldenTargets = targetsAt(expected);
    const ourTargets = targetsAt(ours);
    const state = jedi?.[golden.input];
    let unstable = new Set<string>();
    if (state !== undefined) {
      const shared = new Set(state.shared);
      const fresh = new Set(state.fresh);
      unstable = new Set([...shared, ...fresh].filter((k) => shared.has(k) !== fresh.has(k)));
      for (const k of expected) if (!shared.has(k)) oracleMismatch++;
      for (const k of shared) if (!expected.has(k)) oracleMismatch++;
      for (const k of expected) if (unstable.has(k)) stateDependentGolden++;
    }
    for (const key of ours) {
      const edge = edgeOf(key);
      const hit = expected.has(key);
      if (hit) result.raw[edge.kind]!.tp++;
      else result.raw[edge.kind]!.fp++;
      if (result.stable !== null && !unstable.has(key)) {
        if (hit) result.stable[edge.kind]!.tp++;
        else result.stable[edge.kind]!.fp++;
      }
      if (hit) continue;
      if (unstable.has(key)) add(result.extras, 'state', edge);
      else add(result.extras, (goldenTargets.get(edge.site)?.size ?? 0) === 0 ? 'no-target' : 'wrong', edge);
    }
    for (const key of expected) {
      if (ours.has(key)) continue;
      const edge = edgeOf(key);
      result.raw[edge.kind]!.fn++;
      if (result.stable !== null && !unstable.has(key)) result.stable[edge.kind]!.fn++;
      const wanted = [...(goldenTargets.get(edge.site) ?? [])];
      const given = ourTargets.get(edge.site) ?? new Set<string>();
      let cls = 'other';
      if (unstable.has(key)) cls = 'state';
      else if (given.size > 0 && wanted.some((t) => given.has(t)) && wanted.some((t) => !given.has(t))) cls = 'union';
      else if (wanted.some((t) => DECORATOR_TYPES.some((d) => t === d || t.startsWith(`${d}.`)))) cls = 'decorator';
      else if (isMethodCall.get(edge.site) === true && wanted.length > 0 && wanted.every(isStubName) && !wanted.some((t) => given.has(t))) cls = 'receiver';
      add(result.misses, cls, edge);
    }
  }
  return { ...result, oracleMismatch: jedi === null ? null : oracleMismatch, stateDependentGolden: jedi === null ? null : stateDependentGolden };
}

function scoreLine(label: string, { tp, fp, fn }: { tp: number; fp: number; fn: number }): string {
  const p = tp + fp === 0 ? 1 : tp / (tp + fp);
  const r = tp + fn === 0 ? 1 : tp / (tp + fn);
  const f = p + r === 0 ? 0 : (2 * p * r) / (p + r);
  const pct = (x: number): string => `${(100 * x).toFixed(1).padStart(5)}%`;
  return `${label.padEnd(17)} ${String(tp + fn).padStart(6)} ${String(tp + fp).padStart(5)} ${String(tp).padStart(5)}  ${pct(p)}  ${pct(r)}  ${pct(f)}`;
}

export function formatScoreTable(scores: Record<string, { tp: number; fp: number; fn: number }>): string[] {
  const all = { tp: 0, fp: 0, fn: 0 };
  const lines = ['kind              golden  ours    tp  precis  recall      F1'];
  for (const kind of CALL_KINDS) {
    const s = scores[kind]!;
    all.tp += s.tp;
    all.fp += s.fp;
    all.fn += s.fn;
    lines.push(scoreLine(kind, s));
  }
  lines.push(scoreLine('all', all));
  return lines;
}

function classTable(title: string, map: Map<string, Edge[]>): string[] {
  const lines = [title, `class       ${CALL_KINDS.map((k) => k.padStart(17)).join('')}   total`];
  for (const cls of [...map.keys()].sort()) {
    const edges = map.get(cls)!;
    const counts = CALL_KINDS.map((k) => String(edges.filter((e) => e.kind === k).length).padStart(17));
    lines.push(`${cls.padEnd(11)} ${counts.join('')} ${String(edges.length).padStart(7)}`);
  }
  return lines;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const conformance = join(import.meta.dirname, '..', '..', '..', 'shared', 'conformance');
  const jediArg = process.argv.indexOf('--jedi');
  const jedi = jediArg > 0 ? (JSON.parse(readFileSync(process.argv[jediArg + 1]!, 'utf8')) as JediState) : null;
  const result = classifyCalls(conformance, jedi);
  const out = ['raw (all golden edges)', ...formatScoreTable(result.raw)];
  if (result.stable !== null) {
    out.push('', 'stable (state-dependent edges left out of golden and ours)', ...formatScoreTable(result.stable));
    out.push(`state-dependent golden edges: ${result.stateDependentGolden}; golden edges the one-Script jedi run does not reproduce (or adds): ${result.oracleMismatch}`);
  }
  out.push('', ...classTable('missing edges by class', result.misses), '', ...classTable('extra edges by class', result.extras));
  if (process.argv.includes('--list')) {
    for (const [label, map] of [['MISS', result.misses], ['EXTRA', result.extras]] as const) {
      for (const cls of [...map.keys()].sort()) {
        for (const e of map.get(cls)!) out.push(`${label} ${cls} ${e.file}|${e.key.replace(/\n/g, '\\n').slice(0, 200)}`);
      }
    }
  }
  console.log(out.join('\n'));
}
