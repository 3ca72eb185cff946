// Worker-thread entry of pypibugs: runs the repository jobs it is sent, one at a time.
import { parentPort, workerData } from 'node:worker_threads';
import { createCallResolver } from '../graph/passes/calls.js';
import { serveJobs } from '../run/thread-pool.js';
import { runRepositoryJob, type RepositoryJob, type RepositoryJobResult } from './unit-job.js';

const { pythonPath } = workerData as { pythonPath: string[] };
const callResolver = createCallResolver({ pythonPath });
serveJobs<RepositoryJob, RepositoryJobResult>(parentPort!, (job) => runRepositoryJob(job, callResolver));
