// checkExited: how a job's executor turns what an exited worker handed back into the job's outcome,
// in the same words for every job.
import { describe, expect, it } from 'vitest';
import { checkExited, ResultRejected, type Exited, type JobOutcome } from '../../src/run/executor.js';
import { timeoutHit } from '../../src/run/time-limits.js';

const naming = { job: 'the unit', worker: 'worker container' };
const exited = (handedBack: string[]): JobOutcome<Exited> => ({ kind: 'ok', result: { handedBack, exitCode: 3, log: 'Traceback' }, cpuMs: 1500 });

describe('checkExited', () => {
  it('gives the checked result, with the CPU time the host measured', async () => {
    const check = async ({ handedBack }: Exited) => handedBack.length;
    expect(await checkExited(exited(['result.json', 'x']), naming, 'result.json', check)).toEqual({ kind: 'ok', result: 2, cpuMs: 1500 });
  });

  it('says the worker crashed when it left no result, with its exit code and log', async () => {
    const outcome = await checkExited(exited(['x']), naming, 'result.json', () => expect.fail('checked without a result'));
    expect(outcome).toEqual({ kind: 'crashed', error: 'worker container exited with code 3 without a result: Traceback', cpuMs: 1500 });
  });

  it('rejects a result its check refuses, and lets any other error through', async () => {
    const refused = await checkExited(exited(['result.json']), naming, 'result.json', async () => {
      throw new ResultRejected('result.json: 1 results for 2 lines');
    });
    expect(refused).toEqual({ kind: 'rejected', error: "rejected the unit's result: result.json: 1 results for 2 lines", cpuMs: 1500 });
    const broken = checkExited(exited(['result.json']), naming, 'result.json', async () => {
      throw new Error('EIO');
    });
    await expect(broken).rejects.toThrow('EIO');
  });

  it('names the job in a hand-back that broke the rules, and passes the other outcomes on', async () => {
    const check = () => expect.fail('checked a job that did not finish');
    expect(await checkExited({ kind: 'rejected', error: 'x: a symbolic link', cpuMs: null }, naming, 'result.json', check)).toEqual({
      kind: 'rejected',
      error: 'rejected what the unit handed back: x: a symbolic link',
      cpuMs: null,
    });
    const timeout = timeoutHit('cpu', { wallMs: 60_000, cpuMs: 5000 }, Date.now(), 5100);
    for (const outcome of [timeout, { kind: 'crashed', error: 'no image', cpuMs: null }, { kind: 'interrupted' }] as const) {
      expect(await checkExited(outcome, naming, 'result.json', check)).toBe(outcome);
    }
  });
});

describe('timeoutHit', () => {
  it('carries the limit that hit', () => {
    const limits = { wallMs: 60_000, cpuMs: 5000 };
    expect(timeoutHit('cpu', limits, Date.now(), 5100)).toMatchObject({ kind: 'timeout', limit: 'cpu', limitMs: 5000, cpuMs: 5100 });
    expect(timeoutHit('wall-clock', limits, Date.now() - 60_000, null)).toMatchObject({ limit: 'wall-clock', limitMs: 60_000, cpuMs: null });
  });
});
