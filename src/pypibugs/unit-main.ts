/**
 * Entry point of one repository job in a worker container: `node unit-main.js JOB.json`. Reads
 * the job, runs it and writes the answer as `result.json` beside its samples file, in the
 * directory the host takes back (so a killed job leaves no result, and the caller records the
 * failure instead).
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { createCallResolver } from '../graph/passes/calls.js';
import { runRepositoryJob, UNIT_RESULT_FILE, type ContainerRepositoryJob } from './unit-job.js';

const jobFile = process.argv[2];
if (jobFile === undefined) {
  process.stderr.write('usage: unit-main JOB.json\n');
  process.exit(2);
}
const job = JSON.parse(await readFile(jobFile, 'utf8')) as ContainerRepositoryJob;
const result = await runRepositoryJob(job, createCallResolver({ pythonPath: [...job.pythonPath] }));
const temporary = join(dirname(jobFile), `.${UNIT_RESULT_FILE}.tmp`);
await writeFile(temporary, JSON.stringify(result));
await mkdir(dirname(job.output), { recursive: true });
await rename(temporary, join(dirname(job.output), UNIT_RESULT_FILE));
