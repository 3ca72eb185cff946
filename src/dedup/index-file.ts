/**
 * `OUT/near-duplicates.jsonl`: the near-duplicate index of an output directory, so that a resumed
 * run keeps it. A header line names the format, then one line per committed package with the
 * compact signatures of the files it contributed (appended just before the package's manifest
 * line). Append-only rather than rewritten: rewriting the whole index after every package would
 * cost time quadratic in the number of packages. A line cut off by a crash is ignored, and the
 * next append starts on a fresh line.
 */
import { appendFile, open } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { UserError } from '../errors.js';
import { PERMUTATIONS } from './minhash.js';
import { BANDS, JACCARD_THRESHOLD } from './lsh-index.js';

export const INDEX_FILE = 'near-duplicates.jsonl';

const HEADER_LINE = JSON.stringify({ format: 'bugmine-near-duplicates', version: 1, permutations: PERMUTATIONS, bits: 16, bands: BANDS, threshold: JACCARD_THRESHOLD });

export interface IndexedSignature {
  readonly path: string;
  /** Compact signature (low 16 bits of each MinHash value). */
  readonly signature: Uint16Array;
}

export interface IndexRecord {
  readonly package: string;
  readonly files: readonly IndexedSignature[];
}

/**
 * The last record of every package, ordered by the position of that last record. Throws a
 * `UserError` when the file was written by an incompatible version.
 */
export async function readIndexRecords(outDir: string): Promise<Map<string, IndexRecord>> {
  const records = new Map<string, IndexRecord>();
  const file = join(outDir, INDEX_FILE);
  const handle = await open(file, 'r').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });
  if (handle === null) return records;
  // Line by line: the index of a large run is far larger than the longest string V8 can hold.
  const lines = createInterface({ input: handle.createReadStream({ encoding: 'utf8' }), crlfDelay: Infinity });
  let first = true;
  try {
    for await (const line of lines) {
      if (first) {
        first = false;
        // A prefix of the header: the very first write was cut off (the next append starts over).
        if (line !== HEADER_LINE && !HEADER_LINE.startsWith(line)) {
          throw new UserError(`${file}: not a near-duplicate index of this bugmine version (first line ${JSON.stringify(line.slice(0, 120))}); use a new OUT or --no-dedup`);
        }
        continue;
      }
      const record = parseRecord(line);
      if (record === null) continue;
      // The latest record counts, at its own position.
      records.delete(record.package);
      records.set(record.package, record);
    }
  } finally {
    lines.close();
    await handle.close();
  }
  return records;
}

function parseRecord(line: string): IndexRecord | null {
  if (line === '') return null;
  let value: { package?: unknown; files?: unknown };
  try {
    value = JSON.parse(line) as typeof value;
  } catch {
    return null; // cut off by a crash
  }
  if (typeof value.package !== 'string' || !Array.isArray(value.files)) return null;
  const files: IndexedSignature[] = [];
  for (const entry of value.files as unknown[]) {
    if (!Array.isArray(entry) || typeof entry[0] !== 'string' || typeof entry[1] !== 'string') return null;
    const bytes = Buffer.from(entry[1], 'base64');
    if (bytes.length !== PERMUTATIONS * 2) return null;
    const signature = new Uint16Array(PERMUTATIONS);
    for (let k = 0; k < PERMUTATIONS; k++) signature[k] = bytes.readUInt16LE(k * 2);
    files.push({ path: entry[0], signature });
  }
  return { package: value.package, files };
}

function formatRecord(record: IndexRecord): string {
  const files = record.files.map(({ path, signature }) => {
    const bytes = Buffer.allocUnsafe(PERMUTATIONS * 2);
    for (let k = 0; k < PERMUTATIONS; k++) bytes.writeUInt16LE(signature[k]!, k * 2);
    return [path, bytes.toString('base64')];
  });
  return JSON.stringify({ package: record.package, files });
}

/** Appends records to an output directory's index file (creating it with its header). */
export class IndexFileAppender {
  private prepared = false;

  constructor(private readonly outDir: string) {}

  async append(record: IndexRecord): Promise<void> {
    const file = join(this.outDir, INDEX_FILE);
    let prefix = '';
    if (!this.prepared) {
      prefix = await lineStartPrefix(file);
      this.prepared = true;
    }
    await appendFile(file, prefix + formatRecord(record) + '\n');
  }
}

/**
 * What to write before the first new line: the header for a new file (or one whose very first
 * write was cut off inside the header, which is then started again), a newline after a cut-off line.
 */
async function lineStartPrefix(file: string): Promise<string> {
  const handle = await open(file, 'r+').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });
  if (handle === null) return HEADER_LINE + '\n';
  try {
    const { size } = await handle.stat();
    if (size <= HEADER_LINE.length) {
      const head = Buffer.alloc(size);
      await handle.read(head, 0, size, 0);
      if (HEADER_LINE.startsWith(head.toString('utf8'))) {
        await handle.truncate(0);
        return HEADER_LINE + '\n';
      }
    }
    const last = Buffer.alloc(1);
    await handle.read(last, 0, 1, size - 1);
    return last[0] === 0x0a ? '' : '\n';
  } finally {
    await handle.close();
  }
}
