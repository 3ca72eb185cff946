// pypibugs: 200 lines over 20 local git repositories; lines/s with 1 and 2 workers (threads, and containers when Docker is reachable), scaling, clone-cache reuse.
// Usage: npm run bench -- pypibugs [--executors local,docker]. Runs `node dist/cli.js pypibugs` as a
// user would: run `npm run build` first. Per executor: a cold run (clones every repository), then
// 1 and 2 workers on the warm clone cache (no network or clone work: the scaling of the analysis),
// then a resume of a finished output (nothing to do).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
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
  /** CPU seconds of the bugmine process and its git children (not of containers); undefined off Linux. */
  readonly cpuSeconds: number | undefined;
  readonly report: PypiBugsReport;
}

const clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());

/** CPU seconds of the waited-for children of this process (Linux: cutime + cstime of /proc/self/stat). */
function childCpuSeconds(): number | undefined {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(')').at(-1)!.trim().split(' ');
    return (Number(fields[13]) + Number(fields[14])) / clockTicks;
  } catch {
    return undefined;
  }
}

function runCli(input: string, out: string, cache: string, executor: string, workers: number): Timed {
  const started = process.hrtime.bigint();
  const cpuBefore = childCpuSeconds();
  const result = spawnSync(process.execPath, [CLI, 'pypibugs', input, out, '--cache', cache, '--executor', executor, '--workers', String(workers), '--json'], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpuAfter = childCpuSeconds();
  if (result.status !== 0) throw new Error(`pypibugs failed: ${result.stderr}`);
  const cpuSeconds = cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore;
  return { seconds, cpuSeconds, report: JSON.parse(result.stdout) as PypiBugsReport };
}

function describe(label: string, { seconds, cpuSeconds, report }: Timed): string {
  const r = report.repositories;
  const cpu = cpuSeconds === undefined ? '' : ` (${cpuSeconds.toFixed(1)} CPU s)`;
  return (
    `${label.padEnd(30)} ${report.lines} lines in ${seconds.toFixed(1).padStart(6)} s${cpu} = ${(report.lines / seconds).toFixed(2).padStart(6)} lines/s; ` +
    `ok ${report.outcomes.ok}, samples ${report.samples}; repositories: ${r.cloned} cloned, ${r.reused} from the cache, ${r.skipped} done before, ` +
    `${r.fetchedCommits} commits and ${r.fetchedBlobs} file versions fetched`
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
      // On a machine shared with other work, wall time understates the scaling; CPU time shows the
      // work that a second worker adds (each worker thread has its own parsed-module cache).
      console.log(`${executor}: scaling with 2 workers ${(one.seconds / two.seconds).toFixed(2)}x (load average ${loadavg()[0]!.toFixed(2)} on ${availableParallelism()} CPUs)`);
      console.log(describe(`${executor}, resume (all done)`, runCli(input, out('warm-2'), cache, executor, 2)));
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
