/**
 * What `extract` and `pypibugs` do before running worker containers: reach the Docker daemon,
 * remove the stale containers of dead bugmine runs, and build (or reuse) the worker image.
 */
import type Docker from 'dockerode';
import { UserError } from '../errors.js';
import { connectDocker, dockerReachable, reapContainers } from '../run/docker-executor.js';
import { buildImage } from '../run/image.js';

export interface WorkerDocker {
  readonly docker: Docker;
  readonly image: string;
}

/**
 * The daemon and image for worker containers, or null when no daemon answers and `required` is
 * false (the caller falls back to local work). `image` is the user's `--image`, if any.
 */
export async function prepareWorkerDocker(image: string | undefined, required: boolean, log: (line: string) => void): Promise<WorkerDocker | null> {
  const docker = connectDocker();
  if (!(await dockerReachable(docker))) {
    if (required) throw new UserError('--executor docker: no Docker daemon reachable (is dockerd running, and may this user use its socket?)');
    return null;
  }
  const reaped = await reapContainers(docker);
  if (reaped > 0) log(`removed ${reaped} stale worker container(s)`);
  const tag = image ?? (await buildImage(docker, { log }));
  log(`docker executor, image ${tag}`);
  return { docker, image: tag };
}
