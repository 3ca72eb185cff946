// bugmine extract pipeline: local and Docker executors with 1 and 2 workers; packages/min, samples/s, scaling, CPU accounting, container overhead.
// Usage: npm run bench -- pipeline [--copies 4] [--workers 1,2] [--executors local,docker,slurm] [--slurm-tasks 1,2,4] [--overhead-runs 5] [--dedup]
// Each demo wheel of the local package index is published under `copies` names, so every run has
// enough packages to keep the workers busy (run with --no-dedup unless --dedup). Run
// `npm run build` first; the Docker part runs only when a daemon is reachable (the worker image is
// built before timing).
//
// Scaling on a shared machine says little by itself, so every run also reports where the CPU went:
// bugmine's own process tree (for docker: its host side), its containers (their cgroups, polled)
// and the rest of the machine. The verdict splits the speed-up
// into the CPU the run obtained (the machine's doing) and the speed-up per CPU obtained (about 1 when
// nothing in bugmine is serial; less when jobs wait on each other). On a loaded Linux machine the
// CPU obtained does not grow with the workers as one might expect: with sched_autogroup each session
// is one scheduling entity (local jobs are detached, so each job is its own session and gains
// share), while all containers sit in Docker's one cpu cgroup and share a single entity's weight.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import { OWNER_LABEL } from '../../src/extract/docker-executor.js';
import { pinImage } from '../../src/run/image-prune.js';
import { buildWheel, DEFAULT_DEMO_WHEELS } from '../extract-demo/local-index.js';
import { slurmPipeline } from './pipeline-slurm.js';

const root = join(import.meta.dirname, '..', '..');
const cli = join(root, 'dist', 'cli.js');
const CLOCK_TICKS = 100; // USER_HZ of /proc on Linux

interface CpuSnapshot {
  /** Seconds of CPU the whole machine spent busy (all CPUs). */
  machineBusy: number;
  /** CPU seconds of this process's waited-for descendants (the extract CLI and its job processes). */
  children: number;
}

function cpuSnapshot(): CpuSnapshot {
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!.trim().split(/\s+/).slice(1).map(Number);
  const [user, nice, system, , , irq, softirq, steal] = cpu as [number, number, number, number, number, number, number, number];
  const self = readFileSync('/proc/self/stat', 'utf8');
  const fields = self.slice(self.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state); cutime and cstime are fields 16 and 17
  const children = (Number(fields[13]) + Number(fields[14])) / CLOCK_TICKS;
  return { machineBusy: (user + nice + system + irq + softirq + steal) / CLOCK_TICKS, children };
}

/** Where the cgroupfs driver keeps each container's CPU usage (cgroup v1 and v2). */
const CONTAINER_CGROUPS = [
  { dir: '/sys/fs/cgroup/cpuacct/docker', file: 'cpuacct.usage', toSeconds: (text: string) => Number(text) / 1e9 },
  { dir: '/sys/fs/cgroup/docker', file: 'cpu.stat', toSeconds: (text: string) => Number(/usage_usec (\d+)/.exec(text)?.[1]) / 1e6 },
];

/**
 * CPU seconds of the containers one extract process creates, read from their cgroups while they
 * exist (other users' containers on the same daemon are left out). Polled, so the last interval of
 * each container is missed: an underestimate by at most the interval's CPU per container.
 */
class ContainerCpu {
  private readonly cgroups = CONTAINER_CGROUPS.find((c) => existsSync(c.dir)) ?? null;
  private readonly ours = new Map<string, boolean>();
  private readonly usage = new Map<string, number>();

  constructor(
    private readonly docker: Docker,
    private readonly ownerPid: number,
  ) {}

  get available(): boolean {
    return this.cgroups !== null;
  }

