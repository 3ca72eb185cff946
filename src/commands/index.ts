import type { Command } from 'commander';

/** A CLI subcommand: each lives in its own module under src/commands/ and registers itself here. */
export type CommandModule = { register(program: Command): void };

/**
 * Every subcommand, in the order `bugmine --help` lists them. Add a new command by importing its
 * module and appending it.
 */
export async function loadCommands(): Promise<CommandModule[]> {
  return [];
}
