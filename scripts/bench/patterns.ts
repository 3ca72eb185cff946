// Pattern mining on the shared PyPIBugs fixes: concrete edits, clustering, output; time and peak memory for 1/4, 1/2, all:
//   npm run bench -- patterns [--context K]
// Each fraction runs in its own process (peak RSS is per process); the subsets take every 4th/2nd
// record so every fraction has the same mix of edit groups. CPU times are the steadier figure on a
// shared machine; ratios are against the 1/4 run.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { clusterEdits, concreteEdits, patternsFileOf } from '../../src/patterns/mine.js';
import { readFixRecords } from '../../src/fixes/records.js';

const CORPUS = join(import.meta.dirname, '..', '..', '..', 'shared', 'datasets', 'pypibugs-fixes', 'fixes.jsonl.gz');

interface Figures {
  fraction: string;
  records: number;
  nodes: number;
  editsCpu: number;
  clusterCpu: number;
  clusterWall: number;
  outputCpu: number;
  maxRssMb: number;
}

function cpuSeconds(since: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1e6;
}

async function child(stride: number, context: number): Promise<void> {
  const { records } = await readFixRecords(CORPUS);
  const some = records.filter((_, i) => i % stride === 0);
  let cpu = process.cpuUsage();
  const edits = concreteEdits(some, context, []);
  const editsCpu = cpuSeconds(cpu);
  cpu = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const dendrogram = clusterEdits(edits);
  const clusterWall = Number(process.hrtime.bigint() - t0) / 1e9;
  const clusterCpu = cpuSeconds(cpu);
  cpu = process.cpuUsage();
  const violations: string[] = [];
  const file = patternsFileOf(edits, dendrogram, context, violations);
  if (violations.length > 0) throw new Error(`self-check failed: ${violations[0]}`);
  JSON.stringify(file);
  const outputCpu = cpuSeconds(cpu);
  const figures: Figures = {
    fraction: stride === 1 ? 'all' : `1/${stride}`,
    records: some.length,
    nodes: dendrogram.nodes.length,
    editsCpu,
    clusterCpu,
    clusterWall,
    outputCpu,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  };
  console.log(JSON.stringify(figures));
}

function contextOf(args: string[]): number {
  const i = args.indexOf('--context');
  if (i < 0) return 0;
  const k = Number(args[i + 1]);
  if (!Number.isInteger(k) || k < 0) throw new Error(`--context wants a non-negative integer, not ${args[i + 1] ?? 'nothing'}`);
  return k;
}

export async function main(args: string[]): Promise<void> {
  const context = contextOf(args);
  if (args[0] === '--child') return child(Number(args[1]), context);
  const rows: Figures[] = [];
  for (const stride of [4, 2, 1]) {
    const childArgs = ['--import', 'tsx', join(import.meta.dirname, '..', 'bench.ts'), 'patterns', '--child', String(stride), '--context', String(context)];
    const run = spawnSync(process.execPath, childArgs, { encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`bench child failed: ${run.stderr}`);
    rows.push(JSON.parse(run.stdout.trim().split('\n').pop()!) as Figures);
  }
  const base = rows[0]!;
  console.log(`patterns mine --context ${context} on the shared corpus (CPU seconds of one process; ratio against 1/4)`);
  console.log('fraction  records  nodes  edits s  cluster s (wall)   output s  peak RSS MB  cluster ratio  records ratio');
  for (const r of rows) {
    console.log(
      `${r.fraction.padEnd(8)}  ${String(r.records).padStart(7)}  ${String(r.nodes).padStart(5)}  ${r.editsCpu.toFixed(2).padStart(7)}  ${r.clusterCpu.toFixed(2).padStart(9)} (${r.clusterWall.toFixed(2)})  ${r.outputCpu.toFixed(2).padStart(8)}  ${r.maxRssMb.toFixed(0).padStart(11)}  ${(r.clusterCpu / base.clusterCpu).toFixed(2).padStart(13)}  ${(r.records / base.records).toFixed(2).padStart(13)}`,
    );
  }
  const all = rows[rows.length - 1]!;
  const total = all.editsCpu + all.clusterCpu + all.outputCpu;
  console.log(`whole corpus: ${total.toFixed(1)} s CPU in all, peak RSS ${all.maxRssMb.toFixed(0)} MB (target < 60 s on one core: ${total < 60 ? 'met' : 'NOT met'})`);
}
