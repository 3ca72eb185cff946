// The phase channel of `bugmine extract --executor docker`: what a package job inside a real worker
// container reports on its stdout (downloading, building, installing, extracting N/M files) reaches
// the host's progress, both the reports themselves and the piped progress lines of the CLI. Uses
// the worker image without building it: skipped with a message when there is no daemon or no
// image, failed instead when BUGMINE_REQUIRE_DOCKER=1.
import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DockerExecutor } from '../../src/extract/docker-executor.js';
import type { PackageExecutor, PackageRun } from '../../src/extract/package-executor.js';
import type { ManifestEntry } from '../../src/extract/manifest.js';
import { parsePackageList, withPositions } from '../../src/extract/package-list.js';
import type { PhaseReport } from '../../src/extract/phase.js';
import { runExtract } from '../../src/extract/run-extract.js';
import { stdlibDir } from '../../scripts/extract-demo/local-index.js';
import { CLI, REPO_ROOT } from '../helpers/cli.js';
import { workerImageGate } from '../helpers/docker.js';
import { fakeRunOptions } from '../helpers/extract-options.js';

const { docker, image, present } = await workerImageGate('test/run/docker-phases');

const LONG = 600_000;
const NAME = 'bugmine-demo-held';
const IMPORT = 'bugmine_demo_held';
const MODULES = ['colorsys', 'textwrap'];
/** .py files the wheel installs: the modules and __init__.py. */
const FILES = MODULES.length + 1;

/**
 * An sdist whose in-tree build backend (no build requirements: pip builds it offline) waits while
 * `holdFile` exists — the --find-links directory is mounted into the container, so the host lets
 * it go by removing the file — and then builds a wheel of the stdlib modules it carries.
 */
function buildHeldSdist(indexDir: string, holdFile: string): void {
  const staging = mkdtempSync(join(tmpdir(), 'bugmine-held-'));
  const base = join(staging, `${IMPORT}-1.0`);
  mkdirSync(join(base, IMPORT), { recursive: true });
  for (const module of MODULES) copyFileSync(join(stdlibDir(), `${module}.py`), join(base, IMPORT, `${module}.py`));
  writeFileSync(join(base, IMPORT, '__init__.py'), '');
  writeFileSync(join(base, 'PKG-INFO'), `Metadata-Version: 2.1\nName: ${NAME}\nVersion: 1.0\n`);
  writeFileSync(join(base, 'pyproject.toml'), '[build-system]\nrequires = []\nbuild-backend = "held_backend"\nbackend-path = ["."]\n');
  const backend = `import os, time, zipfile
HOLD = ${JSON.stringify(holdFile)}

def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    deadline = time.monotonic() + 300
    while os.path.exists(HOLD) and time.monotonic() < deadline:
        time.sleep(0.1)
    info = "${IMPORT}-1.0.dist-info"
    files = {f"${IMPORT}/{name}": open(os.path.join("${IMPORT}", name), "rb").read() for name in sorted(os.listdir("${IMPORT}"))}
    files[f"{info}/METADATA"] = b"Metadata-Version: 2.1\\nName: ${NAME}\\nVersion: 1.0\\n"
    files[f"{info}/WHEEL"] = b"Wheel-Version: 1.0\\nGenerator: test\\nRoot-Is-Purelib: true\\nTag: py3-none-any\\n"
    record = "".join(f"{path},,\\n" for path in [*files, f"{info}/RECORD"])
    name = "${IMPORT}-1.0-py3-none-any.whl"
    with zipfile.ZipFile(os.path.join(wheel_directory, name), "w") as wheel:
        for path, data in files.items():
            wheel.writestr(path, data)
        wheel.writestr(f"{info}/RECORD", record)
    return name
`;
  writeFileSync(join(base, 'held_backend.py'), backend);
  execFileSync('python3', ['-m', 'tarfile', '-c', join(indexDir, `${IMPORT}-1.0.tar.gz`), `${IMPORT}-1.0`], { cwd: staging });
  rmSync(staging, { recursive: true, force: true });
}

