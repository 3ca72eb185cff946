import type { Command } from 'commander';
import { mergeShards } from '../extract/merge.js';
import { isMineShard, mergeMineShards } from '../mine/merge.js';
import { output } from '../output.js';
import { jsonOption } from './options.js';

const MISSING_SHOWN = 10;

export function register(program: Command): void {
  program
    .command('merge')
    .description(
      'one data set from the OUTs of bugmine extract --shard i/N --defer-dedup: drops near-duplicate files across all shards in ' +
        'package-list order, exactly as one run of the whole list would (the same data files, byte for byte); merged manifest ' +
        'and near-duplicate index; resumable (run it again after finishing missing shards). The OUTs of bugmine mine --shard i/N ' +
        'merge the same way: bugs.jsonl and fixes.jsonl.gz as one run of the whole repository list',
    )
    .argument('<SHARD_OUT...>', 'shard output directories, then the destination MERGED (the last argument, as for cp)')
    .addOption(jsonOption('the merge summary'))
    .action(async (paths: string[], options: { json?: boolean }) => {
      if (paths.length < 2) {
        program.error('error: merge needs at least one shard output and the destination: bugmine merge SHARD_OUT... MERGED', { exitCode: 2 });
      }
      const shards = paths.slice(0, -1);
      const merged = paths[paths.length - 1]!;
      const started = Date.now();
      if (await isMineShard(shards[0]!)) {
        await mergeMine(shards, merged, options.json === true, started);
        return;
      }
      const summary = await mergeShards(shards, merged, { logger: output });
      const seconds = (Date.now() - started) / 1000;
      if (options.json) output.result(JSON.stringify({ ...summary, seconds }) + '\n');
      else {
        output.result(`${summary.merged} packages merged, ${summary.resumed} already in ${merged}, ${summary.total} in the list (${seconds.toFixed(1)} s)\n`);
        const { files, samples } = summary.nearDuplicates;
        if (files > 0) output.result(`near-duplicate files dropped: ${files} (${samples} samples)\n`);
      }
      if (summary.missing.length > 0) {
        const byShard = new Map<string, number[]>();
        for (const missing of summary.missing) byShard.set(missing.shard, [...(byShard.get(missing.shard) ?? []), missing.position]);
        for (const [shard, positions] of byShard) {
          const dir = summary.missing.find((m) => m.shard === shard)!.shardDir;
          const shown = positions.slice(0, MISSING_SHOWN).join(', ') + (positions.length > MISSING_SHOWN ? ', ...' : '');
          output.log(`shard ${shard}${dir === null ? ' (not given)' : ` (${dir})`} has not finished ${positions.length} package(s), list positions ${shown}`);
        }
        output.log(`merged up to list position ${summary.missing[0]!.position}; finish those shards (run or resubmit them), then merge again`);
        process.exitCode = 1;
      }
    });
}

async function mergeMine(shards: string[], merged: string, json: boolean, started: number): Promise<void> {
  const summary = await mergeMineShards(shards, merged);
  const seconds = (Date.now() - started) / 1000;
  if (json) output.result(JSON.stringify({ ...summary, seconds }) + '\n');
  else {
    output.result(
      `${summary.merged} of ${summary.repositories} repositories merged into ${merged}: ${summary.bugs} bug lines (${summary.duplicates} duplicates), ` +
        `${summary.fixes} fix records (${seconds.toFixed(1)} s)\n`,
    );
  }
  if (summary.missing.length === 0) return;
  for (const missing of summary.missing.slice(0, MISSING_SHOWN)) {
    output.log(`${missing.repo} (list position ${missing.position}) is not finished in shard ${missing.shard}`);
  }
  if (summary.missing.length > MISSING_SHOWN) output.log(`... and ${summary.missing.length - MISSING_SHOWN} more`);
  output.log('finish those shards (run or resubmit them), then merge again');
  process.exitCode = 1;
}
