// Two real `bugmine extract` runs into one OUT, and a run killed with -9: the OUT lock end to end.
import { describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXIT } from '../../src/exit-codes.js';
import { LOCK_FILE } from '../../src/io/out-lock.js';
import { buildDefaultIndex, DEFAULT_DEMO_WHEELS } from '../../scripts/extract-demo/local-index.js';
import { CLI, REPO_ROOT, runCli } from '../helpers/cli.js';

const LONG = 300_000;
const work = mkdtempSync(join(tmpdir(), 'bugmine-out-lock-'));
const index = join(work, 'index');
const colors = DEFAULT_DEMO_WHEELS[0]!;
const list = join(work, 'packages.txt');
const gate = join(work, 'gate');
// The interpreter bugmine runs to make each venv: it waits for the gate, so a run holds OUT as long as the test wants.
const gatedPython = join(work, 'gated-python');

function setUp(): void {
  if (existsSync(list)) return;
  buildDefaultIndex(index);
  writeFileSync(list, `${colors.name}\n`);
  writeFileSync(gatedPython, `#!/bin/sh\nwhile [ ! -e '${gate}' ]; do sleep 0.1; done\nexec python3 "$@"\n`);
  chmodSync(gatedPython, 0o755);
}

const args = (out: string): string[] => ['extract', list, out, '--executor', 'local', '--no-index', '--find-links', index, '--python', gatedPython];

function start(out: string): { child: ChildProcess; done: Promise<{ code: number | null; stderr: string }> } {
  // Its own process group, so that a kill -9 takes pip and the job with it, as a crash would.
  const child = spawn(process.execPath, [CLI, ...args(out)], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  child.stdout!.resume();
  const done = new Promise<{ code: number | null; stderr: string }>((resolve) => child.on('close', (code) => resolve({ code, stderr })));
  return { child, done };
}

async function waitFor(path: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!existsSync(path)) {
    if (Date.now() > deadline) throw new Error(`${path} did not appear`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function manifestOutcomes(out: string): string[] {
  return readFileSync(join(out, 'manifest.jsonl'), 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { outcome: string }).outcome);
}

describe('OUT lock (bugmine extract)', () => {
  it('stops a second run into the same OUT at once, naming the first run\'s pid; the first run finishes', async () => {
    setUp();
    const out = join(work, 'concurrent');
    const first = start(out);
    await waitFor(join(out, '.bugmine-work', colors.name));
    const second = await runCli(args(out));
    expect(second.code, second.stderr + second.stdout).toBe(EXIT.locked);
    expect(second.stderr).toBe(`bugmine: ${out} is in use by another bugmine run (extract, pid ${first.child.pid}, since ${JSON.parse(readFileSync(join(out, LOCK_FILE), 'utf8')).startedAt}); wait for it to finish or stop it\n`);
    // The second run touched nothing: the first one's job is still there and then finishes ok.
    expect(existsSync(join(out, '.bugmine-work', colors.name))).toBe(true);
    writeFileSync(gate, '');
    const result = await first.done;
    expect(result.code, result.stderr).toBe(EXIT.ok);
    expect(manifestOutcomes(out)).toEqual(['ok']);
    expect(existsSync(join(out, LOCK_FILE))).toBe(false);
  }, LONG);

  it('is not blocked by the lock of a run killed with -9', async () => {
    setUp();
    const out = join(work, 'killed');
    rmSync(gate, { force: true });
    const first = start(out);
    await waitFor(join(out, '.bugmine-work', colors.name));
    process.kill(-first.child.pid!, 'SIGKILL');
    await first.done;
    expect(existsSync(join(out, LOCK_FILE))).toBe(true);
    writeFileSync(gate, '');
    const again = await runCli(args(out));
    expect(again.code, again.stderr + again.stdout).toBe(EXIT.ok);
    expect(again.stderr).toContain(`bugmine: took over the lock of extract pid ${first.child.pid} `);
    expect(manifestOutcomes(out)).toEqual(['ok']);
    expect(existsSync(join(out, LOCK_FILE))).toBe(false);
  }, LONG);

  it('guards split and pypibugs too: a lock of another host is never taken over', async () => {
    const out = join(work, 'foreign');
    mkdirSync(out);
    const foreign = JSON.stringify({ pid: 4242, hostname: 'another-host', processStart: null, command: 'extract', startedAt: '2026-01-01T00:00:00.000Z' });
    writeFileSync(join(out, LOCK_FILE), foreign);
    const input = join(work, 'split-in');
    mkdirSync(input, { recursive: true });
    writeFileSync(join(input, 'graphs-x.msgpack.l.gz'), '');
    writeFileSync(join(work, 'lines.jsonl'), '');
    for (const run of [await runCli(['split', input, out]), await runCli(['pypibugs', join(work, 'lines.jsonl'), out])]) {
      expect(run.code, run.stderr + run.stdout).toBe(EXIT.locked);
      expect(run.stderr).toMatch(/^bugmine: .* is in use by a bugmine run on host another-host \(extract, pid 4242, .*remove .*\.bugmine\.lock\n$/);
    }
    expect(readFileSync(join(out, LOCK_FILE), 'utf8')).toBe(foreign);
  });
});
