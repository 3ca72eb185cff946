/**
 * Entry point of one package job in its own process: `node package-job-main.js JOB.json`. Reads
 * the job, runs it and writes the result as `result.json` into the job's output directory, beside
 * the data file and signatures: all it hands back (a killed job leaves no result, and the caller
 * records a failure instead). Its stdout carries phase reports only (see phase.ts).
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { jobOutputDir, RESULT_FILE, runPackageJob, type PackageJob } from './package-job.js';
import { formatPhaseLine } from './phase.js';

const jobFile = process.argv[2];
if (jobFile === undefined) {
  process.stderr.write('usage: package-job-main JOB.json\n');
  process.exit(2);
}
const job = JSON.parse(await readFile(jobFile, 'utf8')) as PackageJob;
// The phases go to stdout, which the executor hands to the host's progress display.
const result = await runPackageJob(job, (report) => void process.stdout.write(formatPhaseLine(report)));
const temporary = join(job.workDir, `.${RESULT_FILE}.tmp`);
await writeFile(temporary, JSON.stringify(result));
await mkdir(jobOutputDir(job.workDir), { recursive: true });
await rename(temporary, join(jobOutputDir(job.workDir), RESULT_FILE));
