// What a pypibugs unit's container hands back is checked before use: a result that does not answer
// the job's lines, or samples that are not what it says, fail the unit's lines instead of reaching OUT.
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeSamples } from '../../src/io/writer.js';
import { ContainerUnits } from '../../src/pypibugs/unit-executors.js';
import type { JobLine, RepositoryJob } from '../../src/pypibugs/unit-job.js';
import { parseUnitResult, UnitResultRejected } from '../../src/pypibugs/unit-result.js';
import { timeoutHit } from '../../src/run/time-limits.js';
import type { WorkerContainerJob, WorkerContainers } from '../../src/run/worker-container.js';

const lines = [{ line: 3, key: '3-abc' }, { line: 5, key: '5-def' }] as unknown as JobLine[];
const ok = (line: { line: number; key: string }, samples = 1) => ({ line: line.line, key: line.key, outcome: 'ok', verified: true, samples, function: 'f' });
const good = { results: [ok(lines[0]!), { line: 5, key: '5-def', outcome: 'parse-error', verified: false, details: 'bad', samples: 0 }], samples: 1 };

describe('parseUnitResult', () => {
  it('accepts an answer to every line in order', () => {
    expect(parseUnitResult(JSON.stringify(good), lines)).toEqual(good);
  });

  it('rejects answers to other lines, unknown outcomes and keys, and sample counts that do not add up', () => {
    const cases: [object, RegExp][] = [
      [{ ...good, results: [good.results[1], good.results[0]] }, /answers line 5, not line 3/],
      [{ ...good, results: [good.results[0]] }, /1 results for 2 lines/],
      [{ ...good, samples: 2 }, /the lines have 1 samples, the unit reports 2/],
      [{ ...good, results: [{ ...ok(lines[0]!), outcome: 'owned' }, good.results[1]] }, /outcome: "owned" is not one of/],
      [{ ...good, results: [{ ...ok(lines[0]!), path: '/etc/passwd' }, good.results[1]] }, /unknown key "path"/],
      [{ ...good, results: [good.results[0], { ...good.results[1], samples: 1 }], samples: 2 }, /has samples but outcome parse-error/],
    ];
    for (const [result, error] of cases) expect(() => parseUnitResult(JSON.stringify(result), lines), JSON.stringify(result)).toThrow(error);
    expect(() => parseUnitResult('[]', lines)).toThrow(UnitResultRejected);
  });
});

/** Containers that "run" a unit by leaving the given files in the hand-back directory. */
function fakeContainers(files: (dir: string) => Promise<string[]>): WorkerContainers {
  return {
    run: async (job: WorkerContainerJob) => ({ kind: 'ok', result: { handedBack: await files(job.handBack.hostDir), exitCode: 0, log: '' }, cpuMs: null }),
    killAll: async () => undefined,
  } as unknown as WorkerContainers;
}

describe('ContainerUnits', () => {
  const job = (out: string): RepositoryJob => ({ repo: 'https://example.org/r', gitDir: '/nonexistent', mountedReadOnly: false, lines, fixed: false, output: join(out, 'r.msgpack.l.gz') });
  const units = (files: (dir: string) => Promise<string[]>): ContainerUnits =>
    new ContainerUnits(fakeContainers(files), 1, { workRoot: mkdtempSync(join(tmpdir(), 'bugmine-units-')), timeoutMs: 1000, pythonPath: [] });

  it('renames checked samples into place', async () => {
    const out = mkdtempSync(join(tmpdir(), 'bugmine-units-out-'));
    const run = await units(async (dir) => {
      writeFileSync(join(dir, 'result.json'), JSON.stringify(good));
      await writeSamples(join(dir, 'samples.msgpack.l.gz'), [{ graph: { path: 'a.py' } }]);
      return ['result.json', 'samples.msgpack.l.gz'];
    }).run(job(out));
    expect(run).toMatchObject({ kind: 'ok', result: { samples: 1 } });
    expect(existsSync(join(out, 'r.msgpack.l.gz'))).toBe(true);
  });

  it("gives the container the unit's time limit and says so when it hits", async () => {
    const containers = {
      run: async (job: WorkerContainerJob) => timeoutHit('wall-clock', job.limits, Date.now() - job.limits.wallMs, null),
      killAll: async () => undefined,
    } as unknown as WorkerContainers;
    const run = await new ContainerUnits(containers, 1, { workRoot: mkdtempSync(join(tmpdir(), 'bugmine-units-')), timeoutMs: 7000, pythonPath: [] }).run(job(mkdtempSync(join(tmpdir(), 'bugmine-units-out-'))));
    expect(run).toMatchObject({ kind: 'timeout', limit: 'wall-clock', limitMs: 7000 });
  });

  it('fails the unit on samples that are not what the result says, and leaves nothing in OUT', async () => {
    const cases: [(dir: string) => Promise<unknown>, RegExp][] = [
      [async (dir) => writeSamples(join(dir, 'samples.msgpack.l.gz'), [{ a: 1 }, { b: 2 }]), /2 samples, but result\.json reports 1/],
      [async (dir) => writeSamples(join(dir, 'samples.msgpack.l.gz'), [7]), /sample 0 is not a map/],
      [async (dir) => writeFileSync(join(dir, 'samples.msgpack.l.gz'), 'plain text'), /not a gzip file/],
    ];
    for (const [make, error] of cases) {
      const out = mkdtempSync(join(tmpdir(), 'bugmine-units-out-'));
      const run = await units(async (dir) => {
        writeFileSync(join(dir, 'result.json'), JSON.stringify(good));
        await make(dir);
        return ['result.json', 'samples.msgpack.l.gz'];
      }).run(job(out));
      expect(run.kind).toBe('rejected');
      expect(run.kind === 'rejected' ? run.error : '').toMatch(error);
      expect(existsSync(join(out, 'r.msgpack.l.gz'))).toBe(false);
    }
    const missing = await units(async (dir) => {
      writeFileSync(join(dir, 'result.json'), JSON.stringify(good));
      return ['result.json'];
    }).run(job(mkdtempSync(join(tmpdir(), 'bugmine-units-out-'))));
    expect(missing).toMatchObject({ kind: 'rejected', error: expect.stringMatching(/^rejected the unit's result: samples\.msgpack\.l\.gz: missing/) });
  });
});
