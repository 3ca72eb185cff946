// Durable staging end to end (local executor): a slow package holds the head of the list while the
// packages after it finish; kill -9 of bugmine then loses only the slow one. The resumed run takes
// the finished ones from staging without running them again, drops near-duplicates at their turn
// in list order, and OUT ends up byte for byte as an uninterrupted run leaves it.
import { describe, expect, it } from 'vitest';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ManifestEntry } from '../../src/extract/manifest.js';
import { buildWheel, stdlibDir, type DemoWheel } from '../../scripts/extract-demo/local-index.js';
import { CLI, REPO_ROOT, runCli } from '../helpers/cli.js';

const LONG = 300_000;
const SLOW = 'bugmine-demo-slow';
const text: DemoWheel = { name: 'bugmine-demo-text', version: '2.1.0', importName: 'bugmine_demo_text', modules: ['textwrap', 'shlex'] };
const vendor: DemoWheel = { name: 'bugmine-demo-vendor', version: '1.0.0', importName: 'bugmine_demo_vendor', modules: ['fnmatch', 'textwrap'] };

/**
 * An sdist whose in-tree build backend waits while `holdFile` exists, then builds a wheel of
 * textwrap and heapq (so the packages after it have near-duplicates of its textwrap).
 */
function buildSlowSdist(indexDir: string, holdFile: string): void {
  const staging = mkdtempSync(join(tmpdir(), 'bugmine-slow-'));
  const base = join(staging, 'bugmine_demo_slow-1.0');
  mkdirSync(base);
  const stdlib = stdlibDir();
  writeFileSync(join(base, 'PKG-INFO'), `Metadata-Version: 2.1\nName: ${SLOW}\nVersion: 1.0\n`);
  writeFileSync(join(base, 'pyproject.toml'), '[build-system]\nrequires = []\nbuild-backend = "slow_backend"\nbackend-path = ["."]\n');
  const backend = `import os, time, zipfile
HOLD = ${JSON.stringify(holdFile)}
STDLIB = ${JSON.stringify(stdlib)}

def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    while os.path.exists(HOLD):
        time.sleep(0.1)
    name = "bugmine_demo_slow-1.0-py3-none-any.whl"
    info = "bugmine_demo_slow-1.0.dist-info"
    files = {}
    for module in ("textwrap", "heapq"):
        files[f"bugmine_demo_slow/{module}.py"] = open(os.path.join(STDLIB, module + ".py"), "rb").read()
    files["bugmine_demo_slow/__init__.py"] = b""
    files[f"{info}/METADATA"] = b"Metadata-Version: 2.1\\nName: ${SLOW}\\nVersion: 1.0\\n"
    files[f"{info}/WHEEL"] = b"Wheel-Version: 1.0\\nGenerator: test\\nRoot-Is-Purelib: true\\nTag: py3-none-any\\n"
    record = "".join(f"{path},,\\n" for path in [*files, f"{info}/RECORD"])
    with zipfile.ZipFile(os.path.join(wheel_directory, name), "w") as wheel:
        for path, data in files.items():
            wheel.writestr(path, data)
        wheel.writestr(f"{info}/RECORD", record)
    return name
`;
  writeFileSync(join(base, 'slow_backend.py'), backend);
  execFileSync('python3', ['-m', 'tarfile', '-c', join(indexDir, 'bugmine_demo_slow-1.0.tar.gz'), 'bugmine_demo_slow-1.0'], { cwd: staging });
  rmSync(staging, { recursive: true, force: true });
}

function listFile(lines: string[]): string {
  const file = join(mkdtempSync(join(tmpdir(), 'bugmine-list-')), 'packages.txt');
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

/** Every file of OUT but the manifest (compared without durations), as name -> bytes in hex. */
function outFiles(out: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of readdirSync(out).sort()) {
    if (name === 'manifest.jsonl' || name === '.bugmine.lock') continue;
    files[name] = readFileSync(join(out, name)).toString('hex');
  }
  return files;
}

