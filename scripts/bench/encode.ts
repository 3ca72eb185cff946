// MessagePack encoding of real samples: @msgpack/msgpack's Encoder against src/io/msgpack-writer.ts, CPU ms per 1000 samples
//   npm run bench -- encode [--every N] [--rounds R]
//
// Makes the samples of every N-th stdlib file (default 20; extractor defaults), one file at a time,
// and encodes them as extract-file.ts does (one encoder per file, every sample one value, all of a
// file's samples in one buffer) with each encoder in turn (alternating which goes first); per file
// the best of R rounds (default 5), summed. Checks that both give the same bytes.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { Encoder } from '@msgpack/msgpack';
import { pythonFilesUnder, stdlibRoot } from '../lib/stdlib.js';
import { createCallResolver } from '../../src/graph/passes/calls.js';
import { discoverPythonPath } from '../../src/graph/calls/search-path.js';
import { decodeSource, normalizeNewlines } from '../../src/python/index.js';
import { fileSamples } from '../../src/samples/file-samples.js';
import { MessagePackWriter } from '../../src/io/msgpack-writer.js';
import { numberOption } from '../lib/bench-args.js';

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
  const every = numberOption(args, '--every', 20);
  const rounds = numberOption(args, '--rounds', 5);
  const root = stdlibRoot();
  const callResolver = createCallResolver({ pythonPath: discoverPythonPath() });
  const encoders = { '@msgpack/msgpack Encoder': withEncoder, MessagePackWriter: withWriter };
  const total = new Map<string, number>();
  let files = 0;
  let count = 0;
  let bytes = 0;
  for (const file of pythonFilesUnder(root).filter((_, i) => i % every === 0)) {
    let samples: unknown[];
    try {
      const text = normalizeNewlines(decodeSource(readFileSync(file)).text);
      const made = fileSamples(text, { path: relative(root, file), packageName: 'bench', packageVersion: '', easyOperatorsOff: true, callResolver });
      samples = made.functions.flatMap((f) => f.samples);
    } catch {
      continue; // Files that do not decode or parse give no samples in extraction either.
    }
    // One file's samples at a time, as in extraction (a heap of all files' samples would make
    // every major collection, whichever encoder set it off, the measure).
    const expected = withEncoder(samples);
    files++;
    count += samples.length;
    bytes += expected.length;
    const order = Object.entries(encoders);
    const best = new Map<string, number>();
    for (let round = 0; round < rounds; round++) {
      // Alternating order, so that neither pays for the other's garbage every round.
      for (const [name, encode] of round % 2 === 0 ? order : [...order].reverse()) {
        const start = process.cpuUsage();
        const out = encode(samples);
        best.set(name, Math.min(best.get(name) ?? Infinity, cpuMs(start)));
        if (Buffer.compare(out, expected) !== 0) throw new Error(`${name} gives other bytes than @msgpack/msgpack for ${file}`);
      }
    }
    for (const [name, ms] of best) total.set(name, (total.get(name) ?? 0) + ms);
  }
  console.log(`encode: ${files} stdlib files (every ${every}th), ${count} samples, ${(bytes / 1e6).toFixed(1)} MB; per file the best of ${rounds} rounds, summed`);
  for (const [name, ms] of total) console.log(`  ${name}: ${ms.toFixed(0)} CPU ms, ${((1000 * ms) / count).toFixed(1)} ms per 1000 samples, ${(bytes / 1e3 / ms).toFixed(0)} MB/s`);
}
