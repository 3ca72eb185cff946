import type { Command } from 'commander';
import { UserError } from '../errors.js';
import { collectStats, type DatasetStats } from '../dataset/stats.js';
import { expandDataPaths } from '../io/files.js';
import { output } from '../output.js';

export function register(program: Command): void {
  program
    .command('stats')
    .description('count samples, bugs per kind, packages, source files, and nodes/edges per sample, streaming')
    .argument('<PATH...>', 'data files (*.msgpack.l.gz), or directories to read recursively')
    .option('--json', 'print the figures as one JSON object')
    .action(async (paths: string[], options: { json?: boolean }) => {
      const stats = await collectStats(await expandDataPaths(paths));
      for (const failure of stats.failedFiles) output.log(failure.message);
      output.result(options.json ? JSON.stringify(stats, null, 2) + '\n' : formatStats(stats));
      if (stats.failedFiles.length > 0) {
        throw new UserError(`stats: ${stats.failedFiles.length} of ${stats.dataFiles} files could not be read completely; figures cover the samples before each problem`, 1);
      }
    });
}

function formatStats(stats: DatasetStats): string {
  const number = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));
  const lines = [
    `data files       ${stats.dataFiles}`,
    `samples          ${stats.samples}`,
    `  with bug       ${stats.withBug}`,
    `  without bug    ${stats.withoutBug}`,
  ];
  if (stats.malformedSamples > 0) lines.push(`  malformed      ${stats.malformedSamples} (not a map or no graph)`);
  lines.push('bug kinds');
  const kinds = Object.entries(stats.bugKinds).sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1));
  if (kinds.length === 0) lines.push('  (none)');
  for (const [kind, count] of kinds) lines.push(`  ${kind.padEnd(34)} ${String(count).padStart(8)}`);
  lines.push(
    `packages         ${stats.packages}`,
    `source files     ${stats.sourceFiles}`,
    `nodes per sample mean ${number(stats.nodes.mean)}, max ${stats.nodes.max}`,
    `edges per sample mean ${number(stats.edges.mean)}, max ${stats.edges.max}`,
  );
  return lines.join('\n') + '\n';
}