/** The manifest without what differs from run to run (durations, CPU times). */
function manifest(out: string): Omit<ManifestEntry, 'durationMs' | 'cpuMs'>[] {
  return readFileSync(join(out, 'manifest.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => {
      const { durationMs: _, cpuMs: __, ...rest } = JSON.parse(line) as ManifestEntry;
      return rest;
    });
}

/** Kills (-9) the process groups of package jobs working in `out` (the local executor's jobs outlive a killed bugmine). */
function killJobsOf(out: string): number {
  let killed = 0;
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    let args: string;
    try {
      args = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    if (!args.includes('package-job-main.js') || !args.includes(out)) continue;
    try {
      process.kill(-Number(pid), 'SIGKILL');
      killed++;
    } catch {
      // gone
    }
  }
  return killed;
}

async function until(condition: () => boolean, what: string, timeoutMs = 200_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('bugmine extract: finished packages survive kill -9', () => {
  it('keeps the packages that finished behind a slow one and resumes to the same bytes', async () => {
    const root = mkdtempSync(join(tmpdir(), 'bugmine-staging-'));
    const index = join(root, 'index');
    mkdirSync(index);
    const hold = join(root, 'hold');
    buildSlowSdist(index, hold);
    buildWheel(index, text);
    buildWheel(index, vendor);
    const list = listFile([SLOW, vendor.name, text.name]);
    const args = (out: string) => ['extract', list, out, '--executor', 'local', '--no-index', '--find-links', index, '--seed', '3', '--workers', '3', '--json'];

    const reference = join(root, 'reference');
    const uninterrupted = await runCli(args(reference));
    expect(uninterrupted.code, uninterrupted.stderr + uninterrupted.stdout).toBe(0);

    const out = join(root, 'out');
    writeFileSync(hold, '');
    const child = spawn(process.execPath, [CLI, ...args(out)], { cwd: REPO_ROOT, stdio: 'ignore' });
    const staged = join(out, '.bugmine-work', '@staged');
    const stagedRecord = (pkg: string) => join(staged, pkg, 'staged.json');
    await until(() => existsSync(stagedRecord(vendor.name)) && existsSync(stagedRecord(text.name)), 'the fast packages to be staged');
    // They wait behind the slow one: nothing is committed yet.
    expect(existsSync(join(out, 'manifest.jsonl'))).toBe(false);
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    expect(killJobsOf(out)).toBeGreaterThan(0);
    rmSync(hold);
    const stagedCpu = (pkg: string) => (JSON.parse(readFileSync(stagedRecord(pkg), 'utf8')) as { cpuMs: number | null }).cpuMs;
    const cpuBefore = { [vendor.name]: stagedCpu(vendor.name), [text.name]: stagedCpu(text.name) };
    expect(cpuBefore[vendor.name]).toBeGreaterThan(0);

    const resumed = await runCli(args(out));
    expect(resumed.code, resumed.stderr + resumed.stdout).toBe(0);
    const summary = JSON.parse(resumed.stdout) as { ran: number; staged: number; resumed: number; entries: ManifestEntry[] };
    expect(summary).toMatchObject({ ran: 1, staged: 2, resumed: 0 });
    expect(summary.entries.map((e) => [e.package, e.outcome])).toEqual([[SLOW, 'ok'], [vendor.name, 'ok'], [text.name, 'ok']]);
    // Dedup was applied at each staged package's turn: their textwrap is a copy of the slow one's.
    expect(summary.entries[1]!.nearDuplicates?.map((d) => d.path)).toEqual([`${vendor.importName}/textwrap.py`]);

    expect(outFiles(out)).toEqual(outFiles(reference));
    expect(Object.keys(outFiles(out)).filter((name) => name.startsWith('graphs-'))).toHaveLength(3);
    expect(manifest(out)).toEqual(manifest(reference));
    // The staged packages keep the CPU time measured when they ran, before the kill.
    for (const entry of summary.entries.slice(1)) expect(entry.cpuMs, entry.package).toBe(cpuBefore[entry.package]);
    expect(existsSync(join(out, '.bugmine-work'))).toBe(false);
  }, LONG);
});
