/**
 * Reading fix records: gzip (or plain) JSON Lines as `bugmine mine` writes `fixes.jsonl.gz` and as the
 * shared PyPIBugs corpus stores them. A malformed line is reported with its file and line number and
 * skipped; the rest is read.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';

export interface FixRecord {
  /** Stable identity: `repo@hash12:path:line` (line of the function's first line in the buggy file). */
  readonly id: string;
  readonly repo: string;
  readonly hash: string;
  readonly path: string;
  readonly function: string | null;
  readonly scout: string | null;
  readonly before: string;
  /** Column of the function's first character in its file (its text's first line has no indentation). */
  readonly beforeColumn: number;
  readonly beforeLine: number;
  readonly after: string;
  readonly afterColumn: number;
  readonly afterLine: number;
  /** Where it was read: `FILE:LINE`. */
  readonly source: string;
}

export interface ReadResult {
  readonly records: FixRecord[];
  /** One-line messages naming file and line. */
  readonly errors: string[];
}

type Range = [[number, number], [number, number]];

function isRange(value: unknown): value is Range {
  if (!Array.isArray(value) || value.length !== 2) return false;
  return value.every((p) => Array.isArray(p) && p.length === 2 && p.every((n) => Number.isInteger(n) && n >= 0));
}

/** A record from one parsed JSON value, or the reason it is not one. */
export function recordOf(value: unknown, source: string): FixRecord | string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not a JSON object';
  const v = value as Record<string, unknown>;
  for (const key of ['repo', 'hash', 'before', 'after'] as const) {
    if (typeof v[key] !== 'string') return `missing or non-string "${key}"`;
  }
  const path = typeof v['path'] === 'string' ? v['path'] : v['old_path'];
  if (typeof path !== 'string') return 'missing "path"/"old_path"';
  if (!isRange(v['before_range'])) return 'missing or malformed "before_range"';
  if (!isRange(v['after_range'])) return 'missing or malformed "after_range"';
  const before = v['before_range'] as Range;
  const after = v['after_range'] as Range;
  const repo = v['repo'] as string;
  const hash = v['hash'] as string;
  return {
    id: `${repo}@${hash.slice(0, 12)}:${path}:${before[0][0]}`,
    repo,
    hash,
    path,
    function: typeof v['function'] === 'string' ? v['function'] : null,
    scout: typeof v['scout'] === 'string' ? v['scout'] : null,
    before: v['before'] as string,
    beforeLine: before[0][0],
    beforeColumn: before[0][1],
    after: v['after'] as string,
    afterLine: after[0][0],
    afterColumn: after[0][1],
    source,
  };
}

async function isGzip(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const { bytesRead, buffer } = await handle.read(Buffer.alloc(2), 0, 2, 0);
    return bytesRead === 2 && buffer[0] === 0x1f && buffer[1] === 0x8b;
  } finally {
    await handle.close();
  }
}

/** Reads every record of `file` (gzip detected by its magic bytes). Throws only if the file cannot be read. */
export async function readFixRecords(file: string): Promise<ReadResult> {
  const gzip = await isGzip(file);
  let stream: Readable = createReadStream(file);
  if (gzip) stream = stream.pipe(createGunzip());
  const records: FixRecord[] = [];
  const errors: string[] = [];
  let lineNo = 0;
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  const failed = new Promise<never>((_, reject) => stream.on('error', reject));
  const reading = (async () => {
    for await (const line of lines) {
      lineNo++;
      if (line.trim() === '') continue;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch (err) {
        errors.push(`${file}:${lineNo}: malformed JSON: ${(err as Error).message}`);
        continue;
      }
      const record = recordOf(value, `${file}:${lineNo}`);
      if (typeof record === 'string') errors.push(`${file}:${lineNo}: not a fix record: ${record}`);
      else records.push(record);
    }
  })();
  try {
    await Promise.race([reading, failed]);
  } catch (err) {
    errors.push(`${file}:${lineNo + 1}: ${gzip ? 'corrupt gzip data' : 'read error'}: ${(err as Error).message}`);
  }
  return { records, errors };
}
