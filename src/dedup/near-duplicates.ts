/**
 * The near-duplicate state of one output directory: the index of every file kept so far (loaded
 * from `OUT/near-duplicates.jsonl`, restricted to packages the manifest records as done) and the
 * decision for each newly committed package's files. First seen wins: a file is dropped when an
 * earlier committed file, or an earlier file of the same package (files in output order), has
 * estimated Jaccard >= 0.85 with it.
 */
import { compactSignature, NearDuplicateIndex, type IndexedFile } from './lsh-index.js';
import { IndexFileAppender, readIndexRecords, type IndexedSignature } from './index-file.js';
import type { FileSignature } from './signatures.js';

export interface DuplicateFile {
  readonly path: string;
  readonly samples: number;
  readonly functions: number;
  /** The kept file it is a near-duplicate of. */
  readonly of: IndexedFile;
}

export interface PackageVerdict {
  /** Index size before the package's files were added (for `retract`). */
  readonly indexSizeBefore: number;
  /** Files whose samples are dropped, in output order. */
  readonly duplicates: readonly DuplicateFile[];
  /** Files added to the index (persisted by `record`). */
  readonly kept: readonly IndexedSignature[];
}

export class NearDuplicates {
  private readonly index = new NearDuplicateIndex();
  private readonly appender: IndexFileAppender;

  private constructor(outDir: string) {
    this.appender = new IndexFileAppender(outDir);
  }

  /**
   * The state of `outDir`: the indexed files of every package for which `done(package)` holds, in
   * the order they were committed. Returns the packages loaded too.
   */
  static async load(outDir: string, done: (pkg: string) => boolean): Promise<{ state: NearDuplicates; packages: Set<string> }> {
    const state = new NearDuplicates(outDir);
    const packages = new Set<string>();
    for (const record of (await readIndexRecords(outDir)).values()) {
      if (!done(record.package)) continue; // that package runs again and records itself again
      packages.add(record.package);
      for (const file of record.files) state.index.add(file.signature, { package: record.package, path: file.path });
    }
    return { state, packages };
  }

  /** Files in the index. */
  get size(): number {
    return this.index.size;
  }

  /** Decides `pkg`'s files (in output order) and adds the kept ones to the index. */
  judge(pkg: string, files: readonly FileSignature[]): PackageVerdict {
    const indexSizeBefore = this.index.size;
    const duplicates: DuplicateFile[] = [];
    const kept: IndexedSignature[] = [];
    for (const file of files) {
      if (file.minhash === null) continue;
      const signature = compactSignature(file.minhash);
      const of = this.index.findDuplicate(signature);
      if (of !== null) {
        duplicates.push({ path: file.path, samples: file.samples, functions: file.functions, of });
      } else {
        this.index.add(signature, { package: pkg, path: file.path });
        kept.push({ path: file.path, signature });
      }
    }
    return { indexSizeBefore, duplicates, kept };
  }

  /** Takes the files of the last judged package out of the index again (its commit failed). */
  retract(verdict: PackageVerdict): void {
    this.index.truncate(verdict.indexSizeBefore);
  }

  /** Persists a judged package's kept files (before its manifest line is written). */
  async record(pkg: string, verdict: PackageVerdict): Promise<void> {
    await this.appender.append({ package: pkg, files: verdict.kept });
  }
}
