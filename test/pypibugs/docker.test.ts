// bugmine pypibugs --executor docker end to end, with real worker containers and the real-git-repo
// fixtures: skipped with a message when no Docker daemon is reachable, failed instead when
// BUGMINE_REQUIRE_DOCKER=1 (CI with Docker).
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ManifestRecord } from '../../src/pypibugs/manifest.js';
import { WORKER_LABEL } from '../../src/run/worker-container.js';
import { spawn } from 'node:child_process';
import { CLI, runCli } from '../helpers/cli.js';
import { EXIT } from '../../src/exit-codes.js';
import { dockerGate } from '../helpers/docker.js';
import { REPOSITORY_LABEL } from '../../src/pypibugs/unit-executors.js';
import { outputFiles } from './output.js';
import { FixtureRepo, injectBugs, stdlibText } from './fixtures.js';
import { buildScenario, type Scenario } from './scenario.js';

const { docker, reachable } = await dockerGate('test/pypibugs/docker');

const IMAGE_BUILD = 1_800_000;
const LONG = 600_000;

function manifest(dir: string): ManifestRecord[] {
  return readFileSync(join(dir, 'manifest.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as ManifestRecord);
}

/** Worker containers of this test's repositories (other bugmine runs may have containers of their own meanwhile). */
async function workerContainers(scenario: Scenario, ...others: string[]): Promise<number> {
  const repositories = new Set([scenario.alpha.url, scenario.beta.url, scenario.missingUrl, ...others]);
  const containers = await docker.listContainers({ all: true, filters: { label: [WORKER_LABEL] } });
  return containers.filter((c) => repositories.has(c.Labels[REPOSITORY_LABEL] ?? '')).length;
}


describe.runIf(reachable)('bugmine pypibugs --executor docker', () => {
  let root: string;
  let scenario: Scenario;
  let input: string;
  /** A repository whose unit takes far more than a second anywhere: 8 fixes of tarfile.py, each line a full analysis of it (slow.jsonl). */
  let slowUrl: string;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'bugmine-dpypibugs-'));
    scenario = buildScenario(join(root, 'repos'));
    input = join(root, 'pypibugs.jsonl');
    writeFileSync(input, scenario.jsonl);
    const slow = new FixtureRepo(join(root, 'repos-slow', 'tarfile'));
    slowUrl = slow.url;
    const text = stdlibText('tarfile.py');
    slow.write('tarfile.py', text);
    slow.commit('add');
    const lines = injectBugs(text, 'tarfile.py', 8, ['ComparisonOperatorRewriteScout', 'BinaryOperatorRewriteScout']).map((bug, k) => {
      slow.write('tarfile.py', bug.buggy);
      const bugged = slow.commit(`bug ${k}`);
      slow.write('tarfile.py', text);
      const fix = slow.commit(`fix ${k}`);
      return JSON.stringify({ repo: slow.url, hash: fix, diff: slow.hunks(bugged, fix), old_path: 'tarfile.py', rewrite: bug.rewrite });
    });
    writeFileSync(join(root, 'slow.jsonl'), lines.join('\n') + '\n');
    const built = await runCli(['image', 'build']);
    expect(built.code, built.stderr + built.stdout).toBe(0);
  }, IMAGE_BUILD);

  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
  });

  it('gives the same samples and manifest as worker threads (blobs fetched on the host), and leaves no container', async () => {
    const dockerOut = join(root, 'out-docker');
    const localOut = join(root, 'out-local');
    // Fresh caches: the containers' clones hold only what the host fetched for them.
    const inDocker = await runCli(['pypibugs', input, dockerOut, '--executor', 'docker', '--cache', join(root, 'cache-docker'), '--workers', '2', '--fixed']);
    expect(inDocker.code, inDocker.stderr + inDocker.stdout).toBe(EXIT.badInput); // the scenario's invalid lines
    expect(inDocker.stderr).toMatch(/docker executor, image bugmine-worker:/);
    expect(inDocker.stderr).not.toContain('internal error');
    expect(inDocker.stdout).toMatch(/ and [1-9]\d* file versions fetched\)/);
    const local = await runCli(['pypibugs', input, localOut, '--executor', 'local', '--cache', join(root, 'cache-local'), '--workers', '2', '--fixed']);
    expect(local.code, local.stderr + local.stdout).toBe(EXIT.badInput);

    expect(manifest(dockerOut).map((r) => r.outcome)).toEqual(scenario.lines.map((l) => l.expect));
    const files = outputFiles(localOut);
    expect(files.filter((f) => f.startsWith('samples/')).length).toBe(2);
    // No work directory or temporary file is left in OUT.
    expect(outputFiles(dockerOut)).toEqual(files);
    for (const file of files) expect(readFileSync(join(dockerOut, file)).equals(readFileSync(join(localOut, file))), file).toBe(true);
    expect(existsSync(join(dockerOut, '.pypibugs-work'))).toBe(false);
    expect(await workerContainers(scenario)).toBe(0);

    // A re-run finds everything done and starts no container.
    const again = await runCli(['pypibugs', input, dockerOut, '--executor', 'docker', '--cache', join(root, 'cache-docker'), '--fixed']);
    expect(again.code, again.stderr + again.stdout).toBe(EXIT.badInput);
    expect(again.stdout).toMatch(/3 repositories \(3 done before, 0 cloned/);
  }, LONG);

  it('kills a repository unit that exceeds --timeout, records its lines as internal errors, and removes its container', async () => {
    // Relative paths (as a user types them): the clones are still mounted by their absolute path.
    const run = await runCli(['pypibugs', 'slow.jsonl', 'out-timeout', '--executor', 'docker', '--cache', 'cache-slow', '--timeout', '1'], { cwd: root });
    expect(run.code, run.stderr + run.stdout).toBe(EXIT.someFailed);
    const records = manifest(join(root, 'out-timeout'));
    expect(records.length).toBe(8);
    for (const record of records) {
      expect(record.outcome).toBe('internal-error');
      expect(record.details).toMatch(/did not finish within 1 s/);
    }
    expect(await workerContainers(scenario, slowUrl)).toBe(0);
  }, LONG);

  it('on an interrupt removes its containers and work directory; the next run finishes the job', async () => {
    const out = join(root, 'out-interrupt');
    const cache = join(root, 'cache-interrupt');
    const slowInput = join(root, 'slow.jsonl');
    const child = spawn(process.execPath, [CLI, 'pypibugs', slowInput, out, '--executor', 'docker', '--cache', cache, '--workers', '1'], { stdio: 'ignore' });
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    let seen = false;
    for (let waited = 0; waited < 120_000 && !seen; waited += 200) {
      seen = (await workerContainers(scenario, slowUrl)) > 0;
      if (!seen) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(seen, 'a worker container started').toBe(true);
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(await workerContainers(scenario, slowUrl)).toBe(0);
    expect(existsSync(join(out, '.pypibugs-work'))).toBe(false);

    const resumed = await runCli(['pypibugs', slowInput, out, '--executor', 'docker', '--cache', cache]);
    expect(resumed.code, resumed.stderr + resumed.stdout).toBe(0);
    expect(manifest(out).map((r) => r.outcome)).toEqual(Array(8).fill('ok'));
    expect(await workerContainers(scenario, slowUrl)).toBe(0);
  }, LONG);
});
