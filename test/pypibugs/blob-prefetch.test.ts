// The batched blob fetch that lets a unit read its partial clone without network (a worker
// container mounts it read-only): after it, every line gets its outcome with the origin
// repositories gone; without it, the lines cannot be read.
import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prefetchBlobs, type PrefetchResult } from '../../src/pypibugs/blob-prefetch.js';
import { GitCache } from '../../src/pypibugs/git-cache.js';
import { groupByRepository, readPypiBugsLines, type PypiBugsLine } from '../../src/pypibugs/lines.js';
import { runPypiBugs } from '../../src/pypibugs/run.js';
import { jobLine, runRepositoryJob } from '../../src/pypibugs/unit-job.js';
import { buildScenario, type Scenario } from './scenario.js';

let root: string;
let scenario: Scenario;
let input: string;
/** Per cloned repository: its lines and its clone in each cache. */
const clones: { repo: string; lines: PypiBugsLine[]; prefetchedDir: string; plainDir: string }[] = [];
const prefetched: PrefetchResult[] = [];
const prefetchedAgain: PrefetchResult[] = [];

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'bugmine-prefetch-'));
  scenario = buildScenario(join(root, 'repos'));
  input = join(root, 'pypibugs.jsonl');
  writeFileSync(input, scenario.jsonl);
  const withPrefetch = new GitCache(join(root, 'cache-prefetched'));
  const plain = new GitCache(join(root, 'cache-plain'));
  for (const [repo, lines] of groupByRepository(readPypiBugsLines(readFileSync(input, 'utf8')).valid)) {
    const commits = lines.map((l) => l.hash);
    const a = await withPrefetch.ensure(repo, commits);
    const b = await plain.ensure(repo, commits);
    if (!a.ok || !b.ok) continue;
    prefetched.push(await prefetchBlobs(a.dir, lines));
    prefetchedAgain.push(await prefetchBlobs(a.dir, lines));
    clones.push({ repo, lines, prefetchedDir: a.dir, plainDir: b.dir });
  }
  // The origins disappear: from now on no blob can be fetched.
  renameSync(join(root, 'repos'), join(root, 'repos-gone'));
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

function expectedOutcome(line: number): string {
  return scenario.lines[line - 1]!.expect;
}

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

  it('leaves a clone that a unit reads as a container does (read-only, no fetch), every line with its outcome', async () => {
    for (const { repo, lines, prefetchedDir } of clones) {
      const output = join(root, 'out-unit', `${clones.findIndex((c) => c.repo === repo)}.msgpack.l.gz`);
      const result = await runRepositoryJob({ repo, gitDir: prefetchedDir, mountedReadOnly: true, lines: lines.map(jobLine), fixed: true, output });
      expect(result.results.map((r) => `${r.line}: ${r.outcome}`)).toEqual(lines.map((l) => `${l.line}: ${expectedOutcome(l.line)}`));
    }
  });

  it('is needed: without it the same lines cannot be read', async () => {
    for (const { repo, lines, plainDir } of clones) {
      const result = await runRepositoryJob({ repo, gitDir: plainDir, mountedReadOnly: true, lines: lines.map(jobLine), fixed: false, output: join(root, 'unused') });
      const okExpected = lines.filter((l) => expectedOutcome(l.line) === 'ok').map((l) => l.line);
      expect(okExpected.length).toBeGreaterThan(0);
      for (const line of okExpected) expect(result.results.find((r) => r.line === line)!.outcome, `line ${line}`).toBe('internal-error');
    }
    // A run tries to fetch them, says so when it cannot, and records the lines as internal errors.
    const logged: string[] = [];
    const report = await runPypiBugs(input, join(root, 'out-plain'), { cacheDir: join(root, 'cache-plain'), logger: { log: (m) => logged.push(m) } });
    expect(report.outcomes.ok).toBe(0);
    expect(report.outcomes['internal-error']).toBeGreaterThan(0);
    expect(logged.some((m) => /file version\(s\) could not be fetched/.test(m))).toBe(true);
  });

  it('a run on the prefetched clones gives every line its outcome', async () => {
    const report = await runPypiBugs(input, join(root, 'out-prefetched'), { cacheDir: join(root, 'cache-prefetched'), fixed: true, logger: { log: () => undefined } });
    const records = readFileSync(join(root, 'out-prefetched', 'manifest.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { outcome: string });
    expect(records.map((r) => r.outcome)).toEqual(scenario.lines.map((l) => l.expect));
    expect(report.samples).toBe(8);
    expect(report.repositories.fetchedBlobs).toBe(0);
  });
});
