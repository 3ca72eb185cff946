import type { Command } from 'commander';
import { UserError } from '../errors.js';
import { connectDocker, dockerReachable } from '../run/docker-executor.js';
import { buildImage, imageTag } from '../run/image.js';

export function register(program: Command): void {
  const image = program.command('image').description('the worker image of bugmine extract --executor docker');
  image
    .command('build')
    .description('builds the worker image offline (debootstrap from the host\'s apt mirror, then tar | docker import); only when bugmine\'s code changed')
    .option('--force', 'build even when an image with this code\'s tag exists')
    .action(async (options: { force?: boolean }) => {
      const docker = connectDocker();
      if (!(await dockerReachable(docker))) throw new UserError('no Docker daemon reachable (is dockerd running, and may this user use its socket?)');
      const tag = await buildImage(docker, { force: options.force === true, log: (line) => process.stderr.write(`bugmine: ${line}\n`) });
      process.stdout.write(tag + '\n');
    });
  image
    .command('tag')
    .description('prints the tag of the worker image for this build of bugmine')
    .action(async () => {
      process.stdout.write((await imageTag()) + '\n');
    });
}
