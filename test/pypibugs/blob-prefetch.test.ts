// The host-side blob fetch that lets a unit read its partial clone without network: after it, every
// line gets its outcome with the origin repositories gone; without it, lines fail.
import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prefetchBlobs, type PrefetchResult } from '../../src/pypibugs/blob-prefetch.js';
import { GitCache } from '../../src/pypibugs/git-cache.js';
import { groupByRepository, readPypiBugsLines } from '../../src/pypibugs/lines.js';
import { runPypiBugs } from '../../src/pypibugs/run.js';
import { buildScenario, type Scenario } from './scenario.js';

let root: string;
let scenario: Scenario;
let input: string;
const prefetched: PrefetchResult[] = [];
const prefetchedAgain: PrefetchResult[] = [];

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'bugmine-prefetch-'));
  scenario = buildScenario(join(root, 'repos'));
  input = join(root, 'pypibugs.jsonl');
  writeFileSync(input, scenario.jsonl);
  const groups = groupByRepository(readPypiBugsLines(readFileSync(input, 'utf8')).valid);
  for (const cacheDir of ['cache-prefetched', 'cache-plain']) {
    const cache = new GitCache(join(root, cacheDir));
    for (const [repo, lines] of groups) {
      const ensured = await cache.ensure(
        repo,
        lines.map((l) => l.hash),
      );
      if (!ensured.ok || cacheDir === 'cache-plain') continue;
      prefetched.push(await prefetchBlobs(ensured.dir, lines));
      prefetchedAgain.push(await prefetchBlobs(ensured.dir, lines));
    }
  }
  // The origins disappear: from now on no blob can be fetched.
  renameSync(join(root, 'repos'), join(root, 'repos-gone'));
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('prefetchBlobs', () => {
  it('fetches the blobs the lines read, once', () => {
    expect(prefetched.length).toBe(2);
    for (const result of prefetched) {
      expect(result.fetched).toBeGreaterThan(0);
      expect(result.missing).toBe(0);
      expect(result.fetched).toBeLessThanOrEqual(result.needed);
    }
    // A second pass finds them all present.
    expect(prefetchedAgain.map((r) => [r.needed, r.fetched, r.missing])).toEqual(prefetched.map((r) => [r.needed, 0, 0]));
  });

  it('leaves a clone from which every line gets its outcome without network', async () => {
    const report = await runPypiBugs(input, join(root, 'out-prefetched'), { cacheDir: join(root, 'cache-prefetched'), fixed: true });
    const records = readFileSync(join(root, 'out-prefetched', 'manifest.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { outcome: string });
    expect(records.map((r) => r.outcome)).toEqual(scenario.lines.map((l) => l.expect));
    expect(report.samples).toBe(8);
  });

  it('is needed: the same clone without it cannot read the files', async () => {
    const report = await runPypiBugs(input, join(root, 'out-plain'), { cacheDir: join(root, 'cache-plain') });
    expect(report.outcomes.ok).toBe(0);
    expect(report.outcomes['internal-error']).toBeGreaterThan(0);
  });
});
