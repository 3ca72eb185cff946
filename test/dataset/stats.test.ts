import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { collectStats, UNKNOWN_BUG_KIND } from '../../src/dataset/index.js';
import { writeSamples } from '../../src/io/index.js';
import { packageSamples, seededRng, SCOUTS, type Sample } from '../../scripts/lib/synthetic-samples.js';
import { concatEncoded, sample, tempDir, writeGzip } from '../io/fixtures.js';

const dir = tempDir();

describe('collectStats', () => {
  it('counts a hand-made file exactly', async () => {
    const file = join(dir, 'hand.msgpack.l.gz');
    const withBug = (s: Record<string, unknown>, target: number, metadata: unknown[]) => ({ ...s, target_fix_action_idx: target, candidate_rewrite_metadata: metadata });
    const a = sample('p/a.py', 'pkg1', 1); // 3 nodes, 2 edges, no bug
    const b = withBug(sample('p/a.py', 'pkg1', 2), 1, [['LiteralRewriteScout', null], ['ArgSwapRewriteScout', null]]);
    const c = withBug(
      { ...sample('p/b.py', 'pkg2', 3), graph: { nodes: Array(10).fill('x'), edges: { Child: [[0, 1], [1, 2]], Sibling: [], NextToken: [[1, 2], [2, 3], [3, 4]] }, path: 'p/b.py' } },
      0,
      [['ArgSwapRewriteScout', null]],
    );
    const d = withBug(sample('p/a.py', 'pkg2', 4), 5, [['LiteralRewriteScout', null]]); // target out of range
    writeGzip(file, concatEncoded([a, b, c, d, [1, 2, 3], { graph: 'not a map' }]));
    const stats = await collectStats([file]);
    expect(stats).toEqual({
      dataFiles: 1,
      samples: 6,
      withBug: 3,
      withoutBug: 1,
      bugKinds: { ArgSwapRewriteScout: 2, [UNKNOWN_BUG_KIND]: 1 },
      packages: 2,
      sourceFiles: 3, // (pkg1, p/a.py), (pkg2, p/b.py), (pkg2, p/a.py)
      nodes: { mean: (3 + 3 + 10 + 3) / 4, max: 10 },
      edges: { mean: (2 + 2 + 5 + 2) / 4, max: 5 },
      malformedSamples: 2,
      failedFiles: [],
    });
  });

  it('agrees with figures computed from the decoded samples of generated files', async () => {
    const specs = [
      { packageName: 'alpha', packageVersion: '1', files: ['alpha/x.py', 'alpha/y.py'], functionsPerFile: 3, bugsPerFunction: 4, nodeCount: { min: 50, max: 900 } },
      { packageName: 'beta', packageVersion: '2', files: ['beta/x.py'], functionsPerFile: 5, bugsPerFunction: 2, nodeCount: { min: 10, max: 400 } },
    ];
    const all: Sample[] = [];
    const files: string[] = [];
    for (const [i, spec] of specs.entries()) {
      const samples = [...packageSamples(seededRng(i + 42), spec)];
      all.push(...samples);
      const file = join(dir, `gen-${i}.msgpack.l.gz`);
      await writeSamples(file, samples);
      files.push(file);
    }
    const stats = await collectStats(files);

    const nodes = all.map((s) => (s.graph as { nodes: unknown[] }).nodes.length);
    const edges = all.map((s) => Object.values((s.graph as { edges: Record<string, unknown[]> }).edges).reduce((n, list) => n + list.length, 0));
    const buggy = all.filter((s) => s.target_fix_action_idx !== null);
    const kinds: Record<string, number> = {};
    for (const s of buggy) {
      const kind = (s.candidate_rewrite_metadata as [string, unknown][])[s.target_fix_action_idx as number]![0];
      kinds[kind] = (kinds[kind] ?? 0) + 1;
    }
    expect(stats.samples).toBe(2 * 3 * 5 + 5 * 3);
    expect(stats.withBug).toBe(2 * 3 * 4 + 5 * 2);
    expect(stats.withoutBug).toBe(2 * 3 + 5);
    expect(stats.bugKinds).toEqual(Object.fromEntries(Object.entries(kinds).sort()));
    expect(Object.keys(stats.bugKinds).every((k) => (SCOUTS as readonly string[]).includes(k))).toBe(true);
    expect(stats.packages).toBe(2);
    expect(stats.sourceFiles).toBe(3);
    expect(stats.nodes.max).toBe(Math.max(...nodes));
    expect(stats.nodes.mean).toBeCloseTo(nodes.reduce((a, b) => a + b) / nodes.length, 9);
    expect(stats.edges.max).toBe(Math.max(...edges));
    expect(stats.edges.mean).toBeCloseTo(edges.reduce((a, b) => a + b) / edges.length, 9);
    expect(stats.dataFiles).toBe(2);
  });

  it('counts what a bad file held before its problem and records the problem', async () => {
    const good = join(dir, 'good.msgpack.l.gz');
    const bad = join(dir, 'bad.msgpack.l.gz');
    const empty = join(dir, 'empty.msgpack.l.gz');
    await writeSamples(good, [sample('a.py', 'p', 1), sample('b.py', 'p', 2)]);
    const encoded = concatEncoded([sample('c.py', 'q', 3), sample('d.py', 'q', 4)]);
    writeGzip(bad, encoded.subarray(0, encoded.length - 3));
    writeFileSync(empty, '');
    const stats = await collectStats([good, bad, empty]);
    expect(stats.samples).toBe(3);
    expect(stats.packages).toBe(2);
    expect(stats.failedFiles).toEqual([
      { file: bad, message: `${bad}: sample 1: MessagePack value cut off: the data ends ${encoded.length / 2 - 3} bytes into the sample` },
      { file: empty, message: `${empty}: empty file (0 bytes; a data file is a gzip stream)` },
    ]);
  });
});
