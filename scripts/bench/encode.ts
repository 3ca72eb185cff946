// MessagePack encoding of real samples: @msgpack/msgpack's Encoder against src/io/msgpack-writer.ts, CPU ms per 1000 samples
//   npm run bench -- encode [--every N] [--rounds R]
//
// Makes the samples of every N-th stdlib file (default 20; extractor defaults), then encodes them
// per file as extract-file.ts does (one encoder per file, every sample one value, all of a file's
// samples in one buffer) with each encoder in turn, best of R rounds (default 5), and checks that
// both give the same bytes.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { Encoder } from '@msgpack/msgpack';
import { pythonFilesUnder, stdlibRoot } from '../lib/stdlib.js';
import { createCallResolver } from '../../src/graph/passes/calls.js';
import { discoverPythonPath } from '../../src/graph/calls/search-path.js';
import { decodeSource, normalizeNewlines } from '../../src/python/index.js';
import { fileSamples } from '../../src/samples/file-samples.js';
import { MessagePackWriter } from '../../src/io/msgpack-writer.js';

function option(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(name);
  return i === -1 ? fallback : Number(args[i + 1]);
}

function cpuMs(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1e3;
}

function withEncoder(samples: readonly unknown[]): Uint8Array {
  const encoder = new Encoder();
  const chunks = samples.map((s) => encoder.encode(s));
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

function withWriter(samples: readonly unknown[]): Uint8Array {
  const writer = new MessagePackWriter();
  for (const sample of samples) writer.write(sample);
  return writer.bytes();
}

export async function main(args: string[]): Promise<void> {
  const every = option(args, '--every', 20);
  const rounds = option(args, '--rounds', 5);
  const root = stdlibRoot();
  const callResolver = createCallResolver({ pythonPath: discoverPythonPath() });
  const perFile: unknown[][] = [];
  for (const file of pythonFilesUnder(root).filter((_, i) => i % every === 0)) {
    try {
      const text = normalizeNewlines(decodeSource(readFileSync(file)).text);
      const made = fileSamples(text, { path: relative(root, file), packageName: 'bench', packageVersion: '', easyOperatorsOff: true, callResolver });
      perFile.push(made.functions.flatMap((f) => f.samples));
    } catch {
      // Files that do not decode or parse give no samples in extraction either.
    }
  }
  const count = perFile.reduce((n, s) => n + s.length, 0);
  const encoders = { '@msgpack/msgpack Encoder': withEncoder, MessagePackWriter: withWriter };
  const expected = perFile.map(withEncoder);
  const bytes = expected.reduce((n, b) => n + b.length, 0);
  console.log(`encode: ${perFile.length} stdlib files (every ${every}th), ${count} samples, ${(bytes / 1e6).toFixed(1)} MB`);
  const best = new Map<string, number>();
  for (let round = 0; round < rounds; round++) {
    for (const [name, encode] of Object.entries(encoders)) {
      const start = process.cpuUsage();
      const outputs = perFile.map(encode);
      const ms = cpuMs(start);
      best.set(name, Math.min(best.get(name) ?? Infinity, ms));
      if (round === 0 && outputs.some((out, i) => Buffer.compare(out, expected[i]!) !== 0)) throw new Error(`${name} gives other bytes than @msgpack/msgpack`);
    }
  }
  for (const [name, ms] of best) console.log(`  ${name}: ${ms.toFixed(0)} CPU ms, ${((1000 * ms) / count).toFixed(1)} ms per 1000 samples, ${(bytes / 1e3 / ms).toFixed(0)} MB/s`);
}