  async poll(): Promise<void> {
    if (this.cgroups === null) return;
    const { dir, file, toSeconds } = this.cgroups;
    for (const id of readdirSync(dir).filter((name) => /^[0-9a-f]{64}$/.test(name))) {
      let ours = this.ours.get(id);
      if (ours === undefined) {
        const info = await this.docker.getContainer(id).inspect().catch(() => null);
        if (info === null) continue;
        ours = info.Config.Labels[OWNER_LABEL] === String(this.ownerPid);
        this.ours.set(id, ours);
      }
      if (!ours) continue;
      const text = await readFile(join(dir, id, file), 'utf8').catch(() => null);
      if (text !== null) this.usage.set(id, toSeconds(text));
    }
  }

  get seconds(): number {
    let total = 0;
    for (const value of this.usage.values()) total += value;
    return total;
  }
}

interface RunFigures {
  seconds: number;
  packages: number;
  samples: number;
  /** Mean job duration per package from the manifest (ms). */
  meanPackageMs: number;
  /** CPU seconds: bugmine's tree (local; for docker only the host side), its containers, the rest of the machine. */
  bugmineCpu: number;
  containerCpu: number | null;
  otherCpu: number;
}

const POLL_MS = 100;

async function runExtract(list: string, index: string, workers: number, executor: string, extraArgs: readonly string[]): Promise<RunFigures> {
  const out = mkdtempSync(join(tmpdir(), 'bugmine-bench-pipeline-'));
  try {
    const before = cpuSnapshot();
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [cli, 'extract', list, out, '--executor', executor, '--no-index', '--find-links', index, '--workers', String(workers), '--json', ...extraArgs], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr = (stderr + d).slice(-4000)));
    const containers = executor === 'docker' ? new ContainerCpu(new Docker(), child.pid!) : null;
    let polling = Promise.resolve();
    const poller = setInterval(() => {
      if (containers !== null) polling = polling.then(() => containers.poll());
    }, POLL_MS);
    const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
    clearInterval(poller);
    await polling;
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const after = cpuSnapshot();
    if (code !== 0) throw new Error(`extract failed: ${stderr}`);
    const summary = JSON.parse(stdout) as { ran: number; outcomes: Record<string, { packages: number; samples: number }>; entries: { durationMs: number; outcome: string }[] };
    const failed = summary.entries.filter((e) => e.outcome !== 'ok');
    if (failed.length > 0) throw new Error(`${failed.length} package(s) did not finish ok: ${JSON.stringify(failed[0])}`);
    const bugmineCpu = after.children - before.children;
    const containerCpu = containers?.available ? containers.seconds : null;
    return {
      seconds,
      packages: summary.ran,
      samples: summary.outcomes['ok']!.samples,
      meanPackageMs: summary.entries.reduce((s, e) => s + e.durationMs, 0) / Math.max(1, summary.entries.length),
      bugmineCpu,
      containerCpu,
      otherCpu: after.machineBusy - before.machineBusy - bugmineCpu - (containerCpu ?? 0),
    };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

function imageForBench(): string | null {
  const result = spawnSync(process.execPath, [cli, 'image', 'build'], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : null;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const TRIVIAL_NODE = ['node', '-e', "process.stdout.write('x')"];

/** Create, start, first byte of output, exit, removal of a container running a trivial node script (ms, medians). */
async function containerOverhead(docker: Docker, image: string, runs: number, network: string): Promise<Record<string, number>> {
  const phases: Record<string, number[]> = { create: [], start: [], firstByte: [], exit: [], remove: [], total: [] };
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const container = await docker.createContainer({ Image: image, Cmd: TRIVIAL_NODE, User: 'bugmine', HostConfig: { NanoCpus: 1e9, NetworkMode: network }, Labels: { 'org.bugmine.bench': '1' } });
    const t1 = performance.now();
    const stream = await container.attach({ stream: true, stdout: true, stderr: true });
    const firstByte = new Promise<number>((resolve) => stream.once('data', () => resolve(performance.now())));
    await container.start();
    const t2 = performance.now();
    const t3 = await firstByte;
    await container.wait();
    const t4 = performance.now();
    await container.remove({ force: true });
    const t5 = performance.now();
    phases['create']!.push(t1 - t0);
    phases['start']!.push(t2 - t1);
    phases['firstByte']!.push(t3 - t1);
    phases['exit']!.push(t4 - t1);
    phases['remove']!.push(t5 - t4);
    phases['total']!.push(t5 - t0);
  }
  return Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, median(v)]));
}

