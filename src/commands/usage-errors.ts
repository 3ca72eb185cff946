/**
 * What a usage error (unknown option, missing argument, bad option value) prints: commander's one
 * line, then one line pointing at the help of the command it came from, never the whole help text.
 * Set on every command and subcommand at once, after they are all registered.
 */
import type { Command } from 'commander';

function fullName(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c !== null; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

export function hintHelpOnUsageErrors(program: Command): void {
  const visit = (command: Command): void => {
    command.showHelpAfterError(`(run \`${fullName(command)} --help\` for usage)`);
    for (const sub of command.commands) visit(sub);
  };
  visit(program);
}
