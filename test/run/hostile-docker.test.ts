// Hostile packages in worker containers: their install code forges what the package job hands back
// (escaping and absolute output names, symbolic links to host files, a FIFO, a huge file, data that
// is not samples, unknown names and keys) and kills the job; the host takes none of it, and a
// finished run leaves no container of bugmine's behind (no worker, no image pin).
import { beforeAll, describe, expect, it } from 'vitest';
import { ownerGone } from '../../src/run/run-identity.js';
import { runCli } from '../helpers/cli.js';
import { dockerGate } from '../helpers/docker.js';
import { runHostile, setUpHostile, type HostileSetup } from '../helpers/hostile-run.js';

const { docker, reachable } = await dockerGate('test/run/hostile-docker');

const IMAGE_BUILD = 1_800_000;
const LONG = 900_000;

describe.runIf(reachable)('bugmine extract --executor docker with hostile packages', () => {
  let setup: HostileSetup;
  beforeAll(async () => {
    setup = setUpHostile();
    const built = await runCli(['image', 'build']);
    expect(built.code, built.stderr + built.stdout).toBe(0);
  }, IMAGE_BUILD);

  /** Containers that bugmine processes of this host left behind when they ended. */
  async function leftBehind(): Promise<string[]> {
    const containers = await docker.listContainers({ all: true });
    return containers.filter((c) => ownerGone(c.Labels)).map((c) => `${c.Names.join(',')} ${c.State} ${JSON.stringify(c.Labels)}`);
  }

  it('fails each hostile package with what was wrong, keeps the good ones, leaves the host files alone and no container behind, twice', async () => {
    await runHostile(setup, ['--executor', 'docker']);
    expect(await leftBehind()).toEqual([]);
    await runHostile(setup, ['--executor', 'docker', '--retry-failed']);
    expect(await leftBehind()).toEqual([]);
  }, LONG);
});
