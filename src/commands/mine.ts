import type { Command } from 'commander';
import { EXIT } from '../exit-codes.js';
import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { UserError } from '../errors.js';
import { defaultCacheDir } from '../pypibugs/git-cache.js';
import { runMine, type MineReport } from '../mine/run.js';
import type { Shard } from '../run/shard.js';
import { output } from '../output.js';
import { handleInterrupts } from './interrupt.js';
import { cacheOption, cloneTimeoutOption, jsonOption, positiveInteger, shardOption } from './options.js';

interface MineCommandOptions {
  repos?: string;
  workers: number;
  cache?: string;
  since?: string;
  until?: string;
  maxCommits?: number;
  branch?: string;
  allRefs?: boolean;
  maxActions: number;
  maxFileBytes: number;
  cloneTimeout: number;
  json?: boolean;
  shard?: Shard;
  /** As given: comma-separated hashes or @FILE. */
  commits?: string;
}

const COMMIT_HASH = /^[0-9a-f]{4,40}$/i;

/** `--commits H1,H2` or `--commits @FILE` (one hash per line); only hexadecimal hashes, never git options. */
async function commitList(value: string): Promise<string[]> {
  let items: string[];
  let where: (index: number) => string;
  let exitCode: number = EXIT.usage;
  if (value.startsWith('@')) {
    const file = value.slice(1);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      throw new UserError(`${file}: cannot read the commit list: ${(error as Error).message}`);
    }
    items = text.split('\n').map((l) => l.replace(/#.*/, '').trim());
    where = (index) => `${file}:${index + 1}`;
    exitCode = EXIT.badInput;
  } else {
    items = value.split(',').map((s) => s.trim());
    where = () => '--commits';
  }
  for (const [index, item] of items.entries()) {
    if (item !== '' && !COMMIT_HASH.test(item)) throw new UserError(`${where(index)}: not a commit hash: ${JSON.stringify(item.slice(0, 60))}`, exitCode);
  }
  return items.filter((i) => i !== '');
}

export function register(program: Command): void {
  program
    .command('mine')
    .summary('mine real bug fixes (single rewrites and small edits) from git histories')
    .description(
      'walk the history of each repository (non-merge commits, modified .py files, renames followed), diff both versions of ' +
        'every file with the tree differ, and write the changes that are exactly one BugLab rewrite as PyPIBugs lines ' +
        '(OUT/bugs.jsonl) and those and other small edits inside one function as fix records (OUT/fixes.jsonl.gz); ' +
        'OUT/manifest.jsonl has one line per repository; a re-run resumes',
    )
    .argument('<REPO_AND_OUT...>', 'repositories (local paths or git URLs), then the output directory')
    .option('--repos <FILE>', 'read repositories from FILE, one per line (blank lines and # comments ignored)')
    .option('--workers <N>', 'repositories mined at once, each on a worker thread (1: on the main thread)', positiveInteger, Math.min(4, availableParallelism()))
    .addOption(cacheOption())
    .option('--since <DATE>', 'only commits after DATE (git log --since)')
    .option('--until <DATE>', 'only commits before DATE (git log --until)')
    .option('--max-commits <N>', 'at most the N newest commits per repository', positiveInteger)
    .option('--branch <NAME>', 'walk this branch (default: the default branch)')
    .option('--all-refs', 'walk every ref (branches, tags, pull-request refs)')
    .option('--max-actions <N>', 'largest edit script (actions) of a small edit', positiveInteger, 6)
    .option('--max-file-bytes <N>', 'files larger than this are not compared', positiveInteger, 1 << 20)
    .addOption(cloneTimeoutOption())
    .option('--commits <HASHES>', 'only these commits: comma-separated hashes, or @FILE with one per line (hashes a repository lacks are ignored)')
    .addOption(shardOption('mine only shard i of N (0-based; the repositories at list positions p with p mod N = i); merge the shards with bugmine merge'))
    .addOption(jsonOption('the run summary'))
    .action(async (args: string[], options: MineCommandOptions) => {
      const commits = options.commits === undefined ? undefined : await commitList(options.commits);
      await mine(args, options, commits);
    });
}

async function reposFromFile(path: string): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UserError(`${path}: cannot read the repository list: ${(error as Error).message}`);
  }
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}

async function mine(args: string[], options: MineCommandOptions, onlyCommits: string[] | undefined): Promise<void> {
  const out = resolve(args[args.length - 1]!);
  const repos = args.slice(0, -1);
  if (options.repos !== undefined) repos.push(...(await reposFromFile(options.repos)));
  if (repos.length === 0) throw new UserError('mine: no repository given (REPO... OUT/ or --repos FILE OUT/)');
  const interrupts = handleInterrupts({ when: 'after the current commit' });
  const started = Date.now();
  let total = 0;
  let done = 0;
  let commits = 0;
  let found = 0;
  let lastLog = Date.now();
  const progress = (force = false): void => {
    const now = Date.now();
    if (!force && now - lastLog < 10_000) return;
    lastLog = now;
    const seconds = (now - started) / 1000;
    output.log(`mine: ${done}/${total} repositories, ${commits} commits (${(commits / Math.max(seconds, 0.001)).toFixed(1)}/s), ${found} found`);
  };
  try {
    const report = await runMine(repos, out, {
      cacheDir: resolve(options.cache ?? defaultCacheDir()),
      cloneTimeoutMs: options.cloneTimeout * 1000,
      workers: options.workers,
      threads: options.workers > 1,
      since: options.since,
      until: options.until,
      maxCommits: options.maxCommits,
      commits: onlyCommits,
      shard: options.shard,
      branch: options.branch,
      allRefs: options.allRefs === true,
      maxActions: options.maxActions,
      maxFileBytes: options.maxFileBytes,
      onStart: (n) => (total = n),
      onCommit: () => {
        commits++;
        progress();
      },
      onRepositoryDone: (record) => {
        done++;
        found += (record.counts['single-rewrite'] ?? 0) + (record.counts['small-edit'] ?? 0);
        progress();
      },
      logger: output,
      stopped: () => interrupts.requested,
    });
    output.result(options.json ? JSON.stringify(report) + '\n' : summary(report));
    if (interrupts.requested) process.exitCode = EXIT.interrupted;
    else if (report.outcomes.ok + report.skipped < report.repositories) process.exitCode = EXIT.someFailed;
  } finally {
    interrupts.release();
  }
}

function summary(report: MineReport): string {
  const o = report.outcomes;
  const lines = [
    `mine: ${report.repositories} repositories (${report.skipped} done before, ${o.ok} ok, ${o['repo-unavailable']} unavailable, ` +
      `${o['history-error']} failed, ${o.interrupted} interrupted); ${report.commits} commits, ${report.filesCompared} files compared`,
    `  single-rewrite ${String(report.bugs).padStart(8)}  (${report.duplicates} duplicates)`,
    `  fix records    ${String(report.fixes).padStart(8)}`,
  ];
  for (const [k, v] of Object.entries(report.counts)) if (k !== 'single-rewrite') lines.push(`  ${k.padEnd(15)}${String(v).padStart(8)}`);
  lines.push(`output: ${report.out}`);
  return lines.join('\n') + '\n';
}
