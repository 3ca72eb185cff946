#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { loadCommands } from './commands/index.js';
import { hintHelpOnUsageErrors } from './commands/usage-errors.js';
import { UserError } from './errors.js';
import { EXIT } from './exit-codes.js';
import { missingProgramOf } from './run/tools.js';
import { BUGMINE_VERSION } from './version.js';
import { output } from './output.js';

// `bugmine dump ... | head` closes stdout early: that is a normal way to stop, not a crash.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

async function main(argv: string[]): Promise<void> {
  const program = new Command();
  program
    .name('bugmine')
    .description('Build machine-learning datasets of Python bugs (BugLab-compatible).')
    .version(BUGMINE_VERSION)
    .exitOverride();
  for (const command of await loadCommands()) command.register(program);
  hintHelpOnUsageErrors(program);
  await program.parseAsync(argv);
}

main(process.argv).catch((err: unknown) => {
  if (err instanceof CommanderError) {
    // Commander exits 1 on every usage error (unknown option, bad option value, missing argument);
    // the README promises 2 for those. Help and --version are 0 and stay 0.
    process.exitCode = err.exitCode === 0 ? EXIT.ok : EXIT.usage;
    return;
  }
  if (err instanceof UserError) {
    output.log(err.message);
    process.exitCode = err.exitCode;
    return;
  }
  // A program bugmine runs is not installed: the user's problem to fix, said on one line.
  const missing = missingProgramOf(err);
  if (missing !== null) {
    output.log(`${missing} not found: install it (or put it on PATH) and run again`);
    process.exitCode = EXIT.usage;
    return;
  }
  output.log(`internal error: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
  process.exitCode = EXIT.internal;
});
