/**
 * Worker side of near-duplicate detection: after a package's extraction, the sample and function
 * count of each file in its output (read back without decoding) and the MinHash of each such
 * file's identifier and string tokens, saved as the signatures sidecar.
 */
import { readFile } from 'node:fs/promises';
import { readValueViews } from '../io/reader.js';
import { peekRouting } from '../io/peek.js';
import { findMapValue, keyBytes, readIntOrNil } from '../io/msgpack-scan.js';
import { decodeSource } from '../python/decode.js';
import { normalizeNewlines } from '../python/decode.js';
import { MIN_DISTINCT_TOKENS, minhash } from './minhash.js';
import { saveSignatures, type FileSignature } from './signatures.js';
import { identifierAndStringTokens } from './tokens.js';

const TARGET_FIX_ACTION_IDX = keyBytes('target_fix_action_idx');

/** Files of an output data file with their sample and function counts, in the order their samples appear. */
export async function samplesPerFile(dataFile: string): Promise<{ path: string; samples: number; functions: number }[]> {
  const files: { path: string; samples: number; functions: number }[] = [];
  let current: { path: string; samples: number; functions: number } | undefined;
  for await (const view of readValueViews(dataFile)) {
    const path = peekRouting(view).path ?? '';
    if (current?.path !== path) {
      current = { path, samples: 0, functions: 0 };
      files.push(current);
    }
    current.samples++;
    const target = findMapValue(view, 0, TARGET_FIX_ACTION_IDX);
    if (target >= 0 && readIntOrNil(view, target) === null) current.functions++;
  }
  return files;
}

/** The signature of one source file's bytes, or null when it never counts as a duplicate. */
export function sourceSignature(bytes: Uint8Array): Uint32Array | null {
  let text: string;
  try {
    text = normalizeNewlines(decodeSource(bytes).text);
  } catch {
    return null;
  }
  const tokens = identifierAndStringTokens(text);
  return tokens === null || tokens.size < MIN_DISTINCT_TOKENS ? null : minhash(tokens);
}

/**
 * Signs the files that gave samples in `dataFile`; `sourceOf(path)` is where the file with that
 * `graph.path` is. Writes the sidecar into `dir` and returns its entries.
 */
export async function writeSignatures(dir: string, dataFile: string | null, sourceOf: (graphPath: string) => string): Promise<FileSignature[]> {
  const entries: FileSignature[] = [];
  if (dataFile !== null) {
    for (const file of await samplesPerFile(dataFile)) {
      const bytes = await readFile(sourceOf(file.path)).catch(() => null);
      entries.push({ ...file, minhash: bytes === null ? null : sourceSignature(bytes) });
    }
  }
  await saveSignatures(dir, entries);
  return entries;
}

