/**
 * What `extract` and `pypibugs` do before running worker containers: reach the Docker daemon,
 * remove the stale containers of dead bugmine runs, and build (or reuse) the worker image.
 */
import type Docker from 'dockerode';
import { UserError } from '../errors.js';
import { connectDocker, dockerReachable, reapContainers } from '../extract/docker-executor.js';
import { baseImageBlocker, baseImageTag, buildImage, imageExists, imageTag } from '../run/image.js';

export interface WorkerDocker {
  readonly docker: Docker;
  readonly image: string;
}

/** Why worker containers cannot be used here (`--executor auto` then runs locally). */
export interface NoWorkerDocker {
  readonly unavailable: string;
}

/**
 * The daemon and image for worker containers. With `required` false (`--executor auto`), Docker is
 * used only when a daemon answers and the worker image exists or can be built on this machine;
 * otherwise the reason comes back and the caller falls back to local work. `image` is the user's
 * `--image`, if any.
 */
export async function prepareWorkerDocker(image: string | undefined, required: boolean, log: (line: string) => void): Promise<WorkerDocker | NoWorkerDocker> {
  const docker = connectDocker();
  if (!(await dockerReachable(docker))) {
    if (required) throw new UserError('--executor docker: no Docker daemon reachable (is dockerd running, and may this user use its socket?)');
    return { unavailable: 'no Docker daemon reachable' };
  }
  if (!required && image === undefined) {
    const unbuildable = await whyUnbuildable(docker);
    if (unbuildable !== null) return { unavailable: `Docker is reachable but the worker image is not there and cannot be built here: ${unbuildable}` };
  }
  const reaped = await reapContainers(docker);
  if (reaped > 0) log(`removed ${reaped} stale worker container(s)`);
  let tag: string;
  try {
    tag = image ?? (await buildImage(docker, { log }));
  } catch (error) {
    if (required || !(error instanceof UserError)) throw error;
    return { unavailable: `building the worker image failed: ${error.message}` };
  }
  log(`docker executor, image ${tag}`);
  return { docker, image: tag };
}

/** Null when the worker image exists or can be built (its base exists, or debootstrap can make it). */
async function whyUnbuildable(docker: Docker): Promise<string | null> {
  if (await imageExists(docker, await imageTag())) return null;
  if (await imageExists(docker, baseImageTag())) return null;
  return baseImageBlocker();
}