/** The same trivial node script as a local child process: spawn to first byte and to exit (ms, medians). */
async function localOverhead(runs: number): Promise<{ firstByte: number; exit: number }> {
  const firstBytes: number[] = [];
  const exits: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const child = spawn(process.execPath, TRIVIAL_NODE.slice(1), { stdio: ['ignore', 'pipe', 'ignore'] });
    const first = new Promise<number>((resolve) => child.stdout.once('data', () => resolve(performance.now())));
    const exited = new Promise<number>((resolve) => child.once('close', () => resolve(performance.now())));
    firstBytes.push((await first) - t0);
    exits.push((await exited) - t0);
  }
  return { firstByte: median(firstBytes), exit: median(exits) };
}

function autogroup(): boolean {
  return existsSync('/proc/sys/kernel/sched_autogroup_enabled') && readFileSync('/proc/sys/kernel/sched_autogroup_enabled', 'utf8').trim() === '1';
}

function option(args: string[], name: string, fallback: string): string {
  const at = args.indexOf(name);
  return at >= 0 && args[at + 1] !== undefined ? args[at + 1]! : fallback;
}

/** CPU seconds spent on the run's packages: bugmine's processes and, for docker, the containers. */
function ownCpu(run: RunFigures): number {
  return run.bugmineCpu + (run.containerCpu ?? 0);
}

/** Mean number of CPUs the run kept busy. */
function obtainedCpus(run: RunFigures): number {
  return ownCpu(run) / run.seconds;
}

function cpuLine(run: RunFigures): string {
  const parts = [`bugmine ${run.bugmineCpu.toFixed(1)}`];
  if (run.containerCpu !== null) parts.push(`containers ${run.containerCpu.toFixed(1)}`);
  parts.push(`rest of the machine ${run.otherCpu.toFixed(1)}`);
  return `CPU s: ${parts.join(', ')}`;
}

