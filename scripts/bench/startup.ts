// Fixed cost of a worker before its first file (job process, worker thread), the stub table parsed whole (before) vs per module (after); CPU ms.
// Usage: npm run bench -- startup [--rounds 5] [--file logging/handlers.py] [--docker]
// Runs the built code (`npm run build` first) and, as "before", a copy of it whose stub table
// loader is the one this checkout replaced: one JSON.parse of the whole table (the same data, as
// one line) on the first lookup. Every measurement is a fresh process; before and after alternate
// within each round and the medians are printed side by side:
// - job process (`--executor local`, and what a container runs): node's own start until the first
//   line of the script, the imports of package-job-main.js, the first lookup of the stub table, the
//   call resolver, then one stdlib file extracted twice (the first file pays the warm-up on top).
// - worker thread (extract-dir, pypibugs): the whole process's CPU from creating a one-thread pool
//   of extract-worker.js until its first answer for the same file, then the file again.
// - with --docker and a bugmine-worker image present: the job-process probe inside a container of
//   that image, with each dist/ mounted over the image's (no image is built).
// - the Python steps of a package job before its first file (venv, paths query; pip's own start as
//   a floor of the install), which the table does not change.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { stdlibRoot } from '../lib/stdlib.js';

const root = join(import.meta.dirname, '..', '..');
const dist = join(root, 'dist');
const MODES = ['before', 'after'] as const;
type Mode = (typeof MODES)[number];
type Marks = Record<string, number>;

/** Shared by both probes: CPU ms of the whole process so far, and the job of the benchmark file. */
const PROBE_COMMON = `
export const cpuMs = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
export const [dist, file, ...pythonPath] = process.argv.slice(2);
export const job = { absolutePath: file, graphPath: 'bench.py', packageName: 'bench', packageVersion: '0',
  seed: 0, rewrites: 1, easyOperatorsOff: false, maxFileBytes: 1 << 22, maxFileCpuSeconds: null };
export const load = (path) => import(new URL(path, 'file://' + dist + '/').href);
export async function parsedModules() {
  const tables = (await load('graph/calls/builtins-table.js')).compiledModules();
  return Object.keys(tables).filter((name) => 'value' in Object.getOwnPropertyDescriptor(tables, name)).length;
}
`;

const JOB_PROBE = `
import { cpuMs, file, pythonPath, job, load, parsedModules } from './common.mjs';
const marks = { boot: cpuMs() };
let t = cpuMs();
await load('extract/package-job.js');
await load('extract/phase.js');
marks.imports = cpuMs() - t;
t = cpuMs();
const { compiledModules } = await load('graph/calls/builtins-table.js');
compiledModules();
marks.table = cpuMs() - t;
t = cpuMs();
const resolver = (await load('graph/passes/calls.js')).createCallResolver({ pythonPath });
marks.resolver = cpuMs() - t;
const { extractFile } = await load('samples/extract-file.js');
t = cpuMs();
const first = await extractFile(job, resolver);
marks.firstFile = cpuMs() - t;
t = cpuMs();
await extractFile(job, resolver);
marks.again = cpuMs() - t;
marks.samples = first.samples;
marks.modules = await parsedModules();
process.stdout.write(JSON.stringify(marks));
`;

/** The loader before per-module parsing, as it was (compiled), for the copy of dist/ that is "before". */
const WHOLE_TABLE_LOADER = `import { readFileSync } from 'node:fs';
export const BUILTINS_TABLE_URL = new URL('./builtins-table.json', import.meta.url);
let table;
export function compiledModules() {
  table ??= JSON.parse(readFileSync(BUILTINS_TABLE_URL, 'utf8'));
  return table;
}
`;

/**
 * A copy of dist/ (and package.json, which version.js reads) under the checkout, so that the
 * runtime dependencies resolve, with the whole-table loader and the table as one JSON line.
 */
