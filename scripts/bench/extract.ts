// Sample extraction (what extract-dir does per file) over python3's standard library, 1 thread: files/s, functions/s, samples/s, MB/s
//   npm run bench -- extract [--every N] [--rewrites K] [--min-kb KB]
//
// Runs the per-file extraction in this process, one file after the other (the work of one worker
// thread), over every N-th stdlib file (default 10; 1 = the whole corpus). Call resolution is warmed
// on the first files like a long-running worker. Also prints samples/s of the 10% largest files over
// the 10% smallest: near 1 when the cost of a sample follows its function, not its file. CPU time is
// printed beside wall time (steadier on a shared machine), and the slowest of the largest files per
// sample. `--min-kb` keeps only files of at least that size (to look at the large side alone).
import { statSync } from 'node:fs';
import { relative } from 'node:path';
import { pythonFilesUnder, stdlibRoot } from '../lib/stdlib.js';
import { createCallResolver } from '../../src/graph/passes/calls.js';
import { discoverPythonPath } from '../../src/graph/calls/search-path.js';
import { extractFile } from '../../src/samples/extract-file.js';
import { numberOption } from '../lib/bench-args.js';

interface FileTiming {
  path: string;
  bytes: number;
  samples: number;
  seconds: number;
  cpuSeconds: number;
}

export async function main(args: string[]): Promise<void> {
  const every = numberOption(args, '--every', 10);
  const rewrites = numberOption(args, '--rewrites', 4);
  const root = stdlibRoot();
  const minKb = numberOption(args, '--min-kb', 0);
  const files = pythonFilesUnder(root).filter((file, i) => i % every === 0 && statSync(file).size >= minKb * 1000);
  const callResolver = createCallResolver({ pythonPath: discoverPythonPath() });

  const timings: FileTiming[] = [];
  let functions = 0;
  let samples = 0;
  let bytes = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (const file of files) {
    const size = statSync(file).size;
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    const result = await extractFile({
      absolutePath: file,
      graphPath: relative(root, file),
      packageName: 'stdlib',
      packageVersion: '',
      seed: 0,
      rewrites,
      easyOperatorsOff: true,
      maxFileCpuSeconds: null,
      maxFileBytes: 2_000_000,
    }, callResolver);
    const seconds = (performance.now() - start) / 1000;
    const cpuUsed = process.cpuUsage(cpuStart);
    if (result.skipped !== null) continue;
    timings.push({ path: relative(root, file), bytes: size, samples: result.samples, seconds, cpuSeconds: (cpuUsed.user + cpuUsed.system) / 1e6 });
    functions += result.functions;
    samples += result.samples;
    bytes += size;
  }
  const wall = (performance.now() - t0) / 1000;
  const cpuUsage = process.cpuUsage(cpu0);
  const cpu = (cpuUsage.user + cpuUsage.system) / 1e6;
  const rate = (n: number, s: number) => (n / s).toFixed(1);
  console.log(`extract: ${timings.length} of ${files.length} stdlib files (every ${every}th), ${(bytes / 1e6).toFixed(2)} MB, ${functions} functions, ${samples} samples, ${rewrites} rewrites per function`);
  console.log(`  wall ${wall.toFixed(1)} s: ${rate(timings.length, wall)} files/s, ${rate(functions, wall)} functions/s, ${rate(samples, wall)} samples/s, ${(bytes / 1e6 / wall).toFixed(3)} MB/s`);
  console.log(`  cpu  ${cpu.toFixed(1)} s: ${rate(samples, cpu)} samples per CPU second`);

  const withSamples = timings.filter((t) => t.samples > 0).sort((a, b) => a.bytes - b.bytes);
  const decile = Math.max(1, Math.floor(withSamples.length / 10));
  const speed = (group: FileTiming[], time: (t: FileTiming) => number) => group.reduce((n, t) => n + t.samples, 0) / group.reduce((s, t) => s + time(t), 0);
  for (const [label, time] of [['wall', (t: FileTiming) => t.seconds], ['cpu ', (t: FileTiming) => t.cpuSeconds]] as const) {
    const small = speed(withSamples.slice(0, decile), time);
    const large = speed(withSamples.slice(-decile), time);
    console.log(`  ${label} samples/s, 10% largest files / 10% smallest: ${large.toFixed(1)} / ${small.toFixed(1)} = ${(large / small).toFixed(2)}`);
  }
  // Where to look when the ratio is low: the slowest of the largest files, per sample.
  const slowest = withSamples
    .slice(-decile)
    .sort((a, b) => a.samples / a.cpuSeconds - b.samples / b.cpuSeconds)
    .slice(0, 8);
  console.log('  slowest of the 10% largest (samples per CPU second):');
  for (const t of slowest) console.log(`    ${(t.samples / t.cpuSeconds).toFixed(0).padStart(5)}  ${t.path} (${(t.bytes / 1e3).toFixed(0)} KB, ${t.samples} samples, ${t.cpuSeconds.toFixed(2)} CPU s)`);
}
