// The pool starts a thread only when a job finds none idle (each costs its imports and warm-up),
// never more than its size, and a job that kills its thread fails alone.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ThreadPool } from '../../src/run/thread-pool.js';

// Plain JS (worker threads do not go through vitest's TypeScript transform), speaking serveJobs'
// protocol: doubles a number after a moment, exits on 'die'; counts its starts in `started`.
const WORKER = `
import { parentPort, workerData } from 'node:worker_threads';
Atomics.add(new Int32Array(workerData.started), 0, 1);
parentPort.on('message', ({ id, job }) => {
  if (job === 'die') process.exit(3);
  setTimeout(() => parentPort.postMessage({ id, result: job * 2 }), 30);
});
`;

const dir = mkdtempSync(join(tmpdir(), 'bugmine-thread-pool-'));
const script = pathToFileURL(join(dir, 'worker.mjs'));
writeFileSync(script, WORKER);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let pool: ThreadPool<number | string, number> | undefined;
let started: Int32Array;
afterEach(async () => pool?.close());

function newPool(size: number): ThreadPool<number | string, number> {
  const shared = new SharedArrayBuffer(4);
  started = new Int32Array(shared);
  pool = new ThreadPool<number | string, number>(script, size, { workerData: { started: shared } });
  return pool;
}

describe('ThreadPool', () => {
  it('starts no thread before the first job', async () => {
    const p = newPool(3);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(p.threads).toBe(0);
    expect(Atomics.load(started, 0)).toBe(0);
    expect(await p.run(1)).toBe(2);
    expect(p.threads).toBe(1);
    expect(Atomics.load(started, 0)).toBe(1);
  });

  it('starts a thread only when no started one is idle, up to its size', async () => {
    const p = newPool(3);
    expect(await Promise.all([p.run(1), p.run(2)])).toEqual([2, 4]);
    expect(p.threads).toBe(2);
    expect(await p.run(3)).toBe(6);
    expect(await p.run(4)).toBe(8);
    expect(p.threads).toBe(2);
    expect(await Promise.all([1, 2, 3, 4, 5].map((n) => p.run(n)))).toEqual([2, 4, 6, 8, 10]);
    expect(p.threads).toBe(3);
    expect(Atomics.load(started, 0)).toBe(3);
  });

  it('fails the job whose thread died, and starts another for the next job', async () => {
    const p = newPool(1);
    await expect(p.run('die')).rejects.toThrow('worker thread exited with code 3');
    expect(p.threads).toBe(0);
    expect(await p.run(5)).toBe(10);
    expect(p.threads).toBe(1);
    expect(Atomics.load(started, 0)).toBe(2);
  });
});