function beforeCopy(): string {
  const copy = mkdtempSync(join(root, '.bench-startup-'));
  chmodSync(copy, 0o755);
  cpSync(dist, join(copy, 'dist'), { recursive: true });
  copyFileSync(join(root, 'package.json'), join(copy, 'package.json'));
  const calls = join(copy, 'dist', 'graph', 'calls');
  writeFileSync(join(calls, 'builtins-table.js'), WHOLE_TABLE_LOADER);
  const whole: unknown = JSON.parse(readFileSync(join(calls, 'builtins-table.json'), 'utf8'));
  writeFileSync(join(calls, 'builtins-table.json'), `${JSON.stringify(whole)}\n`);
  return copy;
}

const THREAD_PROBE = `
import { cpuMs, dist, pythonPath, job, load } from './common.mjs';
const { ThreadPool } = await load('run/thread-pool.js');
const script = new URL('file://' + dist + '/samples/extract-worker.js');
const marks = {};
let t = cpuMs();
const pool = new ThreadPool(script, 1, { workerData: { pythonPath } });
const first = await pool.run(job);
marks.firstFile = cpuMs() - t;
t = cpuMs();
await pool.run(job);
marks.again = cpuMs() - t;
marks.samples = first.samples;
await pool.close();
process.stdout.write(JSON.stringify(marks));
`;

function option(args: string[], name: string, fallback: string): string {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1]! : fallback;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function runProbe(command: string, args: string[]): Marks {
  const out = execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 20 });
  return JSON.parse(out) as Marks;
}

/** CPU seconds of this process's waited-for children so far (from /proc; 10 ms ticks). */
function childrenCpuMs(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[13]) + Number(fields[14])) * 10;
}

function childCpuMs(command: string, args: string[]): number {
  const before = childrenCpuMs();
  const run = spawnSync(command, args, { stdio: 'ignore' });
  if (run.status !== 0) throw new Error(`${command} ${args.join(' ')} failed`);
  return childrenCpuMs() - before;
}

function printTable(title: string, samples: Record<Mode, Marks[]>, rows: readonly (readonly [key: string, label: string])[]): void {
  console.log(`\n${title} (median CPU ms of ${samples.before.length} processes each)`);
  console.log(`  ${''.padEnd(38)}${'before'.padStart(10)}${'after'.padStart(10)}`);
  const cell = (mode: Mode, key: string): string => (samples[mode].some((m) => m[key] === undefined) ? '-' : median(samples[mode].map((m) => m[key]!)).toFixed(1));
  for (const [key, label] of rows) console.log(`  ${label.padEnd(38)}${cell('before', key).padStart(10)}${cell('after', key).padStart(10)}`);
}

const JOB_ROWS = [
  ['boot', 'node start to first line'],
  ['imports', 'imports of package-job-main'],
  ['table', 'stub table (first lookup)'],
  ['resolver', 'call resolver'],
  ['beforeFirst', '= before the first file'],
  ['firstFile', 'first file'],
  ['again', 'same file again'],
  ['fixed', '= fixed cost (before + first - again)'],
  ['modules', 'table modules parsed'],
  ['samples', '(samples of the file)'],
] as const;

const THREAD_ROWS = [
  ['firstFile', 'pool start to first answer'],
  ['again', 'same file again'],
  ['fixed', '= fixed cost per thread'],
  ['samples', '(samples of the file)'],
] as const;

function withTotals(marks: Marks): Marks {
  const beforeFirst = (marks.boot ?? 0) + (marks.imports ?? 0) + (marks.table ?? 0) + (marks.resolver ?? 0);
  return { ...marks, ...(marks.boot === undefined ? {} : { beforeFirst }), fixed: (marks.boot === undefined ? 0 : beforeFirst) + marks.firstFile! - marks.again! };
}

function dockerImage(): string | null {
  const run = spawnSync('docker', ['images', '--format', '{{.Repository}}:{{.Tag}}', 'bugmine-worker'], { encoding: 'utf8' });
  return run.status === 0 ? (run.stdout.split('\n').find((line) => line.startsWith('bugmine-worker:')) ?? null) : null;
}

