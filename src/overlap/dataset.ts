/**
 * The two kinds of data set `bugmine overlap` compares, read as the same thing: a list of functions,
 * each with the source file it belongs to and its MinHash signature (identifier and string tokens,
 * as near-duplicate detection in src/dedup uses).
 *
 * - Samples (`*.msgpack.l.gz`, a file or every one under a directory: `extract`, `extract-dir`,
 *   `pypibugs`, `split` output). A function is one (`package_name`, `graph.path`, start of `graph.code_range`):
 *   its sample without bug and its rewritten samples are one function, and its text is the first
 *   sample's `graph.text` (usually the one without bug).
 * - Fix records (`fixes.jsonl[.gz]` from `bugmine mine`, or the shared PyPIBugs corpus, also given as
 *   its directory): a function per record, its `before` text (the buggy function, the one a test set
 *   holds), its file (`repo`, `path`).
 *
 * A file's signature is the MinHash of the union of its functions' tokens (the element-wise minimum
 * of their signatures): what the data set holds of the file, not the whole file, which neither kind
 * of data set keeps.
 */
import { readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { readValueViews } from '../io/reader.js';
import { DataFileError } from '../io/errors.js';
import { arrayLength, findMapValue, headerSize, keyBytes, readIntOrNil, readStr, skipItem } from '../io/msgpack-scan.js';
import { findDataFiles, isDataFileName } from '../io/files.js';
import { fixRecordFromJson, type ReadFixRecord } from '../fixes/records.js';
import { MIN_DISTINCT_TOKENS, minhash, PERMUTATIONS } from '../dedup/minhash.js';
import { identifierAndStringTokens } from '../dedup/tokens.js';

export type DatasetKind = 'samples' | 'fix-records';

/** One function of a data set. */
export interface DatasetFunction {
  /** Identity inside the data set (see `functionKey`). */
  readonly key: string;
  /** The file it belongs to (see `fileKey`). */
  readonly file: string;
  /** `package_name` of samples, `repo` of fix records. */
  readonly package: string;
  readonly path: string;
  /** Its name (`def NAME`), or null when it cannot be told. */
  readonly name: string | null;
  /** Where it was first seen: `DATAFILE#INDEX` (0-based sample) or `FILE:LINE`. */
  readonly where: string;
  /** MinHash of its identifier and string tokens; null under `MIN_DISTINCT_TOKENS` (never compared). */
  readonly signature: Uint32Array | null;
}

export interface DatasetFile {
  readonly key: string;
  readonly package: string;
  readonly path: string;
  functions: number;
  /** MinHash of the union of its functions' tokens; null under `MIN_DISTINCT_TOKENS` of them. */
  signature: Uint32Array | null;
}

export interface Dataset {
  readonly path: string;
  readonly kind: DatasetKind;
  readonly functions: DatasetFunction[];
  readonly files: DatasetFile[];
  /** Input that could not be read: one line each, naming the file and sample or line. */
  readonly problems: string[];
}

export function fileKey(pkg: string, path: string): string {
  return `${pkg}\0${path}`;
}

export function functionKey(pkg: string, path: string, codeRange: string): string {
  return `${pkg}\0${path}\0${codeRange}`;
}

/** The name of a function from its text (`def NAME` / `async def NAME` on its first line). */
export function functionNameOf(text: string): string | null {
  return /^\s*(?:async\s+)?def\s+([^\s(]+)/.exec(text)?.[1] ?? null;
}

/** The fix-record file of `path` (a directory holding `fixes.jsonl.gz` or `fixes.jsonl`), or null. */
async function fixRecordFile(path: string): Promise<string | null> {
  const info = await stat(path).catch(() => null);
  if (info === null) return null;
  if (info.isFile()) return /\.jsonl(\.gz)?$/.test(path) ? path : null;
  for (const name of ['fixes.jsonl.gz', 'fixes.jsonl']) {
    const candidate = join(path, name);
    if ((await stat(candidate).catch(() => null))?.isFile()) return candidate;
  }
  return null;
}

/** Which kind of data set `path` is: fix records for a `.jsonl[.gz]` file or a directory with `fixes.jsonl[.gz]` and no data files. */
export async function datasetKind(path: string): Promise<{ kind: DatasetKind; files: string[] }> {
  const info = await stat(path).catch(() => null);
  if (info === null) throw new Error(`${path}: cannot read it`);
  if (info.isFile() && isDataFileName(path)) return { kind: 'samples', files: [path] };
  const dataFiles = info.isDirectory() ? (await findDataFiles(path)).map((file) => join(path, file)) : [];
  if (dataFiles.length > 0) return { kind: 'samples', files: dataFiles };
  const records = await fixRecordFile(path);
  if (records !== null) return { kind: 'fix-records', files: [records] };
  throw new Error(`${path}: neither data files (*.msgpack.l.gz) nor fix records (fixes.jsonl[.gz])`);
}

class DatasetBuilder {
  readonly functions: DatasetFunction[] = [];
  readonly files: DatasetFile[] = [];
  private readonly seenFunctions = new Set<string>();
  private readonly filesByKey = new Map<string, DatasetFile & { tokens: Set<string> | null }>();

  has(key: string): boolean {
    return this.seenFunctions.has(key);
  }

  add(fn: Omit<DatasetFunction, 'signature' | 'file'>, text: string): void {
    this.seenFunctions.add(fn.key);
    const tokens = identifierAndStringTokens(text) ?? new Set<string>();
    const all = minhash(tokens);
    const file = fileKey(fn.package, fn.path);
    this.functions.push({ ...fn, file, signature: tokens.size < MIN_DISTINCT_TOKENS ? null : all });
    let entry = this.filesByKey.get(file);
    if (entry === undefined) {
      entry = { key: file, package: fn.package, path: fn.path, functions: 0, signature: new Uint32Array(PERMUTATIONS).fill(0xffffffff), tokens: new Set() };
      this.filesByKey.set(file, entry);
      this.files.push(entry);
    }
    entry.functions++;
    const union = entry.signature!;
    for (let i = 0; i < PERMUTATIONS; i++) if (all[i]! < union[i]!) union[i] = all[i]!;
    // Only whether the union reaches the minimum matters: count distinct tokens up to it.
    if (entry.tokens !== null) {
      for (const token of tokens) {
        entry.tokens.add(token);
        if (entry.tokens.size >= MIN_DISTINCT_TOKENS) break;
      }
      if (entry.tokens.size >= MIN_DISTINCT_TOKENS) entry.tokens = null;
    }
  }

  finish(): DatasetFile[] {
    for (const entry of this.filesByKey.values()) {
      if (entry.tokens !== null) entry.signature = null;
      delete (entry as { tokens?: unknown }).tokens;
    }
    return this.files;
  }
}

const GRAPH = keyBytes('graph');
const TEXT = keyBytes('text');
const PATH = keyBytes('path');
const CODE_RANGE = keyBytes('code_range');
const PACKAGE_NAME = keyBytes('package_name');

/** What `overlap` reads of one sample, without decoding its graph; null when the sample lacks it. */
export interface SampleIdentity {
  readonly package: string;
  readonly path: string;
  readonly codeRange: string;
  readonly text: string;
}

export function sampleIdentity(view: Uint8Array): SampleIdentity | null {
  const graph = findMapValue(view, 0, GRAPH);
  if (graph < 0) return null;
  const text = readAt(view, graph, TEXT);
  const path = readAt(view, graph, PATH);
  const codeRangePos = findMapValue(view, graph, CODE_RANGE);
  const packagePos = findMapValue(view, 0, PACKAGE_NAME);
  const pkg = packagePos < 0 ? '' : (readStr(view, packagePos) ?? '');
  if (text === undefined || path === undefined || codeRangePos < 0) return null;
  const codeRange = rangeText(view, codeRangePos);
  return codeRange === null ? null : { package: pkg, path, codeRange, text };
}

function readAt(view: Uint8Array, map: number, key: Uint8Array): string | undefined {
  const pos = findMapValue(view, map, key);
  return pos < 0 ? undefined : readStr(view, pos);
}

/**
 * The start of `[[l, c], [l, c]]` as `l:c`, or null when it is not two pairs of integers. A rewrite
 * can move the end (a longer operator on the last line), never the start.
 */
function rangeText(view: Uint8Array, pos: number): string | null {
  if (arrayLength(view, pos) !== 2) return null;
  const numbers: number[] = [];
  let at = pos + headerSize(view, pos);
  for (let i = 0; i < 2; i++) {
    if (arrayLength(view, at) !== 2) return null;
    let inner = at + headerSize(view, at);
    for (let j = 0; j < 2; j++) {
      const n = readIntOrNil(view, inner);
      if (typeof n !== 'number') return null;
      numbers.push(n);
      inner = skipItem(view, inner);
    }
    at = inner;
  }
  return `${numbers[0]}:${numbers[1]}`;
}

/** Reads the data set at `path` (samples or fix records, see above). Throws only when it is neither. */
export async function readDataset(path: string): Promise<Dataset> {
  const { kind, files } = await datasetKind(path);
  const builder = new DatasetBuilder();
  const problems: string[] = [];
  if (kind === 'samples') {
    for (const file of files) {
      const name = relative(path, file) || file;
      let index = 0;
      try {
        for await (const view of readValueViews(file)) {
          const id = sampleIdentity(view);
          if (id === null) problems.push(`${file}: sample ${index}: no graph.text, graph.path or graph.code_range; left out`);
          else {
            const key = functionKey(id.package, id.path, id.codeRange);
            if (!builder.has(key)) builder.add({ key, package: id.package, path: id.path, name: functionNameOf(id.text), where: `${name}#${index}` }, id.text);
          }
          index++;
        }
      } catch (error) {
        problems.push(error instanceof DataFileError ? error.message : `${file}: sample ${index}: ${(error as Error).message}`);
      }
    }
  } else {
    const file = files[0]!;
    for (const { line, record, error } of await fixRecordLines(file)) {
      if (record === null) {
        problems.push(`${file}:${line}: ${error}`);
        continue;
      }
      const key = functionKey(record.repo, record.path, `${line}`);
      builder.add({ key, package: record.repo, path: record.path, name: record.function ?? functionNameOf(record.before), where: `${relative(path, file) || file}:${line}` }, record.before);
    }
  }
  return { path, kind, functions: builder.functions, files: builder.finish(), problems };
}

/** One line of a fix-record file: its 1-based number, its text, and its record or why it is none. */
export type FixRecordLine = { line: number; text: string } & ({ record: ReadFixRecord; error: null } | { record: null; error: string });

/** The lines of a fix-record file, each parsed once. */
export async function fixRecordLines(file: string): Promise<FixRecordLine[]> {
  const bytes = await readFile(file);
  const content = bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes).toString('utf8') : bytes.toString('utf8');
  const out: FixRecordLine[] = [];
  const lines = content.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i]!;
    if (text.trim() === '') continue;
    try {
      out.push({ line: i + 1, text, record: fixRecordFromJson(JSON.parse(text)), error: null });
    } catch (e) {
      out.push({ line: i + 1, text, record: null, error: (e as Error).message });
    }
  }
  return out;
}
