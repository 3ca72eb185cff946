/** Writing and reading patterns.json (format: docs/patterns.md). */
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { PATTERNS_FORMAT, type PatternsFile } from './mine.js';

/** Writes `file` to `target` under a temporary name, renamed when complete. */
export async function writePatternsFile(target: string, file: PatternsFile): Promise<void> {
  const temporary = `${target}.tmp-${process.pid}`;
  try {
    await writeFile(temporary, JSON.stringify(file) + '\n');
    await rename(temporary, target);
  } catch (err) {
    await rm(temporary, { force: true });
    throw err;
  }
}

export class PatternsFileError extends Error {}

export async function readPatternsFile(path: string): Promise<PatternsFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new PatternsFileError(`cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new PatternsFileError(`${path}: not JSON: ${(err as Error).message}`);
  }
  const v = value as Partial<PatternsFile> | null;
  if (v === null || typeof v !== 'object' || v.format !== PATTERNS_FORMAT || !Array.isArray(v.nodes) || !Array.isArray(v.records) || !Array.isArray(v.roots) || !Array.isArray(v.patterns)) {
    throw new PatternsFileError(`${path}: not a bugmine patterns file (format "${PATTERNS_FORMAT}")`);
  }
  return v as PatternsFile;
}
