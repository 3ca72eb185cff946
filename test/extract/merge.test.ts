// bugmine merge of extract --shard i/N --defer-dedup outputs (local executor, a local package index
// of stdlib modules): near-duplicates are decided across shards in package-list order, so the
// merged data files are byte for byte those of one run of the whole list; resumable; and shards
// that are not deferred-dedup outputs of one list are refused.
import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ManifestEntry } from '../../src/extract/manifest.js';
import { buildWheel, DEFAULT_DEMO_WHEELS, type DemoWheel } from '../../scripts/extract-demo/local-index.js';
import { runCli } from '../helpers/cli.js';

const LONG = 600_000;
const index = mkdtempSync(join(tmpdir(), 'bugmine-merge-index-'));
const [colors, text, algorithms] = DEFAULT_DEMO_WHEELS as [DemoWheel, DemoWheel, DemoWheel];
// B vendors A's textwrap; C vendors it too: with N = 2, C's shard has B but not A.
const vendor: DemoWheel = { name: 'bugmine-demo-vendor', version: '1.0.0', importName: 'bugmine_demo_vendor', modules: ['fnmatch', 'textwrap'] };
const vendor2: DemoWheel = { name: 'bugmine-demo-vendor-two', version: '1.0.0', importName: 'bugmine_demo_vendor_two', modules: ['textwrap', 'shlex'] };
const LIST = [text, vendor, colors, vendor2, algorithms].map((w) => w.name);

function listFile(lines: string[]): string {
  const file = join(mkdtempSync(join(tmpdir(), 'bugmine-list-')), 'packages.txt');
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}
const list = listFile(['# the merge test list', ...LIST]);

async function extract(out: string, ...args: string[]): Promise<void> {
  const run = await runCli(['extract', list, out, '--executor', 'local', '--no-index', '--find-links', index, '--seed', '7', '--workers', '2', ...args]);
  expect(run.code, run.stderr + run.stdout).toBe(0);
}

/** Data files and the near-duplicate index, name → bytes. */
function dataFiles(dir: string): Record<string, string> {
  const names = readdirSync(dir).filter((f) => f.endsWith('.msgpack.l.gz') || f === 'near-duplicates.jsonl').sort();
  return Object.fromEntries(names.map((name) => [name, readFileSync(join(dir, name)).toString('base64')]));
}

function manifest(dir: string): Omit<ManifestEntry, 'durationMs' | 'cpuMs'>[] {
  return readFileSync(join(dir, 'manifest.jsonl'), 'utf8').trim().split('\n').map((line) => {
    const { durationMs: _, cpuMs: __, ...rest } = JSON.parse(line) as ManifestEntry;
    return rest;
  });
}

