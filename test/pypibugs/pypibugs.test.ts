import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSamples } from '../../src/io/reader.js';
import { readManifest, type ManifestRecord } from '../../src/pypibugs/manifest.js';
import { parseCanonicalOp } from '../../src/rewrite/canonical.js';
import { rangeData, rewriteData } from '../../src/rewrite/ops.js';
import { repositoryOutput, runPypiBugs, type PypiBugsReport } from '../../src/pypibugs/run.js';
import type { PypiBugsSample } from '../../src/pypibugs/repository-unit.js';
import { runCli } from '../helpers/cli.js';
import { EXIT } from '../../src/exit-codes.js';
import type { Logger } from '../../src/output.js';
import { buildScenario, type Scenario } from './scenario.js';
import { FixtureRepo, injectBug, stdlibText } from './fixtures.js';
import { outputFiles } from './output.js';

/** The messages of the later runs repeat the first run's, which are checked there. */
const CHECKED_ON_FIRST_RUN: Logger = { log: () => undefined };

let root: string;
let scenario: Scenario;
let input: string;
let cache: string;
let out: string;
let report: PypiBugsReport;
let logged: string[];

function manifestLines(dir: string): ManifestRecord[] {
  return readFileSync(join(dir, 'manifest.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as ManifestRecord);
}

async function samplesOf(dir: string, repo: string): Promise<PypiBugsSample[]> {
  const samples: PypiBugsSample[] = [];
  for await (const sample of readSamples(join(dir, repositoryOutput(repo)))) samples.push(sample as PypiBugsSample);
  return samples;
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'bugmine-pypibugs-'));
  scenario = buildScenario(join(root, 'repos'));
  input = join(root, 'pypibugs.jsonl');
  writeFileSync(input, scenario.jsonl);
  cache = join(root, 'cache');
  out = join(root, 'out');
  logged = [];
  report = await runPypiBugs(input, out, { cacheDir: cache, workers: 2, fixed: true, logger: { log: (m) => logged.push(m) } });
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('pypibugs on real git repositories', () => {
  it('gives every line its exact outcome, one manifest line per input line in order', () => {
    const records = manifestLines(out);
    expect(records.map((r) => r.line)).toEqual(scenario.lines.map((_, i) => i + 1));
    expect(records.map((r) => r.outcome)).toEqual(scenario.lines.map((l) => l.expect));
    for (const record of records) {
      expect(record.verified).toBe(record.outcome === 'ok');
      if (record.outcome !== 'ok') expect(record.details, `line ${record.line}`).toBeTruthy();
    }
    const expected: Record<string, number> = {};
    for (const l of scenario.lines) expected[l.expect] = (expected[l.expect] ?? 0) + 1;
    for (const [outcome, count] of Object.entries(report.outcomes)) expect(count, outcome).toBe(expected[outcome] ?? 0);
  });

  it('reports bad lines with their line numbers and goes on with the rest', () => {
    const bad = scenario.lines.flatMap((l, i) => (l.expect === 'invalid-line' || l.expect === 'duplicate' ? [i + 1] : []));
    for (const n of bad) expect(logged.some((m) => m.startsWith(`${input}:${n}: `)), `line ${n}`).toBe(true);
    expect(logged.some((m) => m.includes('missing field "old_path" or "path"'))).toBe(true);
    expect(logged.some((m) => m.includes('same fix as line 1'))).toBe(true);
    expect(logged.some((m) => m.includes(scenario.missingUrl) && m.includes('unavailable'))).toBe(true);
  });

  it('writes the buggy function with target_fix_action_idx at the fix, and the fixed function without bug', async () => {
    const okLines = scenario.lines.flatMap((l, i) => (l.expect === 'ok' ? [{ ...l, number: i + 1 }] : []));
    expect(okLines.length).toBe(4);
    for (const l of okLines) {
      const record = l.record as Record<string, string>;
      const repo = record['repo']!;
      const hash = record['hash'] ?? record['sha']!;
      const oldPath = record['old_path'] ?? record['path']!;
      const op = parseCanonicalOp(record['rewrite']!);
      const mine = (await samplesOf(out, repo)).filter((s) => s.provenance.pypibugs_line === l.number);
      expect(mine.length, `line ${l.number}`).toBe(2);
      const [buggy, fixed] = mine as [PypiBugsSample, PypiBugsSample];
      expect(buggy.package_name).toBe(repo);
      expect(buggy.package_version).toBe(hash);
      expect(buggy.graph.path).toBe(oldPath);
      expect(buggy.target_fix_action_idx).not.toBeNull();
      const target = buggy.target_fix_action_idx!;
      expect(buggy.candidate_rewrites[target]).toEqual(rewriteData(op));
      expect(buggy.candidate_rewrite_ranges[target]).toEqual(rangeData(op));
      expect(buggy.provenance.fixed).toBe(false);
      // The buggy function's text does not have the fixed line; the fixed function's does.
      expect(buggy.graph.text.includes(l.fixedLine!.trim())).toBe(false);
      expect(fixed.target_fix_action_idx).toBeNull();
      expect(fixed.provenance.fixed).toBe(true);
      expect(fixed.graph.text).toContain(l.fixedLine!.trim());
      expect(fixed.graph.path).toBe(oldPath);
      expect(fixed.graph.code_range[0]).toEqual(buggy.graph.code_range[0]);
    }
    expect(report.samples).toBe(8);
    expect(report.verified).toBe(4);
  });

  it('keeps the clones in the cache and reuses them', async () => {
    expect(report.repositories).toMatchObject({ total: 3, cloned: 2, unavailable: 1, reused: 0, skipped: 0 });
    // The files the lines read were fetched in one batch per repository, and are kept.
    expect(report.repositories.fetchedBlobs).toBeGreaterThan(0);
    const again = await runPypiBugs(input, join(root, 'out-reuse'), { cacheDir: cache, logger: CHECKED_ON_FIRST_RUN });
    expect(again.repositories).toMatchObject({ cloned: 0, reused: 2, unavailable: 1, fetchedBlobs: 0 });
    expect(manifestLines(join(root, 'out-reuse')).map((r) => r.outcome)).toEqual(scenario.lines.map((l) => l.expect));
    // Without --fixed: one sample per ok line.
    expect(again.samples).toBe(4);
  });

  it('resumes: a re-run skips complete repositories, redoes one whose file is gone, --retry-failed redoes failures', async () => {
    const before = readFileSync(join(out, 'manifest.jsonl'), 'utf8');
    const second = await runPypiBugs(input, out, { cacheDir: cache, logger: CHECKED_ON_FIRST_RUN, fixed: true });
    expect(second.repositories).toMatchObject({ skipped: 3, cloned: 0, reused: 0, unavailable: 0 });
    expect(readFileSync(join(out, 'manifest.jsonl'), 'utf8')).toBe(before);

    rmSync(join(out, repositoryOutput(scenario.beta.url)));
    const third = await runPypiBugs(input, out, { cacheDir: cache, logger: CHECKED_ON_FIRST_RUN, fixed: true });
    expect(third.repositories).toMatchObject({ skipped: 2, reused: 1 });
    expect(existsSync(join(out, repositoryOutput(scenario.beta.url)))).toBe(true);
    expect(readFileSync(join(out, 'manifest.jsonl'), 'utf8')).toBe(before);

    const retry = await runPypiBugs(input, out, { cacheDir: cache, logger: CHECKED_ON_FIRST_RUN, fixed: true, retryFailed: true });
    // alpha has failed lines and the missing repository failed; beta is all ok.
    expect(retry.repositories).toMatchObject({ skipped: 1, reused: 1, unavailable: 1 });
    expect(readFileSync(join(out, 'manifest.jsonl'), 'utf8')).toBe(before);

    // Asking for --fixed samples where the earlier run wrote none redoes the repositories.
    const plain = join(root, 'out-plain');
    await runPypiBugs(input, plain, { cacheDir: cache, logger: CHECKED_ON_FIRST_RUN });
    const upgraded = await runPypiBugs(input, plain, { cacheDir: cache, logger: CHECKED_ON_FIRST_RUN, fixed: true });
    expect(upgraded.samples).toBe(8);
  });

  it('fetches a commit that the cached clone lacks', async () => {
    const repo = scenario.beta;
    const text = stdlibText('bisect.py');
    repo.write('late.py', text);
    repo.commit('late file');
    const bug = injectBug(text, 'late.py', 1);
    repo.write('late.py', bug.buggy);
    const bugged = repo.commit('late bug');
    repo.write('late.py', text);
    const fix = repo.commit('late fix');
    const late = join(root, 'late.jsonl');
    writeFileSync(late, JSON.stringify({ repo: repo.url, hash: fix, diff: repo.hunks(bugged, fix), old_path: 'late.py', rewrite: bug.rewrite }) + '\n');
    const result = await runPypiBugs(late, join(root, 'out-late'), { cacheDir: cache, logger: CHECKED_ON_FIRST_RUN });
    // git >= 2.44 lets us see the commit is absent and fetch it; older git fetches it lazily itself.
    expect(result.repositories).toMatchObject({ cloned: 0, reused: 1 });
    expect(result.repositories.fetchedCommits).toBeLessThanOrEqual(1);
    expect(result.outcomes.ok).toBe(1);
  });

  it('splits repositories across shards, each line in exactly one shard', async () => {
    const seen = new Map<number, string>();
    for (const index of [0, 1]) {
      const dir = join(root, `out-shard-${index}`);
      await runPypiBugs(input, dir, { cacheDir: cache, logger: CHECKED_ON_FIRST_RUN, shard: { index, count: 2 } });
      for (const record of (await readManifest(join(dir, 'manifest.jsonl'))).values()) {
        expect(seen.has(record.line), `line ${record.line}`).toBe(false);
        seen.set(record.line, record.outcome);
      }
    }
    expect([...seen.keys()].sort((a, b) => a - b)).toEqual(scenario.lines.map((_, i) => i + 1));
  });
});

describe('bugmine pypibugs (CLI)', () => {
  it('prints the summary table and reports bad lines on stderr', async () => {
    const dir = join(root, 'out-cli');
    const result = await runCli(['pypibugs', input, dir, '--cache', cache, '--workers', '1']);
    expect(result.code).toBe(EXIT.badInput); // invalid lines win over the failed ones
    expect(result.stdout).toMatch(/^pypibugs: 22 lines, 4 samples, 4 verified; 3 repositories/);
    expect(result.stdout).toMatch(/\n {2}ok +4\n/);
    expect(result.stdout).toMatch(/\n {2}invalid-line +5\n/);
    expect(result.stderr).toContain(`${input}:17: invalid-line`);
    expect(result.stderr).not.toContain('internal error');
  });

  it('gives byte-identical samples and manifest with 1 and 2 worker threads, equal to a run on the calling thread', async () => {
    const outputs: string[] = [];
    for (const workers of [1, 2]) {
      const dir = join(root, `out-threads-${workers}`);
      // A cache of its own: each run clones, so neither depends on the other's lazily fetched blobs.
      const result = await runCli(['pypibugs', input, dir, '--cache', join(root, `cache-threads-${workers}`), '--workers', String(workers), '--fixed']);
      expect(result.code, result.stderr + result.stdout).toBe(EXIT.badInput);
      expect(result.stderr).not.toContain('internal error');
      outputs.push(dir);
    }
    const files = outputFiles(outputs[0]!);
    expect(files).toContain('manifest.jsonl');
    expect(files.filter((f) => f.startsWith('samples/')).length).toBe(2);
    for (const dir of [outputs[1]!, out]) {
      expect(outputFiles(dir)).toEqual(files);
      for (const file of files) expect(readFileSync(join(dir, file)).equals(readFileSync(join(outputs[0]!, file))), `${dir}/${file}`).toBe(true);
    }
  });

  it('counts lines whose file analysis exceeds --max-file-cpu-seconds as analysis-timeout, on worker threads', async () => {
    const dir = join(root, 'out-timeout');
    const result = await runCli(['pypibugs', input, dir, '--cache', cache, '--workers', '2', '--max-file-cpu-seconds', '0.001', '--json']);
    expect(result.code, result.stderr + result.stdout).toBe(EXIT.badInput);
    // Lines that fail before their file is analysed keep their outcome; the others time out, but
    // for the odd small file: Node 20's thread clock (/proc/thread-self/stat) counts in 10 ms
    // ticks, so an analysis that does not cross a tick reads as no CPU time at all.
    const analysed = new Set(['ok', 'rewrite-not-found', 'outside-function', 'fix-mismatch']);
    const records = manifestLines(dir);
    expect(records.length).toBe(scenario.lines.length);
    records.forEach((record, i) => {
      const expected = scenario.lines[i]!.expect;
      expect(analysed.has(expected) ? ['analysis-timeout', expected] : [expected], `line ${i + 1}`).toContain(record.outcome);
    });
    const timedOut = records.filter((r) => r.outcome === 'analysis-timeout');
    expect(timedOut.length).toBeGreaterThanOrEqual(4);
    for (const record of timedOut) expect(record.details).toMatch(/^\S+\.py: analysis exceeded 0\.001 CPU seconds in /);
    expect((JSON.parse(result.stdout) as PypiBugsReport).outcomes['analysis-timeout']).toBe(timedOut.length);
  });

  it('--json prints the report: outcome counts and clone-cache use', async () => {
    const result = await runCli(['pypibugs', input, join(root, 'out-json'), '--cache', cache, '--workers', '2', '--json']);
    expect(result.code, result.stderr + result.stdout).toBe(EXIT.badInput);
    const printed = JSON.parse(result.stdout) as PypiBugsReport;
    const expected: Record<string, number> = {};
    for (const l of scenario.lines) expected[l.expect] = (expected[l.expect] ?? 0) + 1;
    for (const [outcome, count] of Object.entries(printed.outcomes)) expect(count, outcome).toBe(expected[outcome] ?? 0);
    expect(printed.repositories).toMatchObject({ total: 3, cloned: 0, reused: 2, unavailable: 1, fetchedBlobs: 0 });
    expect(printed.samples).toBe(4);
  });

  it('exits 3 when every line is valid but some did not come out ok, 0 when all did (duplicates are no failure)', async () => {
    const text = (keep: (l: Scenario['lines'][number]) => boolean): string =>
      scenario.lines.filter(keep).map((l) => (typeof l.record === 'string' ? l.record : JSON.stringify(l.record))).join('\n') + '\n';
    const valid = join(root, 'valid.jsonl');
    writeFileSync(valid, text((l) => l.expect !== 'invalid-line'));
    const someFailed = await runCli(['pypibugs', valid, join(root, 'out-exit-3'), '--cache', cache, '--workers', '1']);
    expect(someFailed.code, someFailed.stderr + someFailed.stdout).toBe(EXIT.someFailed);
    expect(someFailed.stdout).toMatch(/\n {2}fix-mismatch +2\n/);
    // A re-run has nothing to do, and still says that not everything is ok.
    const resumed = await runCli(['pypibugs', valid, join(root, 'out-exit-3'), '--cache', cache, '--workers', '1']);
    expect(resumed.code, resumed.stderr + resumed.stdout).toBe(EXIT.someFailed);
    const okOnly = join(root, 'ok.jsonl');
    writeFileSync(okOnly, text((l) => l.expect === 'ok' || l.expect === 'duplicate' || l.expect === 'duplicate-fix'));
    const clean = await runCli(['pypibugs', okOnly, join(root, 'out-exit-0'), '--cache', cache, '--workers', '1']);
    expect(clean.code, clean.stderr + clean.stdout).toBe(EXIT.ok);
    expect(clean.stdout).toMatch(/\n {2}duplicate +1\n {2}duplicate-fix +1\n/);
  });

  it('rejects an unknown executor', async () => {
    const result = await runCli(['pypibugs', input, join(root, 'out-bad-executor'), '--executor', 'kubernetes', '--cache', cache]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/--executor/);
    expect(existsSync(join(root, 'out-bad-executor'))).toBe(false);
  });

  it('rejects a malformed --shard', async () => {
    const result = await runCli(['pypibugs', input, join(root, 'out-shard-bad'), '--shard', '3/2']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/--shard/);
  });
});

// A repository that exists is not needed to check the fixture itself: the injected bug is real.
describe('fixtures', () => {
  it('injectBug gives a buggy text that differs from the original on the fix line only', () => {
    const text = stdlibText('textwrap.py');
    const bug = injectBug(text, 'textwrap.py', 0);
    const a = text.split('\n');
    const b = bug.buggy.split('\n');
    expect(b.length).toBe(a.length);
    expect(a.flatMap((l, i) => (l === b[i] ? [] : [i + 1]))).toEqual([bug.line]);
  });

  it('FixtureRepo makes commits git can read back', () => {
    const repo = new FixtureRepo(join(root, 'tiny'));
    repo.write('a.py', 'x = 1\n');
    const c = repo.commit('one');
    expect(repo.git('show', `${c}:a.py`)).toBe('x = 1\n');
  });
});
