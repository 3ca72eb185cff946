// runExtract with a scripted executor: near-duplicate decisions follow the package list, not the
// order in which jobs finish, and survive resumed runs (also when a package has to run again).
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runExtract } from '../../src/extract/run-extract.js';
import { jobOutputDir, RESULT_FILE, type PackageJobResult } from '../../src/extract/package-job.js';
import { emptyCounts, type ManifestEntry } from '../../src/extract/manifest.js';
import { checkPackageHandBack } from '../../src/extract/job-result.js';
import type { PackageExecutor, PackageRun } from '../../src/extract/package-executor.js';
import type { JobOutcome } from '../../src/run/executor.js';
import { copyFromDirectory } from '../../src/run/hand-back.js';
import { saveSignatures } from '../../src/dedup/signatures.js';
import { sourceSignature } from '../../src/dedup/sign-package.js';
import { writeSamples } from '../../src/io/writer.js';
import type { Requirement } from '../../src/extract/package-list.js';
import { fakeRunOptions } from '../helpers/extract-options.js';

const STDLIB = execFileSync('python3', ['-c', 'import sysconfig; print(sysconfig.get_paths()["stdlib"])'], { encoding: 'utf8' }).trim();

/** Package -> its files as [graph.path, stdlib module whose text it has]. */
const PACKAGES: Record<string, [string, string][]> = {
  p0: [['p0/shlex.py', 'shlex']],
  p1: [['p1/textwrap.py', 'textwrap'], ['p1/_vendor/shlex.py', 'shlex']],
  p2: [['p2/heapq.py', 'heapq'], ['p2/wrap.py', 'textwrap']],
  p3: [['p3/heapq.py', 'heapq'], ['p3/bisect.py', 'bisect']],
};
const SAMPLES_PER_FILE = 3;

/** Writes each package's output and signatures after `delayMs(key)`. */
class ScriptedExecutor implements PackageExecutor {
  readonly started: string[] = [];
  constructor(private readonly delayMs: (key: string) => number) {}

  async run({ job, handBack }: PackageRun): Promise<JobOutcome<PackageJobResult>> {
    this.started.push(job.key);
    await new Promise((resolve) => setTimeout(resolve, this.delayMs(job.key)));
    const files = PACKAGES[job.key]!;
    const out = jobOutputDir(job.workDir);
    mkdirSync(out, { recursive: true });
    const output = `graphs-${job.key}.msgpack.l.gz`;
    const samples = files.flatMap(([path]) => Array.from({ length: SAMPLES_PER_FILE }, (_, i) => ({ package_name: job.name, graph: { path }, target_fix_action_idx: i === 0 ? null : i })));
    await writeSamples(join(out, output), samples);
    if (job.signatures) {
      await saveSignatures(out, files.map(([path, module]) => ({ path, samples: SAMPLES_PER_FILE, functions: 1, minhash: sourceSignature(readFileSync(join(STDLIB, `${module}.py`))) })));
    }
    const counts = { ...emptyCounts(), files: files.length, functions: files.length, samples: samples.length };
    writeFileSync(join(out, RESULT_FILE), JSON.stringify({ outcome: 'ok', version: '1', counts, output, error: null }));
    return checkPackageHandBack({ kind: 'ok', result: { handedBack: await copyFromDirectory(out, handBack), exitCode: 0, log: '' }, cpuMs: null }, job, handBack.hostDir);
  }

  async killAll(): Promise<void> {}
}

const requirements = (keys: string[]): Requirement[] => keys.map((key) => ({ key, name: key, spec: key, line: 1 }) as unknown as Requirement);

const options = fakeRunOptions;

const dropped = (entries: ManifestEntry[]) => Object.fromEntries(entries.map((e) => [e.package, (e.nearDuplicates ?? []).map((d) => `${d.path} ~ ${d.of.path}`)]));

