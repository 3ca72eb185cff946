// pypibugs: 200 lines over 20 local git repositories; lines/s with 1 and 2 workers, and a run on the warm clone cache.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runPypiBugs, type PypiBugsReport } from '../../src/pypibugs/run.js';
import { FixtureRepo, injectBugs, stdlibText } from '../../test/pypibugs/fixtures.js';

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

function describe(label: string, report: PypiBugsReport, seconds: number): string {
  const r = report.repositories;
  return (
    `${label.padEnd(28)} ${report.lines} lines in ${seconds.toFixed(2)} s = ${(report.lines / seconds).toFixed(1)} lines/s; ` +
    `ok ${report.outcomes.ok}, samples ${report.samples}; clones made ${r.cloned}, reused ${r.reused}`
  );
}

async function timed(label: string, run: () => Promise<PypiBugsReport>): Promise<void> {
  const start = process.hrtime.bigint();
  const report = await run();
  console.log(describe(label, report, Number(process.hrtime.bigint() - start) / 1e9));
}

export async function main(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'bugmine-bench-pypibugs-'));
  try {
    const started = Date.now();
    const lines = buildRepositories(join(root, 'repos'));
    const input = join(root, 'pypibugs.jsonl');
    writeFileSync(input, lines.join('\n') + '\n');
    console.log(`built ${FILES.length} repositories with ${lines.length} lines in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    for (const workers of [1, 2]) {
      const cache = join(root, `cache-${workers}`);
      await timed(`${workers} worker(s), cold cache`, () => runPypiBugs(input, join(root, `out-${workers}`), { cacheDir: cache, workers }));
    }
    await timed('2 workers, warm cache', () => runPypiBugs(input, join(root, 'out-warm'), { cacheDir: join(root, 'cache-2'), workers: 2 }));
    await timed('resume (all done)', () => runPypiBugs(input, join(root, 'out-warm'), { cacheDir: join(root, 'cache-2'), workers: 2 }));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
