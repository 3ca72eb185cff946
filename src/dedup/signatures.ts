/**
 * The signatures sidecar a package job writes next to its output (`signatures.json`): for every
 * file that gave samples, in output order, its `graph.path`, how many samples and functions it
 * gave, and the MinHash of its identifier and string tokens (null under 10 distinct tokens). The
 * host decides near-duplicates from it alone, without re-reading any source file.
 */
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { array, integer, literal, nullable, object, parseChecked, string } from '../io/schema.js';
import { PERMUTATIONS } from './minhash.js';

export const SIGNATURES_FILE = 'signatures.json';

export interface FileSignature {
  /** `graph.path` of the file's samples. */
  readonly path: string;
  readonly samples: number;
  /** Functions the file gave samples for (its samples without a bug). */
  readonly functions: number;
  /** MinHash of the file's identifier and string tokens; null when it never counts as a duplicate. */
  readonly minhash: Uint32Array | null;
}

export async function saveSignatures(dir: string, entries: readonly FileSignature[]): Promise<void> {
  await writeFile(join(dir, SIGNATURES_FILE), formatSignatures(entries));
}

function formatSignatures(entries: readonly FileSignature[]): string {
  const files = entries.map(({ path, samples, functions, minhash: signature }) => ({
    path,
    samples,
    functions,
    minhash: signature === null ? null : encodeMinhash(signature),
  }));
  return JSON.stringify({ version: 1, permutations: PERMUTATIONS, files });
}

/** The largest sidecar read: about 700 bytes a file, so a package of over 300,000 files. */
export const MAX_SIGNATURES_BYTES = 256 * 1024 * 1024;
const MAX_SIGNED_FILES = 1_000_000;
const MINHASH_BASE64_LENGTH = Math.ceil((PERMUTATIONS * 4) / 3) * 4;

// A worker wrote it: every field is checked (see src/run/hand-back.ts for the rule).
const SIDECAR = object({
  version: literal(1),
  permutations: literal(PERMUTATIONS),
  files: array(
    object({
      path: string({ maxLength: 4096, pattern: /^[^\0]+$/ }),
      samples: integer({ min: 1 }),
      functions: integer(),
      minhash: nullable(string({ maxLength: MINHASH_BASE64_LENGTH, pattern: /^[A-Za-z0-9+/]*={0,2}$/ })),
    }),
    { maxLength: MAX_SIGNED_FILES },
  ),
});

/** Parses a sidecar's text, checking every field; throws on anything malformed. */
export function parseSignatures(text: string): FileSignature[] {
  const parsed = parseChecked(text, SIDECAR, MAX_SIGNATURES_BYTES);
  return parsed.files.map((file) => ({ ...file, minhash: file.minhash === null ? null : decodeMinhash(file.minhash) }));
}

/** Reads a sidecar; null when it is missing (a job that did not sign its files). */
export async function readSignatures(dir: string): Promise<FileSignature[] | null> {
  const file = join(dir, SIGNATURES_FILE);
  const info = await stat(file).catch(() => null);
  if (info === null) return null;
  if (!info.isFile() || info.size > MAX_SIGNATURES_BYTES) throw new Error(`${SIGNATURES_FILE}: not a file of at most ${MAX_SIGNATURES_BYTES} bytes`);
  try {
    return parseSignatures(await readFile(file, 'utf8'));
  } catch (error) {
    throw new Error(`${SIGNATURES_FILE}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function encodeMinhash(signature: Uint32Array): string {
  const bytes = Buffer.allocUnsafe(PERMUTATIONS * 4);
  for (let i = 0; i < PERMUTATIONS; i++) bytes.writeUInt32LE(signature[i]!, i * 4);
  return bytes.toString('base64');
}

function decodeMinhash(base64: string): Uint32Array {
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.length !== PERMUTATIONS * 4) throw new Error(`${SIGNATURES_FILE}: a signature of ${bytes.length} bytes`);
  const signature = new Uint32Array(PERMUTATIONS);
  for (let i = 0; i < PERMUTATIONS; i++) signature[i] = bytes.readUInt32LE(i * 4);
  return signature;
}
