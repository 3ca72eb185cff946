/**
 * `overlap --drop-from`: a copy of one data set without its functions that overlap the other data
 * set, nor any function of its overlapping files. Samples are copied byte for byte; fix records
 * line for line. The output appears complete or not at all: a data file or a record file is written
 * under a temporary name and renamed, a directory is filled under a temporary name and renamed.
 */
import { mkdir, rename, stat } from 'node:fs/promises';
import { basename, dirname, join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { writeFileAtomic } from '../io/atomic-file.js';
import { readValueViews } from '../io/reader.js';
import { removeTree } from '../io/remove-tree.js';
import { SampleWriter } from '../io/writer.js';
import { datasetKind, fileKey, fixRecordLines, functionKey, sampleIdentity } from './dataset.js';

export interface DropSet {
  readonly functions: ReadonlySet<string>;
  readonly files: ReadonlySet<string>;
}

export interface DropSummary {
  readonly out: string;
  /** Samples or records written and left out. */
  readonly kept: number;
  readonly dropped: number;
}

/** Writes the data set at `path` without the items of `drop` to `out` (which must not exist). */
export async function writeWithout(path: string, drop: DropSet, out: string): Promise<DropSummary> {
  const { kind, files } = await datasetKind(path);
  const isDirectory = (await stat(path)).isDirectory();
  let kept = 0;
  let dropped = 0;
  if (kind === 'fix-records') {
    const lines: string[] = [];
    for (const { line, text, record } of await fixRecordLines(files[0]!)) {
      if (record !== null) {
        if (drop.functions.has(functionKey(record.repo, record.path, `${line}`)) || drop.files.has(fileKey(record.repo, record.path))) {
          dropped++;
          continue;
        }
      }
      kept++;
      lines.push(text);
    }
    const content = lines.map((line) => `${line}\n`).join('');
    await mkdir(dirname(out), { recursive: true });
    await writeFileAtomic(out, out.endsWith('.gz') ? gzipSync(content) : content);
    return { out, kept, dropped };
  }

  const copy = async (from: string, to: string): Promise<void> => {
    const writer = await SampleWriter.open(to);
    try {
      for await (const view of readValueViews(from)) {
        const id = sampleIdentity(view);
        if (id !== null && (drop.functions.has(functionKey(id.package, id.path, id.codeRange)) || drop.files.has(fileKey(id.package, id.path)))) {
          dropped++;
          continue;
        }
        await writer.writeRaw(view);
        kept++;
      }
      await writer.close();
    } catch (error) {
      await writer.abort();
      throw error;
    }
  };
  if (!isDirectory) {
    await copy(files[0]!, out);
    return { out, kept, dropped };
  }
  const temporary = join(dirname(out), `.${basename(out)}.${process.pid}.tmp`);
  await removeTree(temporary);
  try {
    for (const file of files) await copy(file, join(temporary, relative(path, file)));
    await rename(temporary, out);
  } catch (error) {
    await removeTree(temporary);
    throw error;
  }
  return { out, kept, dropped };
}
