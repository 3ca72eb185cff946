/**
 * `OUT/manifest.jsonl`: one JSON line per input line with its outcome. During a run records are
 * appended as each repository finishes (after its sample file is in place, so a record never
 * claims samples that are not on disk); at the end the file is rewritten atomically with exactly one
 * line per input line, in input order. A re-run reads it to skip what is done.
 */
import { existsSync } from 'node:fs';
import { open, readFile, rename, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { ResultOutcome } from './repository-unit.js';

export interface ManifestRecord {
  line: number;
  key: string;
  repo?: string;
  hash?: string;
  old_path?: string;
  outcome: ResultOutcome;
  verified: boolean;
  samples: number;
  /** The data file holding the line's samples, relative to OUT (ok lines only). */
  output?: string;
  function?: string;
  details?: string;
}

/** The records of an earlier run by key (the last record of a key wins); unreadable lines are ignored. */
export async function readManifest(path: string): Promise<Map<string, ManifestRecord>> {
  const records = new Map<string, ManifestRecord>();
  if (!existsSync(path)) return records;
  for (const text of (await readFile(path, 'utf8')).split('\n')) {
    if (text === '') continue;
    try {
      const record = JSON.parse(text) as ManifestRecord;
      if (typeof record.key === 'string' && typeof record.outcome === 'string') records.set(record.key, record);
    } catch {
      // A line cut short by a crash: its repository is simply done again.
    }
  }
  return records;
}

/** Appends records in the order `append` is called, whatever the caller's concurrency. */
export class ManifestAppender {
  private queue: Promise<void> = Promise.resolve();

  private constructor(private readonly handle: FileHandle) {}

  static async open(path: string): Promise<ManifestAppender> {
    return new ManifestAppender(await open(path, 'a'));
  }

  append(records: readonly ManifestRecord[]): Promise<void> {
    const text = records.map((r) => JSON.stringify(r) + '\n').join('');
    this.queue = this.queue.then(() => this.handle.appendFile(text, 'utf8'));
    return this.queue;
  }

  async close(): Promise<void> {
    await this.queue;
    await this.handle.close();
  }
}

/** Replaces the manifest with `records` (one per input line), through a temporary file and a rename. */
export async function writeManifest(path: string, records: readonly ManifestRecord[]): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  const handle = await open(temporary, 'w');
  try {
    await handle.writeFile(records.map((r) => JSON.stringify(r) + '\n').join(''), 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temporary, path);
}
