// Tokenizer throughput over the standard library of the machine's python3 (decode excluded):
//   npm run bench -- tokenize      (or: node --import tsx scripts/bench/tokenize.ts [rounds])
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeSource } from '../../src/python/decode.js';
import { tokenize } from '../../src/python/tokenize.js';

function stdlibFiles(): string[] {
  const root = execFileSync('python3', ['-c', 'import sysconfig; print(sysconfig.get_paths()["stdlib"])'], { encoding: 'utf8' }).trim();
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (entry.name !== 'site-packages') walk(join(dir, entry.name));
      } else if (entry.name.endsWith('.py')) files.push(join(dir, entry.name));
    }
  };
  walk(root);
  return files.sort();
}

const rounds = Number(process.argv[2] ?? 5);
const sources: { text: string; bytes: number }[] = [];
for (const file of stdlibFiles()) {
  const bytes = readFileSync(file);
  try {
    sources.push({ text: decodeSource(bytes).text, bytes: bytes.length });
  } catch {
    // undecodable test data: not part of the measurement
  }
}
const totalBytes = sources.reduce((sum, s) => sum + s.bytes, 0);
let tokens = 0;
let best = Infinity;
let bestCpu = Infinity;
for (let round = 0; round < rounds; round++) {
  tokens = 0;
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  for (const { text } of sources) {
    try {
      tokens += tokenize(text).length;
    } catch {
      // files tokenize rejects (also rejected by Python) still count: the work was done
    }
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  best = Math.min(best, seconds);
  // CPU time of this process (includes GC threads): steadier than wall time on a shared machine.
  bestCpu = Math.min(bestCpu, (cpu.user + cpu.system) / 1e6);
}
const mb = totalBytes / 1e6;
console.log(`tokenize: ${sources.length} files, ${mb.toFixed(1)} MB, ${tokens} tokens`);
console.log(`best of ${rounds} rounds: ${best.toFixed(3)} s = ${(mb / best).toFixed(1)} MB/s, ${(tokens / best / 1e6).toFixed(2)} M tokens/s`);
console.log(`CPU time (best round): ${bestCpu.toFixed(3)} s = ${(mb / bestCpu).toFixed(1)} MB/s`);