export async function main(args: string[]): Promise<void> {
  const copies = Number(option(args, '--copies', '4'));
  const workerCounts = option(args, '--workers', '1,2').split(',').map(Number);
  const executors = option(args, '--executors', 'local,docker,slurm').split(',');
  const slurmTasks = option(args, '--slurm-tasks', '1,2,4').split(',').map(Number);
  const overheadRuns = Number(option(args, '--overhead-runs', '5'));
  const cpus = availableParallelism();
  const index = mkdtempSync(join(tmpdir(), 'bugmine-bench-index-'));
  chmodSync(index, 0o755); // readable by the worker containers' user
  const names: string[] = [];
  for (let c = 0; c < copies; c++) {
    for (const wheel of DEFAULT_DEMO_WHEELS) {
      const name = `${wheel.name}-copy${c}`;
      buildWheel(index, { ...wheel, name, importName: `${wheel.importName}_copy${c}` });
      names.push(name);
    }
  }
  const list = join(index, 'packages.txt');
  writeFileSync(list, names.join('\n') + '\n');
  const help = spawnSync(process.execPath, [cli, 'extract', '--help'], { encoding: 'utf8' }).stdout;
  // The copies are near-duplicates of each other by construction: with dedup (--dedup) all but the
  // first copy's samples are dropped at commit time, which measures that main-thread work too.
  const extraArgs = !args.includes('--dedup') && help.includes('--no-dedup') ? ['--no-dedup'] : [];
  console.log(
    `pipeline: ${names.length} packages (${DEFAULT_DEMO_WHEELS.length} demo wheels x ${copies}), ${extraArgs.length > 0 ? 'no dedup' : 'dedup on'}, ${cpus} CPUs, ` +
      `load average ${loadavg()[0]!.toFixed(2)}${autogroup() ? ', sched_autogroup on (CPU is shared per session, not per process)' : ''}`,
  );
  const meanPackageMs: Record<string, number> = {};
  try {
    for (const executor of executors) {
      if (executor === 'slurm') {
        // Shards sign without dropping (--defer-dedup); the merge drops the copies across shards.
        await slurmPipeline(list, index, names.length, slurmTasks);
        continue;
      }
      let image: string | null = null;
      if (executor === 'docker') {
        image = imageForBench();
        if (image === null) {
          console.log('docker: no daemon reachable (or the image build failed); skipped');
          continue;
        }
        await pinImage(new Docker(), image); // no other bugmine's prune removes it while this runs
      }
      const runs = new Map<number, RunFigures>();
      for (const workers of workerCounts) {
        // The image built before timing, by tag: a rebuild of dist/ meanwhile must not start a build inside a timed run.
        const run = await runExtract(list, index, workers, executor, image === null ? extraArgs : [...extraArgs, '--image', image]);
        runs.set(workers, run);
        console.log(
          `${executor}, ${workers} worker(s): ${run.seconds.toFixed(1)} s, ${((run.packages * 60) / run.seconds).toFixed(1)} packages/min, ` +
            `${(run.samples / run.seconds).toFixed(0)} samples/s, ${(run.meanPackageMs / 1000).toFixed(2)} s per package job; ` +
            `${cpuLine(run)}; obtained ${obtainedCpus(run).toFixed(2)} of ${cpus} CPUs, ${(ownCpu(run) / run.packages).toFixed(2)} CPU s per package`,
        );
      }
      const one = runs.get(1);
      if (one !== undefined) meanPackageMs[executor] = one.meanPackageMs;
      for (const [workers, run] of runs) {
        if (workers === 1 || one === undefined) continue;
        const speedup = one.seconds / run.seconds;
        const cpuGain = obtainedCpus(run) / obtainedCpus(one);
        // With a CPU per worker, the speed-up would be the workers times the CPU cost ratio per package.
        const projected = (workers * ownCpu(one)) / one.packages / (ownCpu(run) / run.packages);
        console.log(
          `${executor}: scaling with ${workers} workers ${speedup.toFixed(2)}x (target >= ${(0.8 * workers).toFixed(1)}x) = ` +
            `${cpuGain.toFixed(2)}x the CPU obtained x ${(speedup / cpuGain).toFixed(2)} speed-up per CPU obtained; ` +
            `${projected.toFixed(2)}x projected with a free CPU per worker (CPU per package ${(ownCpu(one) / one.packages).toFixed(2)} s -> ${(ownCpu(run) / run.packages).toFixed(2)} s)`,
        );
      }
      if (image !== null) {
        const docker = new Docker();
        const local = await localOverhead(overheadRuns);
        // bridge is extract's default; none needs no veth pair and no address (enough for a local index)
        for (const network of ['bridge', 'none']) {
          const container = await containerOverhead(docker, image, overheadRuns, network);
          console.log(
            `docker container overhead, network ${network} (median of ${overheadRuns}, trivial node script): create ${container['create']!.toFixed(0)} ms, start ${container['start']!.toFixed(0)} ms, ` +
              `create to first byte ${container['firstByte']!.toFixed(0)} ms (local process: ${local.firstByte.toFixed(0)} ms), create to exit ${container['exit']!.toFixed(0)} ms, ` +
              `remove ${container['remove']!.toFixed(0)} ms; whole container ${container['total']!.toFixed(0)} ms vs ${local.exit.toFixed(0)} ms for the local process`,
          );
        }
      }
    }
    if (meanPackageMs['local'] !== undefined && meanPackageMs['docker'] !== undefined) {
      console.log(`docker vs local, 1 worker: ${((meanPackageMs['docker'] - meanPackageMs['local']) / 1000).toFixed(2)} s more per package job`);
    }
  } finally {
    rmSync(index, { recursive: true, force: true });
  }
}
