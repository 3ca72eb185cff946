// Reaping stale worker containers by run and host: only this host's containers whose bugmine
// process is gone are removed; another host's (whatever its pid) and a live run's stay.
import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import type Docker from 'dockerode';
import { baseImageTag, imageExists } from '../../src/run/image.js';
import { HOST_LABEL, hostId, OWNER_LABEL, OWNER_START_LABEL, ownerLabels, processStart, RUN_LABEL } from '../../src/run/run-identity.js';
import { reapContainers, WORKER_LABEL } from '../../src/extract/docker-executor.js';
import { dockerGate } from '../helpers/docker.js';

const { docker, reachable } = await dockerGate('test/run/reap');
const TEST_LABEL = 'org.bugmine.test-reap';

describe.runIf(reachable)('reaping stale worker containers', () => {
  const created: Docker.Container[] = [];
  afterAll(async () => {
    for (const container of created) await container.remove({ force: true }).catch(() => undefined);
  });

  it('removes only the containers of dead runs of this host', async () => {
    // Any image will do for never-started containers: the worker base if there is one.
    const images = await docker.listImages();
    const image = (await imageExists(docker, baseImageTag())) ? baseImageTag() : images.find((i) => (i.RepoTags ?? []).some((t) => t !== '<none>:<none>'))?.RepoTags?.[0];
    expect(image, 'an image to create containers from').toBeDefined();
    const deadPid = spawnSync('true').pid!;
    const make = async (labels: Record<string, string>): Promise<string> => {
      const container = await docker.createContainer({ Image: image!, Cmd: ['true'], Labels: { [WORKER_LABEL]: '1', [TEST_LABEL]: '1', ...labels } });
      created.push(container);
      return container.id;
    };
    const ours = ownerLabels();
    const deadHere = await make({ ...ours, [RUN_LABEL]: 'dead-run', [OWNER_LABEL]: String(deadPid), [OWNER_START_LABEL]: '1' });
    // pid 1 is alive here, but its start time says it is not the process that made the container
    const reusedPid = await make({ ...ours, [RUN_LABEL]: 'reused-pid', [OWNER_LABEL]: '1', [OWNER_START_LABEL]: String(Number(processStart(1)) + 1) });
    const otherHost = await make({ ...ours, [RUN_LABEL]: 'other-host', [HOST_LABEL]: `not-${hostId()}`, [OWNER_LABEL]: String(deadPid) });
    const liveHere = await make({ ...ours, [RUN_LABEL]: 'live-run', [OWNER_LABEL]: String(process.ppid), [OWNER_START_LABEL]: processStart(process.ppid) });
    const thisRun = await make(ours);
    const unlabelled = await make({ [OWNER_LABEL]: String(deadPid) });

    await reapContainers(docker);
    const left = new Set((await docker.listContainers({ all: true, filters: { label: [TEST_LABEL] } })).map((c) => c.Id));
    expect(left.has(deadHere)).toBe(false);
    expect(left.has(reusedPid)).toBe(processStart(1) === '');
    expect(left.has(otherHost)).toBe(true);
    expect(left.has(liveHere)).toBe(true);
    expect(left.has(thisRun)).toBe(true);
    expect(left.has(unlabelled)).toBe(true);
  }, 120_000);
});
