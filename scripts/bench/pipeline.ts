// bugmine extract pipeline: the local demo package index, local and Docker executors with 1 and 2 workers; packages/min, samples/s, scaling.
// Usage: npm run bench -- pipeline [--copies 4] (each demo wheel is published under `copies` names,
// so both runs have enough packages to keep 2 workers busy). Run `npm run build` first. Docker runs
// only when a daemon is reachable (the worker image is built before timing).
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildWheel, DEFAULT_DEMO_WHEELS } from '../extract-demo/local-index.js';

const root = join(import.meta.dirname, '..', '..');

function runExtract(list: string, index: string, workers: number, executor: string): { seconds: number; packages: number; samples: number } {
  const out = mkdtempSync(join(tmpdir(), 'bugmine-bench-pipeline-'));
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, [join(root, 'dist', 'cli.js'), 'extract', list, out, '--executor', executor, '--no-index', '--find-links', index, '--workers', String(workers), '--json'], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) throw new Error(`extract failed: ${result.stderr}`);
  const summary = JSON.parse(result.stdout) as { ran: number; outcomes: Record<string, { packages: number; samples: number }> };
  rmSync(out, { recursive: true, force: true });
  return { seconds, packages: summary.ran, samples: summary.outcomes['ok']!.samples };
}

function dockerReachable(): boolean {
  const result = spawnSync(process.execPath, [join(root, 'dist', 'cli.js'), 'image', 'build'], { encoding: 'utf8' });
  return result.status === 0;
}

export function main(args: string[]): void {
  const copiesAt = args.indexOf('--copies');
  const copies = copiesAt >= 0 ? Number(args[copiesAt + 1]) : 4;
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
  console.log(`pipeline: ${names.length} packages (${DEFAULT_DEMO_WHEELS.length} demo wheels x ${copies}), load average ${loadavg()[0]!.toFixed(2)}`);
  for (const executor of ['local', 'docker']) {
    if (executor === 'docker' && !dockerReachable()) {
      console.log('docker: no daemon reachable (or the image build failed); skipped');
      continue;
    }
    const one = runExtract(list, index, 1, executor);
    const two = runExtract(list, index, 2, executor);
    for (const [workers, run] of [[1, one], [2, two]] as const) {
      console.log(
        `${executor}, ${workers} worker(s): ${run.seconds.toFixed(1)} s, ${((run.packages * 60) / run.seconds).toFixed(1)} packages/min, ${(run.samples / run.seconds).toFixed(0)} samples/s`,
      );
    }
    console.log(`${executor}: scaling with 2 workers ${(one.seconds / two.seconds).toFixed(2)}x (target >= 1.6x)`);
  }
  rmSync(index, { recursive: true, force: true });
}
