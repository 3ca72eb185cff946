// Hostile packages with the local executor: their install code forges what the package job hands
// back (escaping and absolute output names, symbolic links to host files, a FIFO, a huge file, data
// that is not samples, unknown names and keys) and kills the job; the host takes none of it.
import { beforeAll, describe, it } from 'vitest';
import { runHostile, setUpHostile, type HostileSetup } from '../helpers/hostile-run.js';

const LONG = 600_000;

describe('bugmine extract --executor local with hostile packages', () => {
  let setup: HostileSetup;
  beforeAll(() => {
    setup = setUpHostile();
  });

  it('fails each hostile package with what was wrong, keeps the good ones, and leaves the host files alone, twice', async () => {
    await runHostile(setup, ['--executor', 'local']);
    await runHostile(setup, ['--executor', 'local', '--retry-failed']);
  }, LONG);
});
