// bugmine extract --executor docker run by a non-root user in the docker group whose uid is not the
// worker image's (1000), as on a shared server: it must succeed, and every file it leaves is that
// user's. Needs root here (to run the CLI as that user with runuser) and the user `bugmine-ci2`
// that .ci/run creates; skipped with a message otherwise (failed instead under BUGMINE_REQUIRE_DOCKER=1
// when root but the user is missing).
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, cpSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ManifestEntry } from '../../src/extract/manifest.js';
import { WORKER_UID } from '../../src/run/image.js';
import { buildDefaultIndex, DEFAULT_DEMO_WHEELS } from '../../scripts/extract-demo/local-index.js';
import { CLI, REPO_ROOT, runCli } from '../helpers/cli.js';
import { dockerGate } from '../helpers/docker.js';

const USER = 'bugmine-ci2';
const { reachable } = await dockerGate('test/run/docker-other-user');
const root = process.getuid?.() === 0;
const entry = spawnSync('getent', ['passwd', USER], { encoding: 'utf8' }).stdout.trim();
const [uid, gid] = entry.split(':').slice(2, 4).map(Number) as [number, number];
const required = process.env['BUGMINE_REQUIRE_DOCKER'] === '1';
if (reachable && !root) console.warn('test/run/docker-other-user: skipped, not root (runuser is needed to run bugmine as another user)');
if (reachable && root && entry === '' && !required) console.warn(`test/run/docker-other-user: skipped, no user ${USER} (.ci/run creates it: useradd -m -u 1234 -G docker ${USER})`);

const IMAGE_BUILD = 1_800_000;
const LONG = 600_000;

describe.runIf(reachable && root && required && entry === '')('a second docker user', () => {
  it(`exists as ${USER}`, () => {
    expect(entry, `BUGMINE_REQUIRE_DOCKER=1 but there is no user ${USER}`).not.toBe('');
  });
});

describe.runIf(reachable && root && entry !== '')(`bugmine extract --executor docker as ${USER}`, () => {
  const index = mkdtempSync(join(tmpdir(), 'bugmine-uindex-'));
  const home = mkdtempSync(join(tmpdir(), 'bugmine-user-'));
  const out = join(home, 'out');
  const list = join(index, 'packages.txt');
  let cli = CLI;

  beforeAll(async () => {
    expect(uid).not.toBe(WORKER_UID);
    expect(uid).not.toBe(0);
    chmodSync(index, 0o755);
    buildDefaultIndex(index);
    writeFileSync(list, DEFAULT_DEMO_WHEELS.map((w) => w.name).join('\n') + '\n');
    chownSync(home, uid, gid);
    // A checkout the user cannot read (under /root, say): a copy of the built bugmine it can.
    if (spawnSync('runuser', ['-u', USER, '--', 'test', '-r', CLI]).status !== 0) {
      const app = mkdtempSync(join(tmpdir(), 'bugmine-app-'));
      chmodSync(app, 0o755);
      for (const part of ['package.json', 'dist', 'node_modules']) cpSync(join(REPO_ROOT, part), join(app, part), { recursive: true, dereference: true });
      cli = join(app, 'dist', 'cli.js');
    }
    const built = await runCli(['image', 'build']);
    expect(built.code, built.stderr + built.stdout).toBe(0);
  }, IMAGE_BUILD);

  function asUser(...args: string[]): { code: number | null; stdout: string; stderr: string } {
    const run = spawnSync('runuser', ['-u', USER, '--', process.execPath, cli, ...args], { cwd: home, encoding: 'utf8', timeout: LONG });
    return { code: run.status, stdout: run.stdout, stderr: run.stderr };
  }

  it('succeeds, and every file it leaves belongs to that user, also on a second run', () => {
    for (const pass of [1, 2]) {
      const run = asUser('extract', list, out, '--executor', 'docker', '--no-index', '--find-links', index, '--workers', '2', '--json');
      expect(run.code, `pass ${pass}: ${run.stderr}`).toBe(0);
      const entries = readFileSync(join(out, 'manifest.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as ManifestEntry);
      for (const wheel of DEFAULT_DEMO_WHEELS) expect(entries.find((e) => e.package === wheel.name)).toMatchObject({ outcome: 'ok' });
      expect(readdirSync(out).filter((n) => n.startsWith('.'))).toEqual([]);
      for (const name of readdirSync(out)) {
        const info = statSync(join(out, name));
        expect({ name, uid: info.uid, gid: info.gid, worldWritable: (info.mode & 0o002) !== 0 }).toEqual({ name, uid, gid, worldWritable: false });
      }
    }
    // The user can remove all of it (nothing of another uid is left inside).
    execFileSync('runuser', ['-u', USER, '--', 'rm', '-r', out]);
  }, LONG);
});
