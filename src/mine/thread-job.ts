/**
 * One repository mined on a worker thread: the job the main thread sends (a local clone, the name
 * to write, plain options) and the control block they share. The block is how the two sides talk
 * while the job runs: the main thread raises `STOP` (an interrupt), the thread counts commits and
 * finds (progress). The result comes back as a structured clone and is checked (mined-check.ts).
 */
import type { HistoryOptions } from './history.js';
import { mineRepository, type RepositoryMined } from './repository.js';

export interface MineThreadJob {
  readonly dir: string;
  readonly repo: string;
  readonly options: HistoryOptions & { readonly maxActions: number; readonly maxFileBytes: number };
  /** Int32 slots, see `Control`. */
  readonly control: SharedArrayBuffer;
}

export const Control = { stop: 0, commits: 1, found: 2, slots: 3 } as const;

export function newControl(): Int32Array {
  return new Int32Array(new SharedArrayBuffer(Control.slots * Int32Array.BYTES_PER_ELEMENT));
}

/** The thread side: mines the job's clone, stopping between commits once `STOP` is raised. */
export function runMineThreadJob(job: MineThreadJob): Promise<RepositoryMined> {
  const control = new Int32Array(job.control);
  return mineRepository(job.dir, job.repo, {
    ...job.options,
    stopped: () => Atomics.load(control, Control.stop) !== 0,
    onCommit: (found) => {
      Atomics.add(control, Control.commits, 1);
      Atomics.store(control, Control.found, found);
    },
  });
}