describe('bugmine merge', () => {
  const single = mkdtempSync(join(tmpdir(), 'bugmine-merge-single-'));
  const root = mkdtempSync(join(tmpdir(), 'bugmine-merge-shards-'));
  const shard = (i: number, n: number): string => join(root, `n${n}`, `shard-${i}`);

  beforeAll(async () => {
    for (const wheel of [text, vendor, colors, vendor2, algorithms]) buildWheel(index, wheel);
    await extract(single);
  }, LONG);

  it('one run records list positions and drops the vendored copies (the reference)', () => {
    const entries = manifest(single);
    expect(entries.map((e) => [e.package, e.position])).toEqual(LIST.map((name, i) => [name, i]));
    expect(entries[1]!.nearDuplicates?.map((d) => d.of.package)).toEqual([text.name]);
    expect(entries[3]!.nearDuplicates?.length).toBeGreaterThanOrEqual(1);
  });

  it('--shard i/2 --defer-dedup keeps every file and its signatures; the merge gives the one-run data files byte for byte', async () => {
    for (const i of [0, 1]) await extract(shard(i, 2), '--shard', `${i}/2`, '--defer-dedup');
    // The shards dropped nothing: B's shard keeps its copy of textwrap.
    const b = manifest(shard(1, 2)).find((e) => e.package === vendor.name)!;
    expect(b.nearDuplicates).toBeUndefined();
    expect(b.counts.skipped['near-duplicate']).toBeUndefined();
    expect(existsSync(join(shard(1, 2), 'signatures', `${vendor.name}.json`))).toBe(true);
    expect(existsSync(join(shard(1, 2), 'near-duplicates.jsonl'))).toBe(false);

    const merged = join(root, 'merged-2');
    const run = await runCli(['merge', shard(0, 2), shard(1, 2), merged, '--json']);
    expect(run.code, run.stderr + run.stdout).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ total: 5, merged: 5, resumed: 0, missing: [] });
    expect(dataFiles(merged)).toEqual(dataFiles(single));
    expect(manifest(merged)).toEqual(manifest(single));
    expect(readdirSync(merged).filter((f) => f.startsWith('.'))).toEqual([]);

    const again = await runCli(['merge', shard(0, 2), shard(1, 2), merged, '--json']);
    expect(JSON.parse(again.stdout)).toMatchObject({ merged: 0, resumed: 5 });
    expect(dataFiles(merged)).toEqual(dataFiles(single));
  }, LONG);

  it('merges the finished prefix when a shard is missing, says which, and resumes exactly once it is there', async () => {
    await extract(shard(0, 3), '--shard', '0/3', '--defer-dedup');
    await extract(shard(2, 3), '--shard', '2/3', '--defer-dedup');
    const merged = join(root, 'merged-3');
    const partial = await runCli(['merge', shard(0, 3), shard(2, 3), merged, '--json']);
    expect(partial.code).toBe(1);
    expect(JSON.parse(partial.stdout)).toMatchObject({ merged: 1, missing: [{ position: 1, shard: '1/3', shardDir: null }, { position: 4, shard: '1/3', shardDir: null }] });
    expect(partial.stderr).toMatch(/shard 1\/3 \(not given\) has not finished 2 package\(s\), list positions 1, 4/);

    await extract(shard(1, 3), '--shard', '1/3', '--defer-dedup');
    const rest = await runCli(['merge', shard(2, 3), shard(1, 3), shard(0, 3), merged, '--json']);
    expect(rest.code, rest.stderr + rest.stdout).toBe(0);
    expect(JSON.parse(rest.stdout)).toMatchObject({ merged: 4, resumed: 1, missing: [] });
    expect(dataFiles(merged)).toEqual(dataFiles(single));
    expect(manifest(merged)).toEqual(manifest(single));
  }, LONG);

  it('refuses outputs that dropped near-duplicates themselves, shards of other lists or counts, and the same shard twice', async () => {
    const notDeferred = await runCli(['merge', single, join(root, 'x')]);
    expect(notDeferred.code).toBe(2);
    expect(notDeferred.stderr).toMatch(/no shard\.json: not an output of bugmine extract --defer-dedup/);
    const mixed = await runCli(['merge', shard(0, 2), shard(1, 3), join(root, 'y')]);
    expect(mixed.stderr).toMatch(/shard 1\/3, but .* is one of 2/);
    const twice = await runCli(['merge', shard(0, 2), shard(0, 2), join(root, 'z')]);
    expect(twice.stderr).toMatch(/given twice/);
    const usage = await runCli(['merge', shard(0, 2)]);
    expect(usage.code).toBe(2);
    const other = mkdtempSync(join(tmpdir(), 'bugmine-merge-other-'));
    const otherList = listFile([colors.name]);
    const run = await runCli(['extract', otherList, other, '--executor', 'local', '--no-index', '--find-links', index, '--defer-dedup', '--shard', '1/2']);
    expect(run.code, run.stderr + run.stdout).toBe(0);
    const otherMerge = await runCli(['merge', shard(0, 2), other, join(root, 'w')]);
    expect(otherMerge.stderr).toMatch(/different package list/);
    // A resumed shard must keep its list and shard.
    const changed = await runCli(['extract', list, other, '--executor', 'local', '--no-index', '--find-links', index, '--defer-dedup', '--shard', '1/2']);
    expect(changed.code).toBe(2);
    expect(changed.stderr).toMatch(/started with a different package list/);
  }, LONG);
});