describe('runExtract with near-duplicate detection', () => {
  const expected = {
    p0: [],
    p1: ['p1/_vendor/shlex.py ~ p0/shlex.py'],
    p2: ['p2/wrap.py ~ p1/textwrap.py'],
    p3: ['p3/heapq.py ~ p2/heapq.py'],
  };

  it('decides by package-list order whichever job finishes first', async () => {
    for (const [workers, delay] of [[1, () => 0], [4, (key: string) => 200 - 60 * Number(key[1])], [4, (key: string) => 40 * Number(key[1])], [2, (key: string) => (key === 'p0' ? 300 : 0)]] as const) {
      const out = mkdtempSync(join(tmpdir(), 'bugmine-order-'));
      const executor = new ScriptedExecutor(delay);
      const summary = await runExtract(requirements(['p0', 'p1', 'p2', 'p3']), out, executor, options(workers));
      expect(dropped(summary.entries), `workers ${workers}`).toEqual(expected);
      expect(summary.entries.map((e) => e.package)).toEqual(['p0', 'p1', 'p2', 'p3']);
      expect(summary.nearDuplicates).toEqual({ files: 3, samples: 3 * SAMPLES_PER_FILE });
      expect(summary.outcomes.ok).toEqual({ packages: 4, samples: (7 - 3) * SAMPLES_PER_FILE });
    }
  });

  it('keeps the index across resumed runs and ignores the old record of a package that runs again', async () => {
    const out = mkdtempSync(join(tmpdir(), 'bugmine-order-'));
    await runExtract(requirements(['p0', 'p1']), out, new ScriptedExecutor(() => 0), options(2));
    const more = new ScriptedExecutor(() => 0);
    const second = await runExtract(requirements(['p0', 'p1', 'p2', 'p3']), out, more, options(2));
    expect(more.started.sort()).toEqual(['p2', 'p3']);
    expect(dropped(second.entries)).toEqual({ p2: expected.p2, p3: expected.p3 });

    // p1's output is gone: p1 runs again and is not a near-duplicate of its own earlier files. Its
    // textwrap is kept again (p2's copy was dropped, so it is in no index record): still exactly
    // one textwrap in OUT.
    rmSync(join(out, 'graphs-p1.msgpack.l.gz'));
    const again = new ScriptedExecutor(() => 0);
    const third = await runExtract(requirements(['p0', 'p1', 'p2', 'p3']), out, again, options(2));
    expect(again.started).toEqual(['p1']);
    expect(dropped(third.entries)).toEqual({ p1: ['p1/_vendor/shlex.py ~ p0/shlex.py'] });
  });

  it('warns when packages already in OUT were extracted with dedup off (they are not in the index)', async () => {
    const out = mkdtempSync(join(tmpdir(), 'bugmine-order-'));
    await runExtract(requirements(['p0', 'p1']), out, new ScriptedExecutor(() => 0), { ...options(2), dedup: false });
    const warnings: string[] = [];
    const summary = await runExtract(requirements(['p0', 'p1', 'p2', 'p3']), out, new ScriptedExecutor(() => 0), { ...options(2), logger: { log: (line) => warnings.push(line) } });
    expect(warnings).toEqual([expect.stringMatching(/^2 package\(s\) in .* without near-duplicate detection .*\(p0, p1\)$/)]);
    expect(dropped(summary.entries)).toEqual({ p2: [], p3: expected.p3 });
  });

  it('keeps everything with dedup off', async () => {
    const out = mkdtempSync(join(tmpdir(), 'bugmine-order-'));
    const summary = await runExtract(requirements(['p0', 'p1', 'p2', 'p3']), out, new ScriptedExecutor(() => 0), { ...options(2), dedup: false });
    expect(dropped(summary.entries)).toEqual({ p0: [], p1: [], p2: [], p3: [] });
    expect(summary.outcomes.ok.samples).toBe(7 * SAMPLES_PER_FILE);
  });
});

/** Like ScriptedExecutor, but the job of `interrupted` is stopped (as by an interrupt) after `delayMs`. */
class InterruptingExecutor extends ScriptedExecutor {
  constructor(private readonly interrupted: string) {
    super((key) => (key === interrupted ? 300 : 0));
  }

  override async run(run: PackageRun): Promise<JobOutcome<PackageJobResult>> {
    const { job } = run;
    if (job.key !== this.interrupted) return super.run(run);
    this.started.push(job.key);
    await new Promise((resolve) => setTimeout(resolve, 300));
    return { kind: 'interrupted' };
  }
}

