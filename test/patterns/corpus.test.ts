// Properties of the patterns mined from the shared PyPIBugs corpus (909 real fixes), at context 0
// (the default) and context 1 (the enclosing compound statement's header and the neighbouring
// statements kept around the change).
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { instantiate, match } from '../../src/patterns/match.js';
import { concreteEdits, type PatternsFile } from '../../src/patterns/mine.js';
import { type ReadFixRecord as FixRecord, readFixRecords } from '../../src/fixes/records.js';
import { sameTokens } from '../../src/patterns/tokens.js';
import type { CstNode } from '../../src/python/cst.js';
import { concreteSize } from '../../src/patterns/tree.js';
import { runCli, SHARED } from '../helpers/cli.js';

const CORPUS = join(SHARED, 'datasets', 'pypibugs-fixes', 'fixes.jsonl.gz');

describe.skipIf(!existsSync(CORPUS)).each([0, 1])('patterns mined from the shared corpus at context %i', (context) => {
  let records: FixRecord[];
  let file: PatternsFile;
  let dir: string;

  // Mined by the CLI (a child process: the test's event loop stays free), read back from JSON as
  // issue 15's matcher will read it.
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), `bugmine-patterns-c${context}-`));
    const read = await readFixRecords(CORPUS);
    expect(read.errors).toEqual([]);
    records = read.records;
    const out = join(dir, 'patterns.json');
    const result = await runCli(['patterns', 'mine', CORPUS, '--context', String(context), '-o', out]);
    expect(result.stderr).toMatch(/909 edits from 909 records \(0 problems\)/);
    expect(result.code).toBe(0);
    file = JSON.parse(await readFile(out, 'utf8')) as PatternsFile;
    expect(file.context).toBe(context);
  }, 600_000);

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps every fix and merges within groups', () => {
    expect(file.records).toHaveLength(909);
    expect(new Set(file.records.map((r) => r.repo)).size).toBe(353);
    const leaves = file.nodes.filter((n) => n.children.length === 0);
    expect(leaves).toHaveLength(909);
    expect(file.nodes.length).toBeGreaterThan(909);
    for (const node of file.nodes) {
      for (const child of node.children) expect(file.nodes[child]!.group).toBe(node.group);
    }
    // Every node is below exactly one root.
    const seen = new Set<number>();
    const visit = (id: number): void => {
      expect(seen.has(id)).toBe(false);
      seen.add(id);
      for (const c of file.nodes[id]!.children) visit(c);
    };
    for (const root of file.roots) visit(root);
    expect(seen.size).toBe(file.nodes.length);
  });

  it('every pattern matches every concrete edit below it and reproduces its after part token for token', async () => {
    const edits: ReturnType<typeof concreteEdits> = [];
    for (let i = 0; i < records.length; i += 50) {
      edits.push(...concreteEdits(records.slice(i, i + 50), context, []));
      await new Promise((resolve) => setImmediate(resolve));
    }
    edits.sort((x, y) => (x.record.id < y.record.id ? -1 : 1));
    expect(edits.map((e) => e.record.id)).toEqual(file.records.map((r) => r.id));
    let checked = 0;
    const failures: string[] = [];
    for (const node of file.nodes) {
      const before = node.template.before as CstNode;
      const after = node.template.after as CstNode;
      // A node's pattern is at its own context level (the most that generalises its fixes).
      const level = node.context ?? 0;
      for (const index of node.records) {
        const edit = edits[index]!.levels[level]!;
        const bindings = match(before, edit.before);
        if (bindings === null) failures.push(`node ${node.id} does not match ${edits[index]!.record.id}`);
        else if (!sameTokens(instantiate(after, bindings), edit.after)) failures.push(`node ${node.id} gives another after for ${edits[index]!.record.id}`);
        checked++;
      }
      if (node.id % 50 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    expect(failures).toEqual([]);
    // Every leaf once, and each merge's fixes once more: the merged nodes are checked too.
    const merges = file.nodes.filter((n) => n.children.length > 0);
    expect(merges.length).toBeGreaterThan(0);
    expect(checked).toBe(909 + merges.reduce((sum, n) => sum + n.records.length, 0));
  }, 600_000);

  it('keeps context where it generalises: leaves at the full level, a parent at most at its children\'s', () => {
    for (const node of file.nodes) {
      if (context === 0) {
        expect(node.context).toBeUndefined();
        continue;
      }
      if (node.children.length === 0) expect(node.context).toBe(context);
      for (const child of node.children) expect(node.context!).toBeLessThanOrEqual(file.nodes[child]!.context!);
    }
  });

  it('a parent is at least as general as its children: no more concrete nodes, the union of their fixes', () => {
    const size = (id: number): number => concreteSize(file.nodes[id]!.template.before as CstNode) + concreteSize(file.nodes[id]!.template.after as CstNode);
    for (const node of file.nodes) {
      for (const child of node.children) expect(size(node.id)).toBeLessThanOrEqual(size(child));
      if (node.children.length > 0) {
        expect(node.records).toEqual([...new Set([...file.nodes[node.children[0]!]!.records, ...file.nodes[node.children[1]!]!.records])].sort((a, b) => a - b));
      }
    }
  });

  it('lists the patterns of two or more repositories, most supported first', () => {
    expect(file.patterns.length).toBeGreaterThan(10);
    const repos = file.patterns.map((id) => file.nodes[id]!.repos);
    expect(repos.every((r) => r >= 2)).toBe(true);
    expect([...repos].sort((a, b) => b - a)).toEqual(repos);
  });

  // Once, at the default context: the order-independence does not depend on the level.
  it.runIf(context === 0)('gives the same bytes for the same records in another order, split over other files', async () => {
    const lines = gunzipSync(await readFile(CORPUS)).toString('utf8').split('\n').filter((l) => l !== '');
    const some = lines.filter((_, i) => i % 3 === 0);
    const shuffled = [...some].reverse();
    shuffled.push(shuffled.shift()!);
    await writeFile(join(dir, 'a.jsonl'), some.join('\n') + '\n');
    await writeFile(join(dir, 'b1.jsonl'), shuffled.slice(0, 100).join('\n') + '\n');
    await writeFile(join(dir, 'b2.jsonl'), shuffled.slice(100).join('\n') + '\n');
    const [a, b] = await Promise.all([
      runCli(['patterns', 'mine', join(dir, 'a.jsonl'), '-o', join(dir, 'a.json')]),
      runCli(['patterns', 'mine', join(dir, 'b2.jsonl'), join(dir, 'b1.jsonl'), '-o', join(dir, 'b.json')]),
    ]);
    expect([a.code, b.code]).toEqual([0, 0]);
    const bytesA = await readFile(join(dir, 'a.json'));
    const bytesB = await readFile(join(dir, 'b.json'));
    expect(bytesA.equals(bytesB)).toBe(true);
  }, 600_000);
});
