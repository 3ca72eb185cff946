/**
 * The signatures sidecar a package job writes next to its output (`signatures.json`): for every
 * file that gave samples, in output order, its `graph.path`, how many samples and functions it
 * gave, and the MinHash of its identifier and string tokens (null under 10 distinct tokens). The
 * host decides near-duplicates from it alone, without re-reading any source file.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
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

/** Reads a sidecar; null when it is missing (a job that did not sign its files). */
export async function readSignatures(dir: string): Promise<FileSignature[] | null> {
  const text = await readFile(join(dir, SIGNATURES_FILE), 'utf8').catch(() => null);
  if (text === null) return null;
  const parsed = JSON.parse(text) as { version: number; permutations: number; files: { path: string; samples: number; functions: number; minhash: string | null }[] };
  if (parsed.version !== 1 || parsed.permutations !== PERMUTATIONS) throw new Error(`${SIGNATURES_FILE}: unsupported version ${parsed.version}`);
  return parsed.files.map((file) => ({ ...file, minhash: file.minhash === null ? null : decodeMinhash(file.minhash) }));
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
