// bugmine extract with the local executor against a local package index made from stdlib modules
// (pip --no-index --find-links: no network).
import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSamples } from '../../src/io/reader.js';
import type { ManifestEntry } from '../../src/extract/manifest.js';
import { buildDefaultIndex, buildSdist, DEFAULT_DEMO_WHEELS } from '../../scripts/extract-demo/local-index.js';
import { CLI, REPO_ROOT, runCli } from '../helpers/cli.js';
import { EXIT } from '../../src/exit-codes.js';

const LONG = 300_000;
const index = mkdtempSync(join(tmpdir(), 'bugmine-index-'));
const [colors, text, algorithms] = DEFAULT_DEMO_WHEELS;

function listFile(lines: string[]): string {
  const file = join(mkdtempSync(join(tmpdir(), 'bugmine-list-')), 'packages.txt');
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

function manifest(out: string): ManifestEntry[] {
  return readFileSync(join(out, 'manifest.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as ManifestEntry);
}

function byPackage(entries: ManifestEntry[]): Record<string, ManifestEntry> {
  return Object.fromEntries(entries.map((e) => [e.package, e]));
}

async function extract(list: string, out: string, ...args: string[]) {
  return runCli(['extract', list, out, '--executor', 'local', '--no-index', '--find-links', index, '--seed', '3', ...args]);
}

const goodList = [`${colors!.name}`, `${text!.name}==${text!.version}`, `${algorithms!.name.toUpperCase().replace(/-/g, '_')}>=0.1`];

describe('bugmine extract --executor local', () => {
  beforeAll(() => {
    buildDefaultIndex(index);
    buildSdist(index, 'bugmine-demo-broken', '1.0', 'raise SystemExit("setup.py refuses to build")');
  });

  const out = mkdtempSync(join(tmpdir(), 'bugmine-extract-'));
  const list = listFile(['# demo', ...goodList, '', 'bugmine-demo-broken', 'bad name here', `${colors!.name}==1.0.0  # duplicate`]);

  it('installs each package, extracts the files its RECORD lists, records failures without stopping, and reports invalid lines first', async () => {
    const run = await extract(list, out, '--workers', '2', '--json');
    expect(run.code, run.stderr + run.stdout).toBe(1); // the invalid line
    expect(run.stderr).toMatch(/packages\.txt:7: .*bad name here/);
    expect(run.stderr).toMatch(/packages\.txt:8: bugmine-demo-colors already listed on line 2/);
    expect(run.stderr).toMatch(/install code .* runs/);
    expect(run.stderr.indexOf('packages.txt:7')).toBeLessThan(run.stderr.indexOf('extract: ['));

    const entries = byPackage(manifest(out));
    expect(Object.keys(entries).sort()).toEqual(['bugmine-demo-algorithms', 'bugmine-demo-broken', 'bugmine-demo-colors', 'bugmine-demo-text']);
    expect(entries['bugmine-demo-broken']).toMatchObject({ outcome: 'install-failed', output: null, version: null });
    expect(entries['bugmine-demo-broken']!.error).toMatch(/pip install failed/);
    for (const wheel of DEFAULT_DEMO_WHEELS) {
      const entry = entries[wheel.name]!;
      expect(entry).toMatchObject({ outcome: 'ok', version: wheel.version, output: `graphs-${wheel.name}.msgpack.l.gz`, error: null });
      expect(entry.counts.files).toBe(wheel.modules.length + 1);
      expect(entry.counts.samples).toBeGreaterThan(entry.counts.functions);
      expect(statSync(join(out, entry.output!)).size).toBe(entry.outputBytes);

      const paths = new Set<string>();
      let samples = 0;
      for await (const raw of readSamples(join(out, entry.output!))) {
        const sample = raw as Record<string, any>;
        samples++;
        paths.add(sample['graph']['path']);
        expect(sample['package_version']).toBe(wheel.version);
        const target = sample['target_fix_action_idx'];
        if (target !== null) expect(sample['candidate_rewrites'][target]).toBeDefined();
        expect(sample['provenance']['seed']).toBe(3);
      }
      expect(samples).toBe(entry.counts.samples);
      // graph.path is relative to site-packages: the installed package's own files.
      expect([...paths].sort()).toEqual(wheel.modules.map((m) => `${wheel.importName}/${m}.py`).sort());
    }
    // The job's CPU time as the host measured it: some, and no more than all CPUs could give it.
    for (const entry of Object.values(entries)) {
      expect(entry.cpuMs, entry.package).toBeGreaterThan(0);
      expect(entry.cpuMs!, entry.package).toBeLessThanOrEqual(entry.durationMs * availableParallelism());
    }
    const summary = JSON.parse(run.stdout) as { cpu: { measured: number; totalMs: number; unmeasured: number } };
    expect(summary.cpu).toMatchObject({ measured: 4, unmeasured: 0, totalMs: Object.values(entries).reduce((n, e) => n + e.cpuMs!, 0) });
    const names = readdirSync(out).sort();
    expect(names).toEqual([...DEFAULT_DEMO_WHEELS.map((w) => `graphs-${w.name}.msgpack.l.gz`), 'manifest.jsonl', 'near-duplicates.jsonl', 'resolved.txt'].sort());
  }, LONG);

  it('resumes: a second run does no work and leaves the outputs alone', async () => {
    const before = readdirSync(out).map((name) => [name, statSync(join(out, name)).mtimeMs]);
    const run = await extract(list, out, '--workers', '2', '--json');
    const summary = JSON.parse(run.stdout) as { ran: number; resumed: number; outcomes: Record<string, { packages: number }>; cpu: { measured: number; totalMs: number } };
    expect(summary).toMatchObject({ ran: 0, resumed: 4 });
    // The resumed packages keep the CPU time of the run that did them.
    expect(summary.cpu).toMatchObject({ measured: 4, totalMs: manifest(out).reduce((n, e) => n + e.cpuMs!, 0) });
    expect(summary.outcomes['ok']!.packages).toBe(3);
    expect(summary.outcomes['install-failed']!.packages).toBe(1);
    expect(readdirSync(out).map((name) => [name, statSync(join(out, name)).mtimeMs])).toEqual(before);
  }, LONG);

  it('gives byte-identical outputs with 1 worker and with 2', async () => {
    const single = mkdtempSync(join(tmpdir(), 'bugmine-extract-1-'));
    const run = await extract(listFile(goodList), single, '--workers', '1');
    expect(run.code, run.stderr + run.stdout).toBe(0);
    expect(run.stdout).toMatch(/^ok\s+3\s+\d+$/m);
    for (const wheel of DEFAULT_DEMO_WHEELS) {
      const name = `graphs-${wheel.name}.msgpack.l.gz`;
      expect(readFileSync(join(single, name)).equals(readFileSync(join(out, name))), name).toBe(true);
    }
  }, LONG);

  it('records a timeout, keeps no half output, and retries it with --retry-failed', async () => {
    const target = mkdtempSync(join(tmpdir(), 'bugmine-extract-t-'));
    const one = listFile([colors!.name]);
    const slow = await extract(one, target, '--timeout', '1');
    expect(slow.code, slow.stderr + slow.stdout).toBe(EXIT.someFailed);
    expect(byPackage(manifest(target))['bugmine-demo-colors']).toMatchObject({ outcome: 'timeout', output: null });
    expect(readdirSync(target).sort()).toEqual(['manifest.jsonl', 'resolved.txt']);

    const skipped = await extract(one, target, '--json');
    expect(JSON.parse(skipped.stdout)).toMatchObject({ ran: 0, resumed: 1 });
    const retried = await extract(one, target, '--retry-failed', '--json');
    expect(JSON.parse(retried.stdout)).toMatchObject({ ran: 1, resumed: 0 });
    const entries = manifest(target);
    expect(entries.map((e) => e.outcome)).toEqual(['timeout', 'ok']);
    expect(existsSync(join(target, entries[1]!.output!))).toBe(true);
  }, LONG);

  it('runs only its shard', async () => {
    const target = mkdtempSync(join(tmpdir(), 'bugmine-extract-s-'));
    const run = await extract(listFile(['bugmine-demo-nowhere', ...goodList]), target, '--shard', '1/2', '--json');
    expect(run.code, run.stderr + run.stdout).toBe(0);
    expect(manifest(target).map((e) => e.package).sort()).toEqual(['bugmine-demo-algorithms', 'bugmine-demo-colors']);
  }, LONG);

  it('stops on SIGINT with no half file, no work directory and no process left, and the next run finishes', async () => {
    const target = mkdtempSync(join(tmpdir(), 'bugmine-extract-i-'));
    const one = listFile([text!.name]);
    const child = spawn(process.execPath, [CLI, 'extract', one, target, '--executor', 'local', '--no-index', '--find-links', index], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    // Interrupt once the package job is under way (its venv exists).
    const deadline = Date.now() + 60_000;
    while (!existsSync(join(target, '.bugmine-work', text!.name, 'venv')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code, stderr).toBe(130);
    expect(readdirSync(target)).toEqual([]);
    const survivors = readdirSync('/proc').filter((pid) => /^\d+$/.test(pid)).filter((pid) => {
      try {
        return readFileSync(join('/proc', pid, 'cmdline'), 'utf8').includes(target);
      } catch {
        return false;
      }
    });
    expect(survivors).toEqual([]);
    const again = await extract(one, target, '--json');
    expect(JSON.parse(again.stdout)).toMatchObject({ ran: 1, outcomes: { ok: { packages: 1 } } });
  }, LONG);
});
