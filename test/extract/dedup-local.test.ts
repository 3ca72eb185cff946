// Near-duplicate files across packages, end to end with the local executor: a package that vendors
// a copy of another package's module yields no samples for it (first seen in package-list order
// wins, across resumed runs too), and --no-dedup keeps everything.
import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readRawSamples } from '../../src/io/reader.js';
import type { ManifestEntry } from '../../src/extract/manifest.js';
import { buildWheel, DEFAULT_DEMO_WHEELS, type DemoWheel } from '../../scripts/extract-demo/local-index.js';
import { runCli } from '../helpers/cli.js';

const LONG = 300_000;
const index = mkdtempSync(join(tmpdir(), 'bugmine-dedup-index-'));
const text = DEFAULT_DEMO_WHEELS[1]!; // textwrap and shlex
/** Vendors a copy of textwrap next to a module of its own. */
const vendor: DemoWheel = { name: 'bugmine-demo-vendor', version: '1.0.0', importName: 'bugmine_demo_vendor', modules: ['fnmatch', 'textwrap'] };
const VENDORED = `${vendor.importName}/textwrap.py`;
const ORIGINAL = `${text.importName}/textwrap.py`;

function listFile(lines: string[]): string {
  const file = join(mkdtempSync(join(tmpdir(), 'bugmine-list-')), 'packages.txt');
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

function manifest(out: string): Record<string, ManifestEntry> {
  const entries = readFileSync(join(out, 'manifest.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as ManifestEntry);
  return Object.fromEntries(entries.map((e) => [e.package, e]));
}

/** The samples of a package's output as [graph.path, bytes as hex] in file order. */
async function samples(out: string, pkg: string): Promise<[string, string][]> {
  const file = join(out, `graphs-${pkg}.msgpack.l.gz`);
  if (!existsSync(file)) return [];
  const result: [string, string][] = [];
  for await (const raw of readRawSamples(file)) result.push([raw.path!, Buffer.from(raw.bytes).toString('hex')]);
  return result;
}

async function extract(packages: string[], out: string, ...args: string[]) {
  const run = await runCli(['extract', listFile(packages), out, '--executor', 'local', '--no-index', '--find-links', index, '--seed', '5', '--json', ...args]);
  expect(run.code, run.stderr + run.stdout).toBe(0);
  return JSON.parse(run.stdout) as { ran: number; resumed: number; nearDuplicates: { files: number; samples: number }; entries: ManifestEntry[] };
}

describe('bugmine extract: near-duplicate files', () => {
  const all = mkdtempSync(join(tmpdir(), 'bugmine-dedup-all-'));
  let kept: Record<string, [string, string][]> = {};

  beforeAll(async () => {
    buildWheel(index, text);
    buildWheel(index, vendor);
    // Reference: every sample of both packages.
    const summary = await extract([text.name, vendor.name], all, '--no-dedup', '--workers', '2');
    expect(summary.nearDuplicates).toEqual({ files: 0, samples: 0 });
    kept = { [text.name]: await samples(all, text.name), [vendor.name]: await samples(all, vendor.name) };
  }, LONG);

  it('--no-dedup keeps the vendored copy and writes no index', () => {
    expect(kept[vendor.name]!.some(([path]) => path === VENDORED)).toBe(true);
    expect(kept[vendor.name]!.some(([path]) => path !== VENDORED)).toBe(true);
    expect(kept[text.name]!.some(([path]) => path === ORIGINAL)).toBe(true);
    expect(existsSync(join(all, 'near-duplicates.jsonl'))).toBe(false);
  });

  it('drops the vendored copy of a module a package earlier in the list has, also when that package ran in an earlier run', async () => {
    const out = mkdtempSync(join(tmpdir(), 'bugmine-dedup-'));
    const first = await extract([text.name], out);
    expect(first.nearDuplicates.files).toBe(0);
    const second = await extract([text.name, vendor.name], out, '--workers', '2');
    expect(second).toMatchObject({ ran: 1, resumed: 1 });

    const vendorSamples = await samples(out, vendor.name);
    expect(vendorSamples).toEqual(kept[vendor.name]!.filter(([path]) => path !== VENDORED));
    expect(await samples(out, text.name)).toEqual(kept[text.name]);

    const dropped = kept[vendor.name]!.filter(([path]) => path === VENDORED).length;
    const entry = manifest(out)[vendor.name]!;
    const reference = manifest(all)[vendor.name]!;
    expect(entry.nearDuplicates).toEqual([{ path: VENDORED, of: { package: text.name, path: ORIGINAL } }]);
    expect(entry.counts.skipped['near-duplicate']).toBe(1);
    expect(entry.counts).toMatchObject({ samples: vendorSamples.length, nearDuplicateSamples: dropped, files: reference.counts.files });
    expect(entry.counts.functions).toBeLessThan(reference.counts.functions);
    expect(second.nearDuplicates).toEqual({ files: 1, samples: dropped });
  }, LONG);

  it('keeps the first copy in package-list order, whichever package finishes first', async () => {
    const out = mkdtempSync(join(tmpdir(), 'bugmine-dedup-order-'));
    const run = await runCli(['extract', listFile([vendor.name, text.name]), out, '--executor', 'local', '--no-index', '--find-links', index, '--seed', '5', '--workers', '2']);
    expect(run.code, run.stderr + run.stdout).toBe(0);
    expect(run.stdout).toMatch(/^near-duplicate files dropped: 1 \(\d+ samples\)$/m);
    expect(await samples(out, vendor.name)).toEqual(kept[vendor.name]);
    expect(await samples(out, text.name)).toEqual(kept[text.name]!.filter(([path]) => path !== ORIGINAL));
    expect(manifest(out)[text.name]!.nearDuplicates).toEqual([{ path: ORIGINAL, of: { package: vendor.name, path: VENDORED } }]);
    // The manifest lists the packages in list order: commits follow it.
    expect(readFileSync(join(out, 'manifest.jsonl'), 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as ManifestEntry).package)).toEqual([vendor.name, text.name]);
  }, LONG);
});
