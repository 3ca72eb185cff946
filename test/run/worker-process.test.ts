// WorkerProcesses: a job as a child process group, its hand-back copied under the rules, its limits
// and an interrupt enforced on the whole group.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WorkerProcesses, type WorkerProcessJob } from '../../src/run/worker-process.js';

/** A job running `body` (an ES module) with its output directory as argv[2]. */
function job(body: string, limits = { wallMs: 30_000, cpuMs: null }): WorkerProcessJob & { hostDir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'bugmine-wproc-'));
  const script = join(dir, 'job.mjs');
  writeFileSync(script, body);
  const outDir = join(dir, 'out');
  const hostDir = join(dir, 'host');
  mkdirSync(hostDir);
  return { script: [script, outDir], outDir, handBack: { hostDir, files: { 'result.json': 100 } }, limits, hostDir };
}

const WRITE_RESULT = `import { mkdirSync, writeFileSync } from 'node:fs';
mkdirSync(process.argv[2]);
writeFileSync(process.argv[2] + '/result.json', '{}');
process.stdout.write('phase\\n');
process.stderr.write('done\\n');
process.exit(3);
`;

describe('WorkerProcesses', () => {
  it('copies what the job left, with its exit code, its log and its stdout', async () => {
    const run = job(WRITE_RESULT);
    const stdout: string[] = [];
    const outcome = await new WorkerProcesses(process.env).run({ ...run, onStdout: (chunk) => stdout.push(chunk.toString()) });
    expect(outcome).toMatchObject({ kind: 'ok', result: { handedBack: ['result.json'], exitCode: 3, log: 'done' } });
    expect(readFileSync(join(run.hostDir, 'result.json'), 'utf8')).toBe('{}');
    expect(stdout.join('')).toBe('phase\n');
  });

  it('rejects a hand-back that breaks the rules', async () => {
    const run = job(`import { mkdirSync, symlinkSync } from 'node:fs';
mkdirSync(process.argv[2]);
symlinkSync('/etc/passwd', process.argv[2] + '/result.json');
`);
    expect(await new WorkerProcesses(process.env).run(run)).toMatchObject({ kind: 'rejected', error: 'result.json: a symbolic link' });
  });

  it('kills a job at its wall-clock limit and says which limit hit', async () => {
    const outcome = await new WorkerProcesses(process.env).run(job('setInterval(() => {}, 1000);', { wallMs: 300, cpuMs: null }));
    expect(outcome).toMatchObject({ kind: 'timeout', limit: 'wall-clock', limitMs: 300 });
  });

  it('reports an interrupted job as interrupted, not as an outcome of the job', async () => {
    const processes = new WorkerProcesses(process.env);
    const running = processes.run(job('setInterval(() => {}, 1000);'));
    await new Promise((resolve) => setTimeout(resolve, 200));
    await processes.killAll();
    expect(await running).toEqual({ kind: 'interrupted' });
  });
});