describe('runExtract: finished packages are staged durably', () => {
  const keys = ['p0', 'p1', 'p2', 'p3'];
  const staged = (out: string, pkg: string) => join(out, '.bugmine-work', '@staged', pkg);

  it('keeps what finished behind an interrupted package and commits it at its turn on resume', async () => {
    const reference = await runExtract(requirements(keys), mkdtempSync(join(tmpdir(), 'bugmine-order-')), new ScriptedExecutor(() => 0), options(4));
    const out = mkdtempSync(join(tmpdir(), 'bugmine-order-'));
    const first = await runExtract(requirements(keys), out, new InterruptingExecutor('p0'), options(4));
    expect(first.entries).toEqual([]);
    expect(readdirSync(join(out, '.bugmine-work', '@staged')).sort()).toEqual(['p1', 'p2', 'p3']);

    const again = new ScriptedExecutor(() => 0);
    const second = await runExtract(requirements(keys), out, again, options(4));
    expect(again.started).toEqual(['p0']);
    expect(second).toMatchObject({ ran: 1, staged: 3, resumed: 0 });
    expect(dropped(second.entries)).toEqual(dropped(reference.entries));
    expect(second.outcomes).toEqual(reference.outcomes);
    expect(existsSync(join(out, '.bugmine-work'))).toBe(false);
  });

  it('runs again a staged package that was tampered with, naming the bad file', async () => {
    const out = mkdtempSync(join(tmpdir(), 'bugmine-order-'));
    await runExtract(requirements(keys), out, new InterruptingExecutor('p0'), options(4));
    const p1Output = join(staged(out, 'p1'), 'graphs-p1.msgpack.l.gz');
    writeFileSync(p1Output, readFileSync(p1Output).subarray(0, 20)); // a torn write
    writeFileSync(join(staged(out, 'p2'), 'staged.json'), '{"format": "bugmine-staged", "version": 1, "job": "x"');
    symlinkSync('/etc/passwd', join(staged(out, 'p3'), 'result.json.extra'));

    const warnings: string[] = [];
    const again = new ScriptedExecutor(() => 0);
    const second = await runExtract(requirements(keys), out, again, { ...options(4), logger: { log: (line) => warnings.push(line) } });
    expect(again.started.sort()).toEqual(['p0', 'p1', 'p2', 'p3']);
    expect(second.staged).toBe(0);
    expect(warnings).toEqual([
      expect.stringMatching(/@staged\/p1: graphs-p1\.msgpack\.l\.gz: .*; running p1 again$/),
      expect.stringMatching(/@staged\/p2\/staged\.json:1: not JSON: .*; running p2 again$/),
      expect.stringMatching(/@staged\/p3\/result\.json\.extra: not a file of a staged package; running p3 again$/),
    ]);
    expect(dropped(second.entries)).toEqual({ p0: [], p1: ['p1/_vendor/shlex.py ~ p0/shlex.py'], p2: ['p2/wrap.py ~ p1/textwrap.py'], p3: ['p3/heapq.py ~ p2/heapq.py'] });
  });

  it('runs again a staged package of other settings', async () => {
    const out = mkdtempSync(join(tmpdir(), 'bugmine-order-'));
    await runExtract(requirements(keys), out, new InterruptingExecutor('p0'), options(4));
    const warnings: string[] = [];
    const again = new ScriptedExecutor(() => 0);
    await runExtract(requirements(keys), out, again, { ...options(4), seed: 9, logger: { log: (line) => warnings.push(line) } });
    expect(again.started.sort()).toEqual(keys);
    expect(warnings).toHaveLength(3);
    expect(warnings[0]).toMatch(/p1\/staged\.json: staged with other settings; running p1 again$/);
  });

  it('runs again a staged package of other bug patterns (another file digest or bug source), and reuses it under the same ones', async () => {
    const bugPatterns = { path: '/patterns/p.json', sha256: 'a'.repeat(64), source: 'patterns' as const };
    for (const other of [{ ...bugPatterns, sha256: 'b'.repeat(64) }, { ...bugPatterns, source: 'both' as const }, undefined]) {
      const out = mkdtempSync(join(tmpdir(), 'bugmine-order-'));
      await runExtract(requirements(keys), out, new InterruptingExecutor('p0'), { ...options(4), bugPatterns });
      const warnings: string[] = [];
      const again = new ScriptedExecutor(() => 0);
      await runExtract(requirements(keys), out, again, { ...options(4), ...(other === undefined ? {} : { bugPatterns: other }), logger: { log: (line) => warnings.push(line) } });
      expect(again.started.sort()).toEqual(keys);
      expect(warnings).toHaveLength(3);
      expect(warnings[0]).toMatch(/p1\/staged\.json: staged with other settings; running p1 again$/);
    }
    const out = mkdtempSync(join(tmpdir(), 'bugmine-order-'));
    await runExtract(requirements(keys), out, new InterruptingExecutor('p0'), { ...options(4), bugPatterns });
    const same = new ScriptedExecutor(() => 0);
    await runExtract(requirements(keys), out, same, { ...options(4), bugPatterns: { ...bugPatterns } });
    expect(same.started).toEqual(['p0']);
  });
});
