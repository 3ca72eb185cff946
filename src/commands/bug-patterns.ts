/**
 * `--bug-patterns FILE` and `--bug-source scouts|patterns|both` of `extract` and `extract-dir`: learned
 * bug seeding (src/patterns/seed.ts). The file is read and checked on the host before any work starts,
 * and the jobs are given its path and SHA-256, so what they read is what was checked.
 */
import { resolve } from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
import { UserError } from '../errors.js';
import { loadSeedingPatterns, SeedingPatternsError } from '../samples/seed-rewrites.js';
import { BUG_SOURCES, type BugSource } from '../samples/learned-rewrites.js';
import type { BugPatternsSetting } from '../samples/extract-file.js';
import { output } from '../output.js';

export interface BugPatternsCliOptions {
  bugPatterns?: string;
  bugSource: BugSource;
}

function bugSource(value: string): BugSource {
  if (!(BUG_SOURCES as readonly string[]).includes(value)) throw new InvalidArgumentError(`expected ${BUG_SOURCES.join(', ')}`);
  return value as BugSource;
}

export function addBugPatternOptions(command: Command): Command {
  return command
    .option('--bug-patterns <FILE>', 'patterns.json of `bugmine patterns mine`: its fix patterns run backwards propose learned bugs (LearnedPatternRewriteScout candidates)')
    .option('--bug-source <SOURCE>', 'where the bugs come from: scouts (BugLab\'s rewrites), patterns (learned ones only) or both', bugSource, 'scouts' as BugSource);
}

/** The setting the jobs get, or undefined for BugLab's scouts alone; throws UserError on a bad combination or file. */
export async function bugPatternsSetting(options: BugPatternsCliOptions): Promise<BugPatternsSetting | undefined> {
  if (options.bugSource === 'scouts') {
    if (options.bugPatterns !== undefined) throw new UserError('--bug-patterns has no effect with --bug-source scouts: give --bug-source patterns or both');
    return undefined;
  }
  if (options.bugPatterns === undefined) throw new UserError(`--bug-source ${options.bugSource} needs --bug-patterns FILE`);
  try {
    const path = resolve(options.bugPatterns);
    const { sha256, index } = await loadSeedingPatterns(path);
    if (index.size === 0) output.log(`warning: ${options.bugPatterns}: no pattern can seed bugs (none listed with an instantiable before part)`);
    return { path, sha256, source: options.bugSource };
  } catch (error) {
    if (error instanceof SeedingPatternsError) throw new UserError(error.message);
    throw error;
  }
}
