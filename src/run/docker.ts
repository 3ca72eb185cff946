/**
 * The Docker helpers every command with worker containers uses (extract, pypibugs, image, the
 * worker-docker checks): connecting, reachability and stale-container reaping.
 */
import Docker from 'dockerode';
import { reapStaleWorkers } from './worker-container.js';

export function connectDocker(): Docker {
  return new Docker();
}

/** True when a Docker daemon answers within `timeoutMs`. */
export async function dockerReachable(docker: Docker, timeoutMs = 3000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return await Promise.race([docker.ping().then(() => true, () => false), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Removes the worker containers of dead bugmine runs of this host (see run-identity.ts): never
 * another host's, never a live run's, whatever their pids.
 */
export function reapContainers(docker: Docker): Promise<number> {
  return reapStaleWorkers(docker);
}
