/**
 * Parquet export: one row per sample, a column per field of the sample format. Scalar fields are
 * typed columns, `nodes` and `reference_nodes` are Parquet lists, and the nested fields (edges,
 * ranges, candidates, other keys) are JSON columns (Parquet's JSON logical type). Rows are written
 * in row groups as they come (hyparquet-writer's incremental writer), under a temporary name.
 */
import { rename, rm, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { ParquetWriter, fileWriter, type SchemaElement } from 'hyparquet-writer';
import { sampleToJson } from '../dataset/json.js';
import { temporaryNameFor } from '../io/atomic-file.js';
import type { ExportFormat, PartWriter } from './format.js';
import { bugKind, type Sample } from './sample.js';

/** Rows per row group, and the text size that closes a row group early (memory stays bounded). */
const ROW_GROUP_ROWS = 1000;
const ROW_GROUP_CHARS = 32 << 20;

type Column = { name: string; element: SchemaElement[]; value: (sample: Sample) => unknown };

const string = (name: string, optional = false): SchemaElement[] => [
  { name, type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: optional ? 'OPTIONAL' : 'REQUIRED' },
];
const json = (name: string): SchemaElement[] => [{ name, type: 'BYTE_ARRAY', converted_type: 'JSON', repetition_type: 'REQUIRED' }];
const list = (name: string, element: SchemaElement): SchemaElement[] => [
  { name, repetition_type: 'REQUIRED', converted_type: 'LIST', num_children: 1 },
  { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
  { ...element, name: 'element', repetition_type: 'REQUIRED' },
];

/** The columns, in file order. `bug_kind` is derived (the scout of the target candidate); the rest is the sample. */
export const PARQUET_COLUMNS: readonly Column[] = [
  { name: 'path', element: string('path'), value: (s) => s.graph.path },
  { name: 'package_name', element: string('package_name', true), value: (s) => s.package_name },
  { name: 'package_version', element: string('package_version', true), value: (s) => s.package_version },
  { name: 'text', element: string('text'), value: (s) => s.graph.text },
  { name: 'code_range', element: json('code_range'), value: (s) => s.graph.code_range },
  { name: 'nodes', element: list('nodes', { name: '', type: 'BYTE_ARRAY', converted_type: 'UTF8' }), value: (s) => s.graph.nodes },
  { name: 'edges', element: json('edges'), value: (s) => s.graph.edges },
  { name: 'reference_nodes', element: list('reference_nodes', { name: '', type: 'INT32' }), value: (s) => s.graph.reference_nodes },
  { name: 'candidate_rewrites', element: json('candidate_rewrites'), value: (s) => JSON.parse(sampleToJson(s.candidate_rewrites)) },
  { name: 'candidate_rewrite_ranges', element: json('candidate_rewrite_ranges'), value: (s) => s.candidate_rewrite_ranges },
  { name: 'candidate_rewrite_metadata', element: json('candidate_rewrite_metadata'), value: (s) => s.candidate_rewrite_metadata },
  { name: 'target_fix_action_idx', element: [{ name: 'target_fix_action_idx', type: 'INT32', repetition_type: 'OPTIONAL' }], value: (s) => s.target_fix_action_idx },
  { name: 'bug_kind', element: string('bug_kind', true), value: (s) => bugKind(s) },
  { name: 'extra', element: json('extra'), value: (s) => JSON.parse(sampleToJson(s.extra)) },
];

const SCHEMA: SchemaElement[] = [{ name: 'root', num_children: PARQUET_COLUMNS.length }, ...PARQUET_COLUMNS.flatMap((c) => c.element)];

/** Writes a Parquet file of samples at `target` (atomically). */
export async function openParquetFile(target: string): Promise<{ write(sample: Sample): Promise<void>; close(): Promise<void>; abort(): Promise<void> }> {
  await mkdir(dirname(target), { recursive: true });
  const temporary = temporaryNameFor(target);
  const writer = new ParquetWriter({ writer: fileWriter(temporary), schema: SCHEMA, createdBy: 'bugmine export' });
  let columns: unknown[][] = PARQUET_COLUMNS.map(() => []);
  let rows = 0;
  let chars = 0;
  const flush = async () => {
    if (rows === 0) return;
    const columnData = PARQUET_COLUMNS.map((c, i) => ({ name: c.name, data: columns[i]! }));
    columns = PARQUET_COLUMNS.map(() => []);
    await writer.write({ columnData: columnData as never, rowGroupSize: rows });
    rows = 0;
    chars = 0;
  };
  return {
    async write(sample) {
      PARQUET_COLUMNS.forEach((c, i) => {
        columns[i]!.push(c.value(sample));
      });
      rows++;
      chars += sample.graph.text.length + sample.graph.nodes.length * 8;
      if (rows >= ROW_GROUP_ROWS || chars >= ROW_GROUP_CHARS) await flush();
    },
    async close() {
      try {
        await flush();
        await writer.finish();
        await rename(temporary, target);
      } catch (err) {
        await rm(temporary, { force: true });
        throw err;
      }
    },
    async abort() {
      await rm(temporary, { force: true });
    },
  };
}

/** The writer of one part as a Parquet file at `file` (relative to `outDir`). */
export async function parquetPart(outDir: string, file: string): Promise<PartWriter> {
  const out = await openParquetFile(join(outDir, file));
  return {
    file,
    async write(_raw, sample) {
      await out.write(sample);
      return undefined;
    },
    close: () => out.close(),
    abort: () => out.abort(),
  };
}

export const parquetFormat: ExportFormat = {
  name: 'parquet',
  open: (outDir, part) => parquetPart(outDir, `${part}.parquet`),
};
