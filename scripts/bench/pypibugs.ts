// pypibugs: 200 lines over 20 local git repositories; lines/s with 1 and 2 workers (threads, and containers when Docker is reachable), scaling, clone-cache reuse.
// Usage: npm run bench -- pypibugs [--executors local,docker]. Runs `node dist/cli.js pypibugs` as a
// user would: run `npm run build` first. Per executor: a cold run (clones every repository), then
// 1 and 2 workers on the warm clone cache (no network or clone work: the scaling of the analysis),
// then a resume of a finished output (nothing to do).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PypiBugsReport } from '../../src/pypibugs/run.js';
import { FixtureRepo, injectBugs, stdlibText } from '../../test/pypibugs/fixtures.js';

const appRoot = join(import.meta.dirname, '..', '..');
const CLI = join(appRoot, 'dist', 'cli.js');

const FILES = [
  'textwrap.py', 'colorsys.py', 'heapq.py', 'fnmatch.py', 'shlex.py', 'difflib.py', 'calendar.py', 'argparse.py', 'tokenize.py', 'ftplib.py',
  'imaplib.py', 'pickletools.py', 'smtplib.py', 'tarfile.py', 'zipfile.py', 'gettext.py', 'pprint.py', 'random.py', 'statistics.py', 'ipaddress.py',
];
const SCOUTS = ['ComparisonOperatorRewriteScout', 'BinaryOperatorRewriteScout', 'LiteralRewriteScout'];
const BUGS_PER_REPO = 10;

/** One repository per stdlib file, with BUGS_PER_REPO bug/fix commit pairs; returns the JSONL lines. */
function buildRepositories(root: string): string[] {
  const lines: string[] = [];
  for (const name of FILES) {
    const repo = new FixtureRepo(join(root, name.replace('.py', '')));
    const text = stdlibText(name);
    repo.write(name, text);
    repo.commit('add');
    const bugs = injectBugs(text, name, BUGS_PER_REPO, SCOUTS);
    if (bugs.length < BUGS_PER_REPO) throw new Error(`${name}: only ${bugs.length} bugs`);
    bugs.forEach((bug, k) => {
      repo.write(name, bug.buggy);
      const bugged = repo.commit(`bug ${k}`);
      repo.write(name, text);
      const fix = repo.commit(`fix ${k}`);
      lines.push(JSON.stringify({ repo: repo.url, hash: fix, diff: repo.hunks(bugged, fix), old_path: name, rewrite: bug.rewrite }));
    });
  }
  return lines;
}

interface Timed {
  readonly seconds: number;
  readonly report: PypiBugsReport;
}

function runCli(input: string, out: string, cache: string, executor: string, workers: number): Timed {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, [CLI, 'pypibugs', input, out, '--cache', cache, '--executor', executor, '--workers', String(workers), '--json'], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) throw new Error(`pypibugs failed: ${result.stderr}`);
  return { seconds, report: JSON.parse(result.stdout) as PypiBugsReport };
}

function describe(label: string, { seconds, report }: Timed): string {
  const r = report.repositories;
  return (
    `${label.padEnd(34)} ${report.lines} lines in ${seconds.toFixed(1).padStart(6)} s = ${(report.lines / seconds).toFixed(2).padStart(6)} lines/s; ` +
    `ok ${report.outcomes.ok}, samples ${report.samples}; repositories: ${r.cloned} cloned, ${r.reused} from the cache, ${r.skipped} done before, ` +
    `${r.fetchedCommits} commits and ${r.fetchedBlobs} blobs fetched`
  );
}

function dockerUsable(): boolean {
  return spawnSync(process.execPath, [CLI, 'image', 'build'], { encoding: 'utf8' }).status === 0;
}

export function main(args: string[]): void {
  if (!existsSync(join(appRoot, 'dist', 'pypibugs', 'unit-worker.js'))) throw new Error('dist/ is missing or old: run `npm run build` first');
  const at = args.indexOf('--executors');
  const executors = (at >= 0 ? args[at + 1]! : 'local,docker').split(',');
  const root = mkdtempSync(join(tmpdir(), 'bugmine-bench-pypibugs-'));
  try {
    const started = Date.now();
    const lines = buildRepositories(join(root, 'repos'));
    const input = join(root, 'pypibugs.jsonl');
    writeFileSync(input, lines.join('\n') + '\n');
    console.log(`built ${FILES.length} repositories with ${lines.length} lines in ${((Date.now() - started) / 1000).toFixed(1)} s; load average ${loadavg()[0]!.toFixed(2)}`);
    for (const executor of executors) {
      if (executor === 'docker' && !dockerUsable()) {
        console.log('docker: no daemon reachable (or the image build failed); skipped');
        continue;
      }
      const cache = join(root, `cache-${executor}`);
      const out = (name: string): string => join(root, `out-${executor}-${name}`);
      console.log(describe(`${executor}, 2 workers, cold cache`, runCli(input, out('cold'), cache, executor, 2)));
      const one = runCli(input, out('warm-1'), cache, executor, 1);
      console.log(describe(`${executor}, 1 worker, warm cache`, one));
      const two = runCli(input, out('warm-2'), cache, executor, 2);
      console.log(describe(`${executor}, 2 workers, warm cache`, two));
      console.log(`${executor}: scaling with 2 workers ${(one.seconds / two.seconds).toFixed(2)}x`);
      console.log(describe(`${executor}, resume (all done)`, runCli(input, out('warm-2'), cache, executor, 2)));
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
