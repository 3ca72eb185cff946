import type { Command } from 'commander';
import * as dump from './dump.js';
import * as split from './split.js';
import * as stats from './stats.js';
import * as cst from './cst.js';
import * as file from './file.js';
import * as pypibugs from './pypibugs.js';
import * as extractDir from './extract-dir.js';
import * as extract from './extract.js';
import * as image from './image.js';
import * as merge from './merge.js';
import * as mine from './mine.js';
import * as patterns from './patterns.js';
import * as dot from './dot.js';
import * as exportCommand from './export.js';
import * as transform from './transform.js';
import * as overlap from './overlap.js';
import * as manifest from './manifest.js';
import * as show from './show.js';

/** A CLI subcommand: each lives in its own module under src/commands/ and registers itself here. */
export type CommandModule = { register(program: Command): void };

/**
 * Every subcommand, in the order `bugmine --help` lists them. Add a new command by importing its
 * module and appending it.
 */
export async function loadCommands(): Promise<CommandModule[]> {
  return [dump, split, stats, cst, file, extractDir, extract, manifest, merge, image, pypibugs, mine, patterns, dot, transform, exportCommand, overlap, show];
}
