// Tokenizer throughput over the standard library of the machine's python3 (decode excluded):
//   npm run bench -- tokenize [rounds]
import { readFileSync } from 'node:fs';
import { decodeSource } from '../../src/python/decode.js';
import { tokenize } from '../../src/python/tokenize.js';
import { pythonFilesUnder } from '../lib/stdlib.js';

export function main(args: string[]): void {
  const rounds = Number(args[0] ?? 5);
  const sources: { text: string; bytes: number }[] = [];
  for (const file of pythonFilesUnder()) {
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
}
