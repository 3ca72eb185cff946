// A newcomer's first commands on machines that lack Docker, debootstrap, git or Python: one-line
// errors that say what is missing and the ways out, and `--executor auto` falling back to local.
import { chmodSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildDefaultIndex, DEFAULT_DEMO_WHEELS } from '../../scripts/extract-demo/local-index.js';
import { findOnPath } from '../../src/run/tools.js';
import { runCli } from '../helpers/cli.js';
import { dockerGate } from '../helpers/docker.js';

const LONG = 300_000;
const DEAD_DOCKER = { DOCKER_HOST: `unix://${join(tmpdir(), 'bugmine-no-docker.sock')}` };

/** PATH without the directories that hold `program` (keeps node, python3, tar). */
function pathWithout(program: string): string {
  const dirs = (process.env['PATH'] ?? '').split(delimiter);
  return dirs.filter((dir) => findOnPath(program, dir) === null).join(delimiter);
}

function expectOneLine(stderr: string): void {
  expect(stderr).not.toMatch(/internal error|\n\s+at /);
  expect(stderr.trim().split('\n')).toHaveLength(1);
}

const gate = await dockerGate('first-run.test.ts');

describe('bugmine image build without debootstrap', () => {
  it.runIf(gate.reachable)('says on one line what is missing and the three ways out', async () => {
    // --force rebuilds the base too, which needs debootstrap even when a base image exists.
    const run = await runCli(['image', 'build', '--force'], { env: { PATH: pathWithout('debootstrap') } });
    expect(run.code).toBe(2);
    expectOneLine(run.stderr);
    expect(run.stderr).toMatch(/cannot build the worker image: debootstrap is not installed/);
    expect(run.stderr).toContain('apt-get install debootstrap');
    expect(run.stderr).toContain('docker build -f docker/Dockerfile -t "$(node dist/cli.js image tag)" .');
    expect(run.stderr).toContain('--executor local');
  });

  it('without a Docker daemon says so on one line', async () => {
    const run = await runCli(['image', 'build'], { env: DEAD_DOCKER });
    expect(run.code).toBe(2);
    expectOneLine(run.stderr);
    expect(run.stderr).toMatch(/no Docker daemon reachable/);
  });
});

describe('missing tools are named, not crashed on', () => {
  const index = mkdtempSync(join(tmpdir(), 'bugmine-index-'));
  const list = join(mkdtempSync(join(tmpdir(), 'bugmine-list-')), 'packages.txt');
  beforeAll(() => {
    buildDefaultIndex(index);
    chmodSync(index, 0o755); // readable by the worker containers' user, when auto picks Docker
    writeFileSync(list, DEFAULT_DEMO_WHEELS.map((w) => w.name).join('\n') + '\n');
  });

  it('extract --executor local without the --python interpreter', async () => {
    const out = mkdtempSync(join(tmpdir(), 'bugmine-out-'));
    const run = await runCli(['extract', list, out, '--executor', 'local', '--python', 'no-such-python3', '--no-index', '--find-links', index]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^bugmine: no-such-python3 not found on PATH: .*--python/m);
    expect(run.stderr).not.toMatch(/internal error|\n\s+at /);
  });

  it('pypibugs without git', async () => {
    const input = join(mkdtempSync(join(tmpdir(), 'bugmine-fixes-')), 'fixes.jsonl');
    writeFileSync(input, '');
    const run = await runCli(['pypibugs', input, mkdtempSync(join(tmpdir(), 'bugmine-out-')), '--executor', 'local'], { env: { PATH: pathWithout('git') } });
    expect(run.code).toBe(2);
    expectOneLine(run.stderr);
    expect(run.stderr).toMatch(/git not found on PATH/);
  });

  it('extract --executor auto without a Docker daemon falls back to local with a one-line reason', async () => {
    const out = mkdtempSync(join(tmpdir(), 'bugmine-out-'));
    const run = await runCli(['extract', list, out, '--executor', 'auto', '--no-index', '--find-links', index, '--workers', '2'], { env: DEAD_DOCKER });
    expect(run.code, run.stderr + run.stdout).toBe(0);
    expect(run.stderr).toMatch(/^bugmine: no Docker daemon reachable: using the local executor$/m);
    expect(readdirSync(out).filter((f) => f.endsWith('.msgpack.l.gz'))).toHaveLength(DEFAULT_DEMO_WHEELS.length);
  }, LONG);

  it.runIf(gate.reachable)('extract --executor auto with Docker but without debootstrap runs (in containers if the image or its base exists, else locally, saying why)', async () => {
    const out = mkdtempSync(join(tmpdir(), 'bugmine-out-'));
    const run = await runCli(['extract', list, out, '--executor', 'auto', '--no-index', '--find-links', index, '--workers', '2'], { env: { PATH: pathWithout('debootstrap') } });
    expect(run.code, run.stderr + run.stdout).toBe(0);
    expect(readdirSync(out).filter((f) => f.endsWith('.msgpack.l.gz')), run.stderr).toHaveLength(DEFAULT_DEMO_WHEELS.length);
    expect(run.stderr).toMatch(/^bugmine: (docker executor, image \S+|Docker is reachable but the worker image is not there and cannot be built here: debootstrap is not installed \(not on PATH\): using the local executor)$/m);
    expect(readdirSync(out).filter((f) => f.endsWith('.msgpack.l.gz'))).toHaveLength(DEFAULT_DEMO_WHEELS.length);
  }, LONG);
});
