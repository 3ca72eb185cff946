// Split throughput against `gzip -dc F | gzip -6 > /dev/null` over the same files, in the same run.
// Both have to decompress and recompress every byte, so the ratio shows how much split adds on top
// of the compression work. Usage: npm run bench -- split [--mb 256] [--files 32] [--rounds 2] [--keep]
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { encode } from '@msgpack/msgpack';
import pLimit from 'p-limit';
import { splitDataset } from '../../src/dataset/split.js';
import { SampleWriter } from '../../src/io/writer.js';
import { packageSamples, seededRng } from '../lib/synthetic-samples.js';

interface Options {
  mb: number;
  files: number;
  rounds: number;
  keep: boolean;
}

function parseArgs(args: string[]): Options {
  const options: Options = { mb: 256, files: 32, rounds: 2, keep: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--keep') options.keep = true;
    else if (arg === '--mb' || arg === '--files' || arg === '--rounds') {
      const value = Number(args[++i]);
      if (!Number.isInteger(value) || value <= 0) throw new Error(`${arg} needs a positive integer`);
      options[arg.slice(2) as 'mb' | 'files' | 'rounds'] = value;
    } else throw new Error(`unknown argument ${arg}`);
  }
  return options;
}

/** Writes `files` data files of synthetic packages until `targetBytes` of MessagePack are written. */
async function generate(dir: string, files: number, targetBytes: number): Promise<{ paths: string[]; bytes: number; samples: number }> {
  const perFile = targetBytes / files;
  const paths: string[] = [];
  let bytes = 0;
  let samples = 0;
  for (let f = 0; f < files; f++) {
    const packageName = `synthetic-pkg-${f}`;
    const path = join(dir, 'in', `graphs-${packageName}.msgpack.l.gz`);
    const writer = await SampleWriter.open(path);
    let fileBytes = 0;
    const source = packageSamples(seededRng(f + 1), {
      packageName,
      packageVersion: '1.0.0',
      files: Array.from({ length: 1000 }, (_, i) => `${packageName.replaceAll('-', '_')}/module_${i}.py`),
      functionsPerFile: 2,
      bugsPerFunction: 4,
      nodeCount: { min: 800, max: 5000 },
    });
    for (const sample of source) {
      const encoded = encode(sample);
      await writer.writeRaw(encoded);
      fileBytes += encoded.length;
      samples++;
      if (fileBytes >= perFile) break;
    }
    await writer.close();
    bytes += fileBytes;
    paths.push(path);
  }
  return { paths, bytes, samples };
}

/**
 * `gzip -dc FILE | gzip -6 > /dev/null` for every file, as many pipelines at a time as split runs
 * files at a time (so both get the same number of CPUs), without a shell.
 */
async function gzipBaseline(paths: string[], concurrency: number): Promise<void> {
  const limit = pLimit(concurrency);
  await Promise.all(paths.map((path) => limit(() => gzipPipeline(path))));
}

function gzipPipeline(path: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const decompress = spawn('gzip', ['-dc', path], { stdio: ['ignore', 'pipe', 'inherit'] });
    const compress = spawn('gzip', ['-6'], { stdio: ['pipe', 'ignore', 'inherit'] });
    decompress.stdout.pipe(compress.stdin);
    let pending = 2;
    const done = (what: string) => (code: number | null) => {
      if (code !== 0) reject(new Error(`${what} exited with ${code}`));
      else if (--pending === 0) resolve();
    };
    decompress.on('close', done('gzip -dc'));
    compress.on('close', done('gzip -6'));
    decompress.on('error', reject);
    compress.on('error', reject);
  });
}

interface Timing {
  seconds: number;
  /** CPU seconds (user + system) of this process and of the child processes it waited for. */
  cpuSeconds: number | undefined;
}

const clockTicks = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
  } catch {
    return undefined;
  }
})();

/** CPU seconds of waited-for children (Linux: /proc/self/stat cutime + cstime), else undefined. */
function childCpuSeconds(): number | undefined {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(')').at(-1)!.trim().split(' ');
    return clockTicks ? (Number(fields[13]) + Number(fields[14])) / clockTicks : undefined;
  } catch {
    return undefined;
  }
}

function ownCpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

/** Wall time and CPU time (own plus children's) of `run`: CPU time is what a loaded machine does not distort. */
async function timed(run: () => Promise<unknown>): Promise<Timing> {
  const start = process.hrtime.bigint();
  const ownBefore = ownCpuSeconds();
  const childrenBefore = childCpuSeconds();
  await run();
  const childrenAfter = childCpuSeconds();
  const children = childrenBefore === undefined || childrenAfter === undefined ? undefined : childrenAfter - childrenBefore;
  return {
    seconds: Number(process.hrtime.bigint() - start) / 1e9,
    cpuSeconds: children === undefined ? undefined : ownCpuSeconds() - ownBefore + children,
  };
}

const cpu = (t: Timing) => (t.cpuSeconds === undefined ? 'n/a' : `${t.cpuSeconds.toFixed(1)} CPU s`);

export async function main(args: string[]): Promise<void> {
  const options = parseArgs(args);
  const dir = await mkdtemp(join(tmpdir(), 'bugmine-bench-split-'));
  try {
    console.log(`generating ${options.mb} MB of samples in ${options.files} files under ${dir} ...`);
    const started = Date.now();
    const data = await generate(dir, options.files, options.mb * 1024 * 1024);
    let compressed = 0;
    for (const path of data.paths) compressed += (await stat(path)).size;
    const mb = data.bytes / 1024 / 1024;
    console.log(
      `data: ${data.samples} samples, ${mb.toFixed(1)} MB MessagePack, ${(compressed / 1024 / 1024).toFixed(1)} MB gzipped, ` +
        `${(data.bytes / data.samples / 1024).toFixed(0)} KB per sample (generated in ${((Date.now() - started) / 1000).toFixed(1)} s)`,
    );
    const concurrency = availableParallelism();
    console.log(`split and the gzip baseline both run ${concurrency} files at a time; machine load average ${loadavg()[0]!.toFixed(1)}`);

    let bestSplit: Timing | undefined;
    let bestGzip: Timing | undefined;
    for (let round = 1; round <= options.rounds; round++) {
      const gzip = await timed(() => gzipBaseline(data.paths, concurrency));
      const out = join(dir, `out-${round}`);
      const split = await timed(() => splitDataset(join(dir, 'in'), out, { concurrency }));
      await rm(out, { recursive: true, force: true });
      console.log(
        `round ${round}: split ${(mb / split.seconds).toFixed(1)} MB/s (${split.seconds.toFixed(2)} s, ${cpu(split)}), ` +
          `gzip -dc | gzip -6 ${(mb / gzip.seconds).toFixed(1)} MB/s (${gzip.seconds.toFixed(2)} s, ${cpu(gzip)})`,
      );
      if (!bestSplit || split.seconds < bestSplit.seconds) bestSplit = split;
      if (!bestGzip || gzip.seconds < bestGzip.seconds) bestGzip = gzip;
    }
    const splitRate = mb / bestSplit!.seconds;
    const gzipRate = mb / bestGzip!.seconds;
    console.log(`best: split ${splitRate.toFixed(1)} MB/s, gzip -dc | gzip -6 ${gzipRate.toFixed(1)} MB/s, ratio ${(splitRate / gzipRate).toFixed(2)} (target >= 0.5)`);
    if (bestSplit!.cpuSeconds !== undefined && bestGzip!.cpuSeconds !== undefined) {
      console.log(`CPU time per MB: split ${(bestSplit!.cpuSeconds / mb).toFixed(3)} s, gzip ${(bestGzip!.cpuSeconds / mb).toFixed(3)} s, ratio ${(bestGzip!.cpuSeconds / bestSplit!.cpuSeconds).toFixed(2)} (load-independent)`);
    }
  } finally {
    if (options.keep) console.log(`kept ${dir}`);
    else await rm(dir, { recursive: true, force: true });
  }
}