/** Passes every phase report the host receives on to the run's progress, keeping a copy. */
class RecordingExecutor implements PackageExecutor {
  readonly reports: PhaseReport[] = [];
  constructor(private readonly inner: PackageExecutor) {}
  run(run: PackageRun): ReturnType<PackageExecutor['run']> {
    return this.inner.run({
      ...run,
      onPhase: (report) => {
        this.reports.push(report);
        run.onPhase?.(report);
      },
    });
  }
  killAll(): ReturnType<PackageExecutor['killAll']> {
    return this.inner.killAll();
  }
}

describe.runIf(present)('bugmine extract --executor docker: phases from inside the container', () => {
  const index = mkdtempSync(join(tmpdir(), 'bugmine-dphases-'));
  const hold = join(index, 'hold');

  beforeAll(() => {
    // The worker runs as a non-root user: the mounted --find-links directory must be readable to it.
    chmodSync(index, 0o755);
    buildHeldSdist(index, hold);
  });

  it('hands the host every phase the job reports, in order, through to extracting M/M files', async () => {
    const executor = new RecordingExecutor(new DockerExecutor(docker, { image, memoryBytes: 2 * 1024 ** 3, pidsLimit: 512, network: 'none', readOnlyDirs: [index], hostEnv: {} }));
    const out = mkdtempSync(join(tmpdir(), 'bugmine-dphases-out-'));
    const requirements = withPositions(parsePackageList(`${NAME}\n`).requirements);
    const options = { ...fakeRunOptions(1), timeoutMs: 300_000, pipArgs: ['--no-index', '--find-links', index], progress: true };
    const summary = await runExtract(requirements, out, executor, options);
    expect(summary.entries.map((e) => e.outcome), JSON.stringify(summary.entries)).toEqual(['ok']);
    const phases = executor.reports.map((r) => r.phase).filter((phase, i, all) => phase !== all[i - 1]);
    expect(phases).toEqual(['downloading', 'building', 'installing', 'extracting']);
    const extracting = executor.reports.filter((r) => r.phase === 'extracting');
    expect(extracting[0]).toEqual({ phase: 'extracting', done: 0, total: FILES });
    expect(extracting.at(-1)).toEqual({ phase: 'extracting', done: FILES, total: FILES });
    for (let i = 1; i < extracting.length; i++) expect(extracting[i]!.done).toBeGreaterThanOrEqual(extracting[i - 1]!.done);
  }, LONG);

  it("shows the container's phase of a running package in the CLI's piped progress lines", async () => {
    writeFileSync(hold, '');
    const list = join(mkdtempSync(join(tmpdir(), 'bugmine-dphases-list-')), 'packages.txt');
    writeFileSync(list, `${NAME}\n`);
    const out = mkdtempSync(join(tmpdir(), 'bugmine-dphases-cli-'));
    const args = ['extract', list, out, '--executor', 'docker', '--image', image, '--no-index', '--find-links', index, '--memory', '2'];
    const child = spawn(process.execPath, [CLI, ...args], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.stdout.resume();
    const closed = new Promise<number | null>((resolve) => child.once('close', resolve));
    try {
      // The build waits for the hold file: the periodic line (every 10 s) shows the phase the job reported from inside.
      const deadline = Date.now() + 300_000;
      while (!/running: bugmine-demo-held \(building\)/.test(stderr) && Date.now() < deadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 200));
      expect(stderr).toMatch(/^extract: 0\/1 packages, 0 failed, 0 samples, .*; running: bugmine-demo-held \(building\)$/m);
    } finally {
      rmSync(hold, { force: true });
    }
    expect(await closed, stderr).toBe(0);
    expect(stderr).toMatch(/^extract: \[1\/1\] bugmine-demo-held: ok, \d+ samples, [\d.]+ s, [\d.]+ CPU-s$/m);
    expect(stderr).not.toContain('\x1b');
    const entry = JSON.parse(readFileSync(join(out, 'manifest.jsonl'), 'utf8').trim()) as ManifestEntry;
    expect(entry).toMatchObject({ outcome: 'ok', counts: { files: FILES } });
    expect(existsSync(hold)).toBe(false);
  }, LONG);
});
