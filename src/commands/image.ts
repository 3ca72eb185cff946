import type { Command } from 'commander';
import type Docker from 'dockerode';
import { UserError } from '../errors.js';
import { connectDocker, dockerReachable } from '../run/docker.js';
import { baseImageTag, buildImage, imageTag } from '../run/image.js';
import { inspectImages, ownSize, planPrune, pruneImages, type ImageInventory, type PruneDecision, type PrunePolicy } from '../run/image-prune.js';
import { nonNegativeInteger } from './options.js';
import { output } from '../output.js';

async function reachableDocker(): Promise<Docker> {
  const docker = connectDocker();
  if (!(await dockerReachable(docker))) throw new UserError('no Docker daemon reachable (is dockerd running, and may this user use its socket?)');
  return docker;
}

async function currentPolicy(keepPrevious: number): Promise<PrunePolicy> {
  return { currentTag: await imageTag(), currentBaseTag: baseImageTag(), keepPrevious, minAgeMs: 0, now: Date.now() };
}

/** One line per image: reference, short id, created, own size (over its base), and what prune would do with it. */
function formatDecisions(decisions: readonly PruneDecision[], inventory: ImageInventory): string {
  const rows = decisions.map(({ image, keep, reason }) => [
    image.tags.length > 0 ? image.tags.join(',') : '<none>',
    image.id.replace(/^sha256:/, '').slice(0, 12),
    new Date(image.created).toISOString().replace(/\.\d+Z$/, 'Z'),
    `${(ownSize(image, inventory) / 1e6).toFixed(0)} MB`,
    keep ? `keep: ${reason}` : 'stale',
  ]);
  const table = [['IMAGE', 'ID', 'CREATED', 'OWN SIZE', 'PRUNE'], ...rows];
  const widths = table[0]!.map((_, c) => Math.max(...table.map((row) => row[c]!.length)));
  return table.map((row) => row.map((cell, c) => (c === 3 ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join('  ').trimEnd()).join('\n') + '\n';
}

export function register(program: Command): void {
  const image = program.command('image').description('the worker image of bugmine extract --executor docker');
  image
    .command('build')
    .description('builds the worker image offline (debootstrap from the host\'s apt mirror, then tar | docker import); only when bugmine\'s code changed; then removes stale worker images (as prune, sparing those younger than an hour)')
    .option('--force', 'build even when an image with this code\'s tag exists')
    .option('--no-prune', 'keep the stale worker images of earlier builds')
    .action(async (options: { force?: boolean; prune: boolean }) => {
      const docker = await reachableDocker();
      const tag = await buildImage(docker, { force: options.force === true, prune: options.prune, pin: false, log: output.log });
      output.result(tag + '\n');
    });
  image
    .command('tag')
    .description('prints the tag of the worker image for this build of bugmine')
    .action(async () => {
      output.result((await imageTag()) + '\n');
    });
  image
    .command('list')
    .description('bugmine\'s worker and base images on this daemon, newest first, with what prune would do with each')
    .option('--keep <N>', 'previous worker images prune would keep', nonNegativeInteger, 1)
    .option('--json', 'print the images as JSON lines')
    .action(async (options: { keep: number; json?: boolean }) => {
      const docker = await reachableDocker();
      const inventory = await inspectImages(docker);
      const decisions = planPrune(inventory, await currentPolicy(options.keep));
      if (options.json) for (const d of decisions) output.result(JSON.stringify({ ...d.image, ownSizeBytes: ownSize(d.image, inventory), keep: d.keep, reason: d.reason }) + '\n');
      else output.result(formatDecisions(decisions, inventory));
    });
  image
    .command('prune')
    .description('removes stale worker images: never the current one, one a container uses, or a base a kept image is built on; never images that are not bugmine\'s')
    .option('--keep <N>', 'most recent previous worker images to keep', nonNegativeInteger, 1)
    .option('--dry-run', 'only print what would be removed')
    .action(async (options: { keep: number; dryRun?: boolean }) => {
      const docker = await reachableDocker();
      const result = await pruneImages(docker, await currentPolicy(options.keep), { dryRun: options.dryRun === true });
      const stale = result.decisions.filter((d) => !d.keep);
      if (options.dryRun) {
        for (const { image } of stale) output.result(`would remove ${image.tags.length > 0 ? image.tags.join(' ') : image.id}\n`);
      } else {
        for (const reference of result.removed) output.result(`removed ${reference}\n`);
      }
      for (const { reference, error } of result.failed) output.log(`could not remove ${reference}: ${error}`);
      const kept = result.decisions.length - stale.length;
      output.log(`${stale.length} stale, ${kept} kept${options.dryRun ? ' (dry run)' : ''}`);
      if (result.failed.length > 0) process.exitCode = 1;
    });
}
