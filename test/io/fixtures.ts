// Shared fixtures for the I/O, dataset and CLI tests of data files: temp dirs and raw gzip files
// built with node:zlib directly (independently of bugmine's writer).
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { constants, gunzipSync, gzipSync } from 'node:zlib';
import { encode } from '@msgpack/msgpack';
import { afterAll } from 'vitest';

/** A fresh temp directory, removed after the test file. */
export function tempDir(prefix = 'bugmine-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export function concatEncoded(values: unknown[]): Buffer {
  return Buffer.concat(values.map((v) => encode(v)));
}

/** Writes `bytes` gzip-compressed (plain zlib, not bugmine's writer). */
export function writeGzip(path: string, bytes: Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, gzipSync(bytes));
}

/** Everything a truncated gzip file still yields when decompressed as far as possible. */
export function gunzipPrefix(compressed: Uint8Array): Buffer {
  return gunzipSync(compressed, { finishFlush: constants.Z_SYNC_FLUSH });
}

/** A small valid sample with a path, a package and a marker. */
export function sample(path: string, packageName: string, marker: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    graph: { nodes: ['FunctionDef', 'Name', `x${marker}`], edges: { Child: [[0, 1, 'name']], NextToken: [[1, 2]] }, path, reference_nodes: [1], text: 'def f(): pass', code_range: [[1, 0], [1, 13]] },
    candidate_rewrites: [['ReplaceText', 'y']],
    candidate_rewrite_ranges: [[[1, 4], [1, 5]]],
    candidate_rewrite_metadata: [['VariableMisuseRewriteScout', 2]],
    target_fix_action_idx: null,
    package_name: packageName,
    package_version: '1.0',
    marker,
    ...extra,
  };
}
