/**
 * The data-flow pass keeps BugLab's last-access map in a layered form (shared base + changes) so
 * that branch copies stay cheap. These tests drive it and a plain insertion-ordered model of
 * BugLab's map (Python dict semantics, the harness's ordered sets) through the same random
 * sequences of writes, copies and merges, and require identical contents and order throughout.
 */
import { describe, expect, it } from 'vitest';
import { seededRng } from '../../scripts/lib/seeded-random.js';
import { AccessState, FrozenLayers, mergeAccessStates } from '../../src/graph/passes/dataflow.js';
import type { CstNode } from '../../src/python/cst.js';

type Model = Map<string, readonly CstNode[]>;

/** BugLab's `__merge_last_access` on plain ordered maps. */
function modelMerge(a: Model, b: Model): Model {
  const out: Model = new Map();
  for (const key of [...a.keys(), ...b.keys()]) {
    if (out.has(key)) continue;
    const nodes = [...(a.get(key) ?? [])];
    for (const node of b.get(key) ?? []) if (!nodes.includes(node)) nodes.push(node);
    out.set(key, nodes);
  }
  return out;
}

function contents(state: AccessState): [string, string[]][] {
  return [...state.entries()].map(([key, nodes]) => [key, nodes.map((n) => n['id'] as string)]);
}

function modelContents(model: Model): [string, string[]][] {
  return [...model].map(([key, nodes]) => [key, nodes.map((n) => n['id'] as string)]);
}


function runSequence(seed: number, keyCount: number, steps: number): void {
  const random = seededRng(seed);
  const pick = (n: number): number => Math.floor(random() * n);
  const nodes: CstNode[] = Array.from({ length: 40 }, (_, i) => ({ type: 'Name', id: `n${i}` }));
  const pool: { state: AccessState; model: Model }[] = [{ state: AccessState.empty(), model: new Map() }];
  for (let step = 0; step < steps; step++) {
    const choice = random();
    const at = pick(pool.length);
    const entry = pool[at]!;
    if (choice < 0.55) {
      // An access sets one node, a write sets none; either keeps the key's place.
      const key = `k${pick(keyCount)}`;
      const value = random() < 0.3 ? [] : [nodes[pick(nodes.length)]!];
      entry.state.set(key, value);
      entry.model.set(key, value);
      pool.push(pool.splice(at, 1)[0]!);
    } else if (choice < 0.75 || pool.length < 2) {
      pool.push({ state: entry.state.copy(), model: new Map(entry.model) });
    } else if (choice < 0.8) {
      pool.push({ state: AccessState.empty(), model: new Map() });
    } else if (choice < 0.84) {
      // Frozen at a function's entry: the state's layers kept as they are, the base of later walks.
      const frozen = new FrozenLayers(entry.state.base, new Map(entry.state.delta));
      const keys = [...entry.model.keys()];
      if (frozen.size !== keys.length || JSON.stringify(frozen.keyList()) !== JSON.stringify(keys) || keys.some((key, i) => frozen.rank(key) !== i)) {
        expect([frozen.size, frozen.keyList(), keys.map((key) => frozen.rank(key))], `seed ${seed}, step ${step}`).toEqual([keys.length, keys, keys.map((_, i) => i)]);
      }
      expect(frozen.rank('absent')).toBeUndefined();
      pool.push({ state: new AccessState(frozen), model: new Map(entry.model) });
    } else {
      // Merge two states; like the pass, drop both operands and keep the result.
      let other = pick(pool.length - 1);
      if (other >= at) other++;
      const second = pool[other]!;
      const merged = { state: mergeAccessStates(entry.state, second.state), model: modelMerge(entry.model, second.model) };
      pool.splice(Math.max(at, other), 1);
      pool.splice(Math.min(at, other), 1);
      pool.push(merged);
    }
    const changed = pool[pool.length - 1]!;
    if (JSON.stringify(contents(changed.state)) !== JSON.stringify(modelContents(changed.model))) {
      expect(contents(changed.state), `seed ${seed}, step ${step}`).toEqual(modelContents(changed.model));
    }
  }
  for (const { state, model } of pool) expect(contents(state), `seed ${seed}, end`).toEqual(modelContents(model));
}

describe('layered last-access map of the data-flow pass', () => {
  it('matches a plain ordered map on random write/copy/merge sequences (few names)', () => {
    for (let seed = 1; seed <= 300; seed++) runSequence(seed, 6, 60);
  });

  it('matches a plain ordered map when the layers grow large enough to be flattened', () => {
    for (let seed = 1000; seed <= 1015; seed++) runSequence(seed, 120, 300);
  });

  it('returns an empty operand’s partner unchanged and keeps the left operand’s key order', () => {
    const a = AccessState.empty();
    const x: CstNode = { type: 'Name', id: 'x' };
    const y: CstNode = { type: 'Name', id: 'y' };
    a.set('p', [x]);
    const b = a.copy();
    a.set('q', [y]);
    b.set('r', [y]);
    b.set('p', [y]);
    expect(mergeAccessStates(a, AccessState.empty())).toBe(a);
    expect(contents(mergeAccessStates(b, a))).toEqual([
      ['p', ['y', 'x']],
      ['r', ['y']],
      ['q', ['y']],
    ]);
  });
});
