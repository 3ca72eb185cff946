import type { Command } from 'commander';
import { join } from 'node:path';
import { UserError } from '../errors.js';
import { runExitCode } from '../exit-codes.js';
import { MANIFEST_FILE } from '../extract/manifest.js';
import { readManifestLines } from '../extract/manifest-lines.js';
import { failuresOf, formatFailures, formatTotals, totalsOf } from '../extract/outcome-table.js';

interface ManifestCliOptions {
  failed?: boolean;
  json?: boolean;
}

export function register(program: Command): void {
  program
    .command('manifest')
    .description('the outcome table of an extract OUT again, from OUT/manifest.jsonl (the last line of each package counts): packages and samples by outcome, then the failed packages with one-line reasons')
    .argument('<OUT>', 'output directory of bugmine extract (or merge)')
    .option('--failed', 'only the failed packages with their reasons')
    .option('--json', 'print the table as JSON on stdout')
    .action(async (out: string, options: ManifestCliOptions) => {
      const file = join(out, MANIFEST_FILE);
      const read = await readManifestLines(out).catch((error: NodeJS.ErrnoException) => {
        throw new UserError(error.code === 'ENOENT' ? `${file}: no manifest (is ${out} the OUT of bugmine extract?)` : `cannot read ${file}: ${error.code ?? error.message}`);
      });
      for (const bad of read.malformed) process.stderr.write(`bugmine: ${file}:${bad.line}: ${bad.reason}; line skipped\n`);
      const failed = failuresOf(read.entries);
      const totals = totalsOf(read.entries);
      if (options.json) {
        const malformed = read.malformed.map((bad) => ({ file, ...bad }));
        const body = options.failed ? { failed, malformed } : { packages: read.entries.length, ...totals, failed, malformed };
        process.stdout.write(JSON.stringify(body) + '\n');
      } else {
        process.stdout.write(options.failed ? formatFailures(failed) : formatTotals(totals) + formatFailures(failed));
      }
      process.exitCode = runExitCode({ invalidInput: read.malformed.length, failed: failed.length });
    });
}
