/**
 * Learned bug seeding as a candidate source of the sample makers (src/samples/learned-rewrites.ts):
 * a patterns.json read once per process, its seeding index, and the proposals of seed.ts as learned
 * candidates. This module and seed.ts sit below src/samples (they import only the parser, the
 * rewrite operations and the pattern matcher), so extraction can use them.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { CstNode } from '../python/cst.js';
import { learnedCandidate, type LearnedRewrites } from './learned-rewrites.js';
import { PATTERNS_FORMAT, type PatternsFile } from '../patterns/mine.js';
import { anchorOf, checkTemplates, type SeedingIndex, seedBugs, seedingIndex, SeedingPatternsError } from '../patterns/seed.js';

export { SeedingPatternsError } from '../patterns/seed.js';

/** The learned candidates of `index`, with bugs drawn as `source` says. */
export function learnedRewrites(index: SeedingIndex, source: 'patterns' | 'both'): LearnedRewrites {
  return {
    source,
    candidates: (functionDef: CstNode, text: string, lineStarts: readonly number[]) =>
      seedBugs(functionDef, text, lineStarts, index).map((bug) => learnedCandidate(bug.op, bug.anchor, bug.pattern)),
    anchor: anchorOf,
  };
}

/** A patterns file's content parsed and checked; throws SeedingPatternsError naming `source`. */
export function parseSeedingPatterns(text: string, source: string): PatternsFile {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new SeedingPatternsError(`${source}: not JSON: ${(error as Error).message}`);
  }
  const file = value as Partial<PatternsFile> | null;
  if (file === null || typeof file !== 'object' || file.format !== PATTERNS_FORMAT || !Array.isArray(file.nodes) || !Array.isArray(file.patterns)) {
    throw new SeedingPatternsError(`${source}: not a bugmine patterns file (format "${PATTERNS_FORMAT}")`);
  }
  checkTemplates(file as PatternsFile, source);
  return file as PatternsFile;
}

export interface LoadedSeedingPatterns {
  readonly index: SeedingIndex;
  /** SHA-256 (hex) of the file's bytes: what an extraction's settings record. */
  readonly sha256: string;
}

const loaded = new Map<string, Promise<LoadedSeedingPatterns>>();

/**
 * The seeding index of the patterns file at `path`, read and checked once per process (every file
 * of an extraction shares it). When `sha256` is given the file must have that digest (the job's
 * settings name the exact file the host read).
 */
export function loadSeedingPatterns(path: string, sha256?: string): Promise<LoadedSeedingPatterns> {
  const key = `${path}\u0000${sha256 ?? ''}`;
  let found = loaded.get(key);
  if (found === undefined) {
    found = (async () => {
      let bytes: Buffer;
      try {
        bytes = await readFile(path);
      } catch (error) {
        throw new SeedingPatternsError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
      }
      const digest = createHash('sha256').update(bytes).digest('hex');
      if (sha256 !== undefined && digest !== sha256) throw new SeedingPatternsError(`${path}: SHA-256 ${digest}, not the ${sha256} the job was given`);
      return { index: seedingIndex(parseSeedingPatterns(bytes.toString('utf8'), path)), sha256: digest };
    })();
    // A failed read is not cached: the error is reported once per caller, and a fixed file is read again.
    found.catch(() => loaded.delete(key));
    loaded.set(key, found);
  }
  return found;
}