export function main(args: string[]): void {
  if (!existsSync(join(dist, 'cli.js'))) throw new Error('run `npm run build` first: the benchmark runs dist/');
  const rounds = Number(option(args, '--rounds', '5'));
  const stdlib = stdlibRoot();
  const file = join(stdlib, option(args, '--file', join('logging', 'handlers.py')));
  const pythonPath = [stdlib];
  console.log(`startup: ${rounds} rounds, first file ${file}; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);

  const probes = mkdtempSync(join(tmpdir(), 'bugmine-startup-'));
  // Readable by the container's unprivileged user too.
  chmodSync(probes, 0o755);
  const before = beforeCopy();
  const dists: Record<Mode, string> = { before: join(before, 'dist'), after: dist };
  try {
    writeFileSync(join(probes, 'common.mjs'), PROBE_COMMON);
    writeFileSync(join(probes, 'job-probe.mjs'), JOB_PROBE);
    writeFileSync(join(probes, 'thread-probe.mjs'), THREAD_PROBE);
    const jobs: Record<Mode, Marks[]> = { before: [], after: [] };
    const threads: Record<Mode, Marks[]> = { before: [], after: [] };
    for (let round = 0; round < rounds; round++) {
      for (const mode of MODES) {
        jobs[mode].push(withTotals(runProbe(process.execPath, [join(probes, 'job-probe.mjs'), dists[mode], file, ...pythonPath])));
        threads[mode].push(withTotals(runProbe(process.execPath, [join(probes, 'thread-probe.mjs'), dists[mode], file, ...pythonPath])));
      }
    }
    printTable('job process (local executor; a container runs the same script)', jobs, JOB_ROWS);
    printTable('worker thread (extract-dir, pypibugs)', threads, THREAD_ROWS);

    const image = args.includes('--docker') ? dockerImage() : null;
    if (args.includes('--docker') && image === null) console.log('\ncontainer: no bugmine-worker image (this benchmark builds none); skipped');
    if (image !== null) {
      const containerStdlib = execFileSync('docker', ['run', '--rm', '--network', 'none', image, 'python3', '-c', 'import sysconfig; print(sysconfig.get_paths()["stdlib"])'], { encoding: 'utf8' }).trim();
      const containerFile = `${containerStdlib}/${option(args, '--file', 'logging/handlers.py')}`;
      const containers: Record<Mode, Marks[]> = { before: [], after: [] };
      const wallMs: Record<Mode, number[]> = { before: [], after: [] };
      for (let round = 0; round < rounds; round++) {
        for (const mode of MODES) {
          const started = performance.now();
          const marks = runProbe('docker', [
            'run', '--rm', '--network', 'none', '-v', `${dists[mode]}:/opt/bugmine/dist:ro`, '-v', `${probes}:/probes:ro`,
            image, 'node', '/probes/job-probe.mjs', '/opt/bugmine/dist', containerFile, containerStdlib,
          ]);
          wallMs[mode].push(performance.now() - started);
          containers[mode].push(withTotals(marks));
        }
      }
      printTable(`container ${image}, each dist/ mounted (CPU inside the container)`, containers, JOB_ROWS);
      console.log(`  ${'docker run to exit, wall ms'.padEnd(38)}${median(wallMs.before).toFixed(0).padStart(10)}${median(wallMs.after).toFixed(0).padStart(10)}`);
    }

    const venv = join(probes, 'venv');
    const python: Record<string, number[]> = { venv: [], paths: [], pip: [] };
    for (let round = 0; round < rounds; round++) {
      rmSync(venv, { recursive: true, force: true });
      python.venv!.push(childCpuMs('python3', ['-m', 'venv', '--without-pip', venv]));
      python.paths!.push(childCpuMs(join(venv, 'bin', 'python'), ['-I', '-c', 'import json, sysconfig; print(json.dumps(sysconfig.get_paths()))']));
      python.pip!.push(childCpuMs('python3', ['-m', 'pip', '--version']));
    }
    console.log(`\npython steps of a package job before its first file (median CPU ms, 10 ms ticks)`);
    console.log(`  python -m venv --without-pip       ${median(python.venv!).toFixed(0).padStart(6)}`);
    console.log(`  venv paths query                   ${median(python.paths!).toFixed(0).padStart(6)}`);
    console.log(`  pip start (pip --version)          ${median(python.pip!).toFixed(0).padStart(6)}   (pip install costs this and more)`);
    console.log(`\nload average at the end ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  } finally {
    rmSync(probes, { recursive: true, force: true });
    rmSync(before, { recursive: true, force: true });
  }
}
